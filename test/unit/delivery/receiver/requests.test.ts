/** The receiver's gates over real HTTP: POST and HEAD only (405 with Allow), JSON only (415). */
import { assertRefused, closeReceivers, json, report, request, type Refusal } from '../../helpers/receiver';

describe('delivery receiver: requests', function () {
  this.timeout(20_000);

  afterEach(closeReceivers);

  describe('refusals: a 4xx, one log line, nothing taken, the token never logged', () => {
    const cases: Refusal[] = [
      { name: 'GET', status: 405, log: /GET.*405/, send: (r) => request(r.localBaseUrl, { method: 'GET' }) },
      { name: 'PUT', status: 405, log: /PUT.*405/, send: (r) => request(`${r.localBaseUrl}/prod`, { method: 'PUT', headers: json, body: report() }) },
      { name: 'text/plain', status: 415, log: /text\/plain.*415/, send: (r) => request(r.localBaseUrl, { headers: { 'Content-Type': 'text/plain' }, body: report() }) },
      { name: 'a form', status: 415, log: /415/, send: (r) => request(r.localBaseUrl, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' }) },
      { name: 'no Content-Type', status: 415, log: /415/, send: (r) => request(r.localBaseUrl, { body: report() }) },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.status}`, () => assertRefused(c));
    }
  });
});
