/**
 * The customer's events over real HTTP: an app webhook's MO and postback posted to the receiver's
 * token paths, told apart from reports by the body's shape, with the reports' defences (signature
 * when the environment has a secret, size limit, unknown paths), and answered 200 only once kept:
 * a handler that throws or rejects gets 500 (Webex Connect posts it again).
 */
import * as assert from 'node:assert';
import { moEventBody, postbackEventBody } from '../../../../src/core/inbound/bodies';
import type { InboundEvent } from '../../../../src/core/inbound/events';
import { type ReceivedMeta, startReceiver } from '../../../../src/core/delivery/receiver';
import { SECRET, TOKEN, assertNothingSecretLogged, closeReceivers, harness, hmac, json, openReceivers, report, request } from '../../helpers/receiver';

const AT = '2026-12-03T09:00:00.000Z';
const moBody = JSON.stringify(moEventBody({ waid: '919900000001', appId: 'a_1', at: AT }, { text: 'Is my order on its way?' }));
const tapBody = JSON.stringify(postbackEventBody({ waid: '919900000001', appId: 'a_1', at: AT }, { transid: 'send-1', buttonPayload: 'confirm', buttonText: 'Confirm' }));

/** A harness that also keeps the events it is handed. */
async function withEvents(secrets: Record<string, string> = {}) {
  const events: { event: InboundEvent; meta: ReceivedMeta }[] = [];
  const h = await harness(secrets, { onEvent: (event, meta) => void events.push({ event, meta }) });
  return { ...h, events };
}

describe('delivery receiver: the customer\'s events', function () {
  this.timeout(20_000);

  afterEach(closeReceivers);

  it('hands an MO posted to an environment\'s path to onEvent (not onReport), 200', async () => {
    const { receiver, events, taken } = await withEvents();
    const r = await request(`${receiver.localBaseUrl}/sandbox`, { headers: json, body: moBody });
    assert.strictEqual(r.status, 200, r.text);
    assert.strictEqual(taken.length, 0);
    assert.strictEqual(events.length, 1);
    const { event, meta } = events[0];
    assert.strictEqual(event.type, 'message');
    assert.strictEqual(event.type === 'message' && event.text, 'Is my order on its way?');
    assert.strictEqual(event.waid, '919900000001');
    assert.strictEqual(event.at, AT);
    assert.strictEqual(meta.environment, 'sandbox');
    assert.strictEqual(event.receivedAt, meta.receivedAt);
  });

  it('hands a postback to onEvent as a tap on the send\'s transid, and a report on the same path still to onReport', async () => {
    const { receiver, events, taken } = await withEvents();
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: tapBody })).status, 200);
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report('send-1') })).status, 200);
    assert.strictEqual(events.length, 1);
    assert.strictEqual(events[0].event.type === 'tap' && events[0].event.transid, 'send-1');
    assert.strictEqual(taken.length, 1);
    assert.strictEqual(taken[0].report.transid, 'send-1');
  });

  it('keeps an object it does not recognise as an unknown event (200), and refuses JSON that is not an object (400)', async () => {
    const { receiver, events, logs } = await withEvents();
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: '{"hello":"world"}' })).status, 200);
    assert.strictEqual(events[0].event.type, 'unknown');
    const r = await request(receiver.localBaseUrl, { headers: json, body: '[1,2]' });
    assert.strictEqual(r.status, 400);
    assert.strictEqual(events.length, 1);
    assert.strictEqual(logs.length, 1, logs.join('\n'));
  });

  it('keeps an event nested 30,000 deep within the size limit (200), and keeps serving', async () => {
    const { receiver, events } = await withEvents();
    const deep = `{"event":"MO","waid":"919900000001","message":"deep","x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: deep })).status, 200);
    assert.strictEqual(events[0].event.type === 'message' && events[0].event.text, 'deep');
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: moBody })).status, 200);
  });

  it('without onEvent, a body that is not a report is refused as before (400)', async () => {
    const { receiver, taken } = await harness();
    const r = await request(receiver.localBaseUrl, { headers: json, body: moBody });
    assert.strictEqual(r.status, 400);
    assert.match(r.text, /deliveryInfoNotification/);
    assert.strictEqual(taken.length, 0);
  });

  it('asks for the signature when the environment has a webhook secret: none 401, wrong 401, right 200', async () => {
    const { receiver, events, logs } = await withEvents({ prod: SECRET });
    const url = `${receiver.localBaseUrl}/prod`;
    assert.strictEqual((await request(url, { headers: json, body: moBody })).status, 401);
    assert.strictEqual((await request(url, { headers: { ...json, 'x-hub-signature': `sha256=${hmac('sha256', moBody, 'another secret')}` }, body: moBody })).status, 401);
    assert.strictEqual(events.length, 0);
    assert.strictEqual((await request(url, { headers: { ...json, 'x-hub-signature': `sha256=${hmac('sha256', moBody)}` }, body: moBody })).status, 200);
    assert.strictEqual(events.length, 1);
    assertNothingSecretLogged(logs);
  });

  it('refuses an event to an unknown path (404) and one past the size limit (413), keeping nothing', async () => {
    const { receiver, events } = await withEvents();
    assert.strictEqual((await request(`http://127.0.0.1:${receiver.port}/not-the-token`, { headers: json, body: moBody })).status, 404);
    const big = JSON.stringify(moEventBody({ waid: '1', appId: 'a' }, { text: 'x'.repeat(70 * 1024) }));
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: big })).status, 413);
    assert.strictEqual(events.length, 0);
  });

  describe('200 only once kept', () => {
    for (const how of ['throws', 'rejects'] as const) {
      it(`answers 500 when onEvent ${how}, logs it without the token, and 200 once it keeps the event`, async () => {
        const logs: string[] = [];
        let calls = 0;
        const receiver = await startReceiver({
          token: TOKEN,
          secretFor: () => undefined,
          onReport: () => undefined,
          onEvent: () => {
            calls++;
            if (calls > 1) return Promise.resolve();
            if (how === 'throws') throw new Error('workspace state unwritable');
            return Promise.reject(new Error('workspace state unwritable'));
          },
          log: (line) => logs.push(line),
        });
        openReceivers.push(receiver);
        assert.strictEqual((await request(`${receiver.localBaseUrl}/sandbox`, { headers: json, body: moBody })).status, 500);
        assert.match(logs.join('\n'), /"919900000001".*workspace state unwritable.*500/);
        assertNothingSecretLogged(logs);
        assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: moBody })).status, 200);
        assert.strictEqual(calls, 2);
      });
    }

    it('answers a report only once onReport\'s promise settles: 500 when it rejects, 200 after it resolves', async () => {
      let release: () => void = () => undefined;
      let calls = 0;
      const receiver = await startReceiver({
        token: TOKEN,
        secretFor: () => undefined,
        onReport: () => {
          calls++;
          if (calls === 1) return Promise.reject(new Error('disk full'));
          return new Promise<void>((resolve) => (release = resolve));
        },
      });
      openReceivers.push(receiver);
      assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 500);
      let answered = false;
      const pending = request(receiver.localBaseUrl, { headers: json, body: report() }).then((r) => ((answered = true), r));
      await new Promise((r) => setTimeout(r, 200));
      assert.strictEqual(answered, false, 'answered before the report was stored');
      release();
      assert.strictEqual((await pending).status, 200);
    });
  });
});
