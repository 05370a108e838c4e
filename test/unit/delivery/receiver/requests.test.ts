/** The receiver's gates over real HTTP: POST and HEAD only (405 with Allow; CONNECT too, which Node hands to no request handler), JSON only (415). */
import * as http from 'node:http';
import { type Answer, assertRefused, closeReceivers, json, report, request, type Refusal } from '../../helpers/receiver';

/** A CONNECT with node:http: the answer comes as the request's 'connect' event (or 'response'); a socket closed unanswered is status 0. */
function connect(port: number, target: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'CONNECT', path: target, agent: false });
    const done = (res: http.IncomingMessage, socket?: { destroy(): void }) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      socket?.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
    };
    req.on('connect', (res, socket) => done(res, socket));
    req.on('response', (res) => done(res));
    req.on('error', () => resolve({ status: 0, headers: {}, text: '' }));
    req.end();
  });
}

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
      { name: 'CONNECT to a host (a client taking it for a proxy)', status: 405, log: /"CONNECT" refused.*405/, send: (r) => connect(r.port, 'example.com:443') },
      { name: 'CONNECT to the token path', status: 405, log: /"CONNECT" refused.*405/, send: (r) => connect(r.port, r.path) },
      ...['DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH', 'MKCOL', 'PURGE'].map(
        // Content-Length given: node:http sends DELETE's and OPTIONS's bodies without one (nor chunked), which would read as a second request.
        (method): Refusal => ({ name: method, status: 405, log: new RegExp(`"${method}".*405`), send: (r) => request(`${r.localBaseUrl}/prod`, { method, headers: method === 'TRACE' ? json : { ...json, 'Content-Length': Buffer.byteLength(report()) }, body: method === 'TRACE' ? undefined : report() }) }),
      ),
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.status}`, () => assertRefused(c));
    }
  });
});
