/** Taking reports over real HTTP: a good one handed to onReport once, bodies that are not reports refused with 400 saying why, onReport failing. */
import * as assert from 'node:assert';
import { startReceiver } from '../../../../src/core/delivery/receiver';
import { TOKEN, assertRefused, closeReceivers, harness, json, openReceivers, report, request, type Refusal } from '../../helpers/receiver';

describe('delivery receiver: deliveries', function () {
  this.timeout(20_000);

  afterEach(closeReceivers);

  it('takes an unsigned report when the environment has no secret: 200, onReport once', async () => {
    const { receiver, taken, secretsAsked } = await harness();
    const body = report('t-1', '7501', 'Submitted');
    const before = Date.now();
    const r = await request(`${receiver.localBaseUrl}/sandbox`, { headers: json, body });
    assert.strictEqual(r.status, 200, r.text);
    assert.strictEqual(taken.length, 1);
    assert.deepStrictEqual(secretsAsked, ['sandbox']);
    const { report: got, meta } = taken[0];
    assert.strictEqual(got.transid, 't-1');
    assert.strictEqual(got.state, 'Submitted');
    assert.strictEqual(got.code, '7501');
    assert.strictEqual(got.destination, '16505551234');
    assert.strictEqual(meta.environment, 'sandbox');
    assert.ok(Date.parse(meta.receivedAt) >= before - 1000 && Date.parse(meta.receivedAt) <= Date.now() + 1000, meta.receivedAt);
  });

  describe('refusals: a 4xx, one log line, nothing taken, the token never logged', () => {
    const cases: Refusal[] = [
      { name: 'malformed JSON', status: 400, log: /not JSON.*400/, send: (r) => request(r.localBaseUrl, { headers: json, body: '{"deliveryInfoNotification": {' }) },
      { name: 'an empty body', status: 400, log: /not JSON/, send: (r) => request(r.localBaseUrl, { headers: json, body: '' }) },
      { name: 'JSON that is not a report', status: 400, log: /deliveryInfoNotification/, send: (r) => request(r.localBaseUrl, { headers: json, body: '{"hello":"world"}' }) },
      { name: 'a report without a transid', status: 400, log: /transid/, send: (r) => request(r.localBaseUrl, { headers: json, body: report('') }) },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.status}`, () => assertRefused(c));
    }

    it('says why a body is not a report, in the answer', async () => {
      const { receiver } = await harness();
      const r = await request(receiver.localBaseUrl, { headers: json, body: '[1,2]' });
      assert.strictEqual(r.status, 400);
      assert.strictEqual(r.text.trim(), 'The body has no "deliveryInfoNotification" object.');
    });
  });

  it('answers 500 and keeps serving when onReport throws', async () => {
    const logs: string[] = [];
    let calls = 0;
    const receiver = await startReceiver({
      token: TOKEN,
      secretFor: () => undefined,
      onReport: () => {
        calls++;
        if (calls === 1) throw new Error('disk full');
      },
      log: (line) => logs.push(line),
    });
    openReceivers.push(receiver);
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 500);
    assert.match(logs.join('\n'), /disk full/);
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 200);
    assert.strictEqual(calls, 2);
  });
});
