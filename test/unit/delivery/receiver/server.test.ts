/**
 * startReceiver over real HTTP on 127.0.0.1: the token as its one path, a token of its own when
 * given none, a closing that waits for no one, and a burst of 1,000 reports across 100 sends
 * taken with none lost.
 */
import * as assert from 'node:assert';
import * as http from 'node:http';
import { type DeliveryReport, deliveryReportBody } from '../../../../src/core/delivery/reports';
import { startReceiver } from '../../../../src/core/delivery/receiver';
import { SECRET, TOKEN, closeReceivers, harness, head, hmac, json, openReceivers, raw, request } from '../../helpers/receiver';

describe('delivery receiver: server', function () {
  this.timeout(20_000);

  afterEach(closeReceivers);

  it('listens on 127.0.0.1 with the token as its one path', async () => {
    const { receiver } = await harness();
    assert.strictEqual(receiver.path, `/${TOKEN}`);
    assert.strictEqual(receiver.localBaseUrl, `http://127.0.0.1:${receiver.port}/${TOKEN}`);
    assert.ok(receiver.port > 0);
  });

  it('makes an unguessable token of its own when given none', async () => {
    const options = { secretFor: () => undefined, onReport: () => undefined };
    const a = await startReceiver(options);
    const b = await startReceiver(options);
    openReceivers.push(a, b);
    // 32 random bytes in base64url are 43 characters.
    assert.match(a.token, /^[A-Za-z0-9_-]{43}$/);
    assert.notStrictEqual(a.token, b.token);
    assert.strictEqual(a.path, `/${a.token}`);
    assert.notStrictEqual(a.port, b.port);
  });

  it('refuses a short or URL-unsafe token', async () => {
    await assert.rejects(startReceiver({ token: 'short', secretFor: () => undefined, onReport: () => undefined }), /token/);
    await assert.rejects(startReceiver({ token: 'has/a/slash/in/it/0000', secretFor: () => undefined, onReport: () => undefined }), /token/);
  });

  it('closes promptly with a stalled client still connected', async () => {
    const { receiver } = await harness();
    const { received } = raw(receiver.port, head(receiver.path, 'Content-Length: 100\r\n') + '{');
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await receiver.close();
    await received;
    assert.ok(Date.now() - started < 2000);
    openReceivers.splice(openReceivers.indexOf(receiver), 1);
  });

  it('takes a burst of 1,000 reports across 100 sends, 50 in flight, none lost, each matched to its transid', async function () {
    this.timeout(60_000);
    const { receiver, taken } = await harness({ prod: SECRET });
    const transids = Array.from({ length: 100 }, (_, i) => `burst-${String(i).padStart(3, '0')}-0b8e`);
    const states: [DeliveryReport['state'], string][] = [['Submitted', '7501'], ['Delivered', '7500'], ['Read', '7502']];
    const jobs = Array.from({ length: 1000 }, (_, i) => {
      const transid = transids[i % 100];
      const [state, code] = states[Math.floor(i / 100) % 3];
      const destination = `1650555${String(Math.floor(i / 100)).padStart(4, '0')}`;
      return { transid, destination, body: deliveryReportBody({ transid, destination, state, code }) };
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          const r = await request(`${receiver.localBaseUrl}/prod`, {
            headers: { ...json, 'x-hub-signature': `sha512=${hmac('sha512', job.body)}` },
            body: job.body,
            agent,
          });
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      }),
    );
    agent.destroy();
    assert.deepStrictEqual([...statuses], [[200, 1000]]);
    assert.strictEqual(taken.length, 1000);
    const perTransid = new Map<string, Set<string>>();
    for (const { report: got } of taken) {
      if (!perTransid.has(got.transid)) perTransid.set(got.transid, new Set());
      perTransid.get(got.transid)?.add(got.destination);
    }
    assert.deepStrictEqual([...perTransid.keys()].sort(), transids);
    // Each send got its ten reports, one per destination: none lost, none duplicated, none crossed.
    for (const [transid, destinations] of perTransid) assert.strictEqual(destinations.size, 10, transid);
  });
});
