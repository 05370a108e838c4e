/**
 * The sandbox's delivery reports: Submitted → Delivered → Read per recipient, failures on demand,
 * signatures, loopback notify URLs only, what reset() cancels, and how many are in flight at once.
 */
import * as assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import * as http from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { type DeliveryReport, deliveryCodeInfo, signatureMatches } from '../../../src/core/delivery/reports';
import { type Receiver, startReceiver as startDeliveryReceiver } from '../../../src/core/delivery/receiver';
import { isLoopbackUrl, startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { KEY, type Json, assertError, assertQueued, closeServer, ids, imagePayload, send, sleep, startReceiver, waitFor } from '../helpers/sandbox';

describe('sandbox delivery reports', () => {
  let sandbox: Sandbox;
  const logLines: string[] = [];
  const receivers: http.Server[] = [];
  const deliveryReceivers: Receiver[] = [];
  const extraSandboxes: Sandbox[] = [];

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 20, log: (l) => logLines.push(l) });
  });
  beforeEach(() => sandbox.reset());
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map(closeServer));
    await Promise.all(deliveryReceivers.splice(0).map((r) => r.close()));
    await Promise.all(extraSandboxes.splice(0).map((s) => s.close()));
  });
  after(() => sandbox.close());

  /** What a recipient's reports said, in the order they arrived. */
  const sequence = (got: DeliveryReport[], destination: string) => got.filter((r) => r.destination === destination).map((r) => `${r.state} ${r.code}`);

  /** The delivery receiver of src/core on a free port, keeping every report it takes. */
  async function realReceiver(secret?: string): Promise<{ receiver: Receiver; taken: DeliveryReport[]; logs: string[] }> {
    const taken: DeliveryReport[] = [];
    const logs: string[] = [];
    const receiver = await startDeliveryReceiver({ secretFor: () => secret, onReport: (r) => taken.push(r), log: (l) => logs.push(l) });
    deliveryReceivers.push(receiver);
    return { receiver, taken, logs };
  }

  it('posts Submitted → Delivered → Read in the reference shape, per recipient, a delay apart', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    const payload = imagePayload({
      destination: [{ waid: ['919900000001', '919900000002'] }],
      notifyurl: `${receiver.url}/dr?x=1`,
      correlationid: 'order-42',
      callbackData: 'cb-data',
    });
    const transid = assertQueued(await send(sandbox, payload));
    await waitFor('six delivery reports', () => receiver.hits.length === 6 && sandbox.reports.length === 6);
    const bodies = receiver.hits.map((h) => JSON.parse(h.body) as { deliveryInfoNotification: { deliveryInfo: Json } });
    for (const hit of receiver.hits) {
      assert.strictEqual(hit.method, 'POST');
      assert.strictEqual(hit.path, '/dr?x=1');
      assert.strictEqual(hit.contentType, 'application/json');
      assert.strictEqual(hit.signature, undefined, 'unsigned without a webhook secret');
    }
    const first = bodies.find((b) => b.deliveryInfoNotification.deliveryInfo.destination === '919900000001');
    assert.ok(first);
    const timeStamp = first.deliveryInfoNotification.deliveryInfo.timeStamp as string;
    assert.match(timeStamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepStrictEqual(first, {
      deliveryInfoNotification: {
        deliveryInfo: {
          deliveryChannel: 'whatsapp',
          Description: 'Submitted',
          destinationType: 'waid',
          timeStamp,
          code: '7501',
          additionalInfo: '',
          deliveryStatus: 'Submitted',
          destination: '919900000001',
        },
        subtid: '',
        correlationid: 'order-42',
        callbackData: 'cb-data',
        transid,
      },
    });
    for (const destination of ['919900000001', '919900000002']) {
      const mine = bodies.filter((b) => b.deliveryInfoNotification.deliveryInfo.destination === destination).map((b) => b.deliveryInfoNotification.deliveryInfo);
      assert.deepStrictEqual(mine.map((i) => `${i.deliveryStatus as string} ${i.code as string}`), ['Submitted 7501', 'Delivered 7500', 'Read 7502']);
      const times = mine.map((i) => Date.parse(i.timeStamp as string));
      // One step per delivery delay (20 ms here), never two at once.
      assert.ok(times[1] - times[0] >= 15 && times[2] - times[1] >= 15, `steps ${times.join(', ')}`);
      const recorded = sandbox.reports.filter((r) => r.destination === destination);
      assert.deepStrictEqual(recorded.map((r) => [r.transid, r.state, r.code, r.status, r.signed, r.url]), [
        [transid, 'Submitted', '7501', 200, false, `${receiver.url}/dr?x=1`],
        [transid, 'Delivered', '7500', 200, false, `${receiver.url}/dr?x=1`],
        [transid, 'Read', '7502', 200, false, `${receiver.url}/dr?x=1`],
      ]);
    }
    await sleep(100);
    assert.strictEqual(receiver.hits.length, 6, 'nothing more after Read');
  });

  it('fills empty correlationid and callbackData and reports a bsuid recipient too', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    const transid = assertQueued(await send(sandbox, imagePayload({ destination: [{ bsuid: ['US.bsuid.1'] }], notifyurl: receiver.url + '/' })));
    await waitFor('the delivery reports', () => receiver.hits.length === 3);
    for (const hit of receiver.hits) {
      const n = (JSON.parse(hit.body) as { deliveryInfoNotification: Json }).deliveryInfoNotification;
      assert.strictEqual(n.correlationid, '');
      assert.strictEqual(n.callbackData, '');
      assert.strictEqual(n.transid, transid);
      assert.strictEqual((n.deliveryInfo as Json).destination, 'US.bsuid.1');
    }
  });

  it('gives each of several recipients its own reports, taken by the real receiver', async () => {
    const { receiver, taken } = await realReceiver();
    const recipients = ['16505550001', '16505550002', '16505550003', 'US.bsuid.9'];
    const transid = assertQueued(
      await send(sandbox, imagePayload({ destination: [{ waid: recipients.slice(0, 2) }, { waid: [recipients[2]], bsuid: [recipients[3]] }], notifyurl: `${receiver.localBaseUrl}/sandbox` })),
    );
    await waitFor('twelve reports', () => taken.length === 12 && sandbox.reports.length === 12);
    assert.ok(taken.every((r) => r.transid === transid));
    for (const d of recipients) assert.deepStrictEqual(sequence(taken, d), ['Submitted 7501', 'Delivered 7500', 'Read 7502'], d);
    const reportLines = logLines.filter((l) => l.includes(transid) && l.startsWith('delivery report'));
    assert.strictEqual(reportLines.length, 12, 'one log line per report');
    assert.ok(
      logLines.every((l) => !l.includes(receiver.token)),
      "the receiver's token (in the notify URL's path) is in no log line",
    );
  });

  // Written out here from ISSUE 12 and docs/sandbox.md, not read from the sandbox's table.
  const triggers: { name: string; destination?: string; mediaUrl?: string; expected: string[] }[] = [
    { name: 'a recipient ending in 7865', destination: '16505557865', expected: ['Submitted 7501', 'Failed 7865'] },
    { name: 'a recipient ending in 7710', destination: '16505557710', expected: ['Failed 7710'] },
    { name: 'a recipient ending in 7737', destination: '16505557737', expected: ['Failed 7737'] },
    { name: 'a media URL path with fail-7701', mediaUrl: 'https://cdn.example.com/fail-7701/cat.png', expected: ['Submitted 7501', 'Failed 7701'] },
    { name: 'a media URL path with fail-7727', mediaUrl: 'https://cdn.example.com/img/cat-fail-7727.png', expected: ['Submitted 7501', 'Failed 7727'] },
    { name: 'a media URL path with fail-7861', mediaUrl: 'https://cdn.example.com/fail-7861.png', expected: ['Submitted 7501', 'Failed 7861'] },
  ];
  for (const trigger of triggers) {
    it(`fails on demand: ${trigger.name} → ${trigger.expected.join(' → ')}`, async () => {
      const { receiver, taken } = await realReceiver();
      const payload = imagePayload({ notifyurl: `${receiver.localBaseUrl}/sandbox` });
      const recipients = trigger.destination ? [trigger.destination, '16505551234'] : ['16505551234', '16505559999'];
      payload.destination = [{ waid: recipients }];
      if (trigger.mediaUrl) (payload.channels as { 'OTT-Messaging': { wa: { image: Json } } })['OTT-Messaging'].wa.image.url = trigger.mediaUrl;
      const transid = assertQueued(await send(sandbox, payload));
      const total = trigger.destination ? trigger.expected.length + 3 : trigger.expected.length * 2;
      await waitFor('the reports', () => taken.length === total && sandbox.reports.length === total);
      await sleep(60);
      assert.strictEqual(taken.length, total, 'nothing after the failure');
      if (trigger.destination) {
        assert.deepStrictEqual(sequence(taken, trigger.destination), trigger.expected);
        // The other recipient of the same send is delivered as usual.
        assert.deepStrictEqual(sequence(taken, '16505551234'), ['Submitted 7501', 'Delivered 7500', 'Read 7502']);
      } else {
        // A media failure fails the message for every recipient.
        for (const d of recipients) assert.deepStrictEqual(sequence(taken, d), trigger.expected, d);
      }
      const failure = taken.find((r) => r.state === 'Failed');
      assert.ok(failure);
      assert.strictEqual(failure.transid, transid);
      assert.strictEqual(failure.description, deliveryCodeInfo(failure.code)?.meaning, 'the code\'s meaning as the description');
    });
  }

  it('looks for a failure marker in the media URL path only, not its host or query', async () => {
    const { receiver, taken } = await realReceiver();
    const payload = imagePayload({ notifyurl: receiver.localBaseUrl });
    (payload.channels as { 'OTT-Messaging': { wa: { image: Json } } })['OTT-Messaging'].wa.image.url = 'https://fail-7701.example.com/cat.png?v=fail-7727';
    assertQueued(await send(sandbox, payload));
    await waitFor('the reports', () => taken.length === 3);
    assert.deepStrictEqual(sequence(taken, '16505551234'), ['Submitted 7501', 'Delivered 7500', 'Read 7502']);
  });

  it('signs every report with x-hub-signature sha256 when given a webhook secret', async () => {
    const secret = 'sbx-webhook-secret-41d9';
    const signing = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 10, webhookSecret: secret });
    extraSandboxes.push(signing);
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    assertQueued(await send(signing, imagePayload({ notifyurl: receiver.url })));
    await waitFor('the reports', () => receiver.hits.length === 3 && signing.reports.length === 3);
    for (const hit of receiver.hits) {
      assert.match(hit.signature ?? '', /^sha256=[0-9a-f]{64}$/);
      assert.ok(signatureMatches(hit.body, hit.signature, secret), 'verifies with the secret');
      assert.ok(!signatureMatches(hit.body, hit.signature, `${secret}x`), 'not with another');
      assert.strictEqual(hit.signature, `sha256=${createHmac('sha256', secret).update(hit.body).digest('hex')}`);
    }
    assert.ok(signing.reports.every((r) => r.signed));
    assert.ok(!JSON.stringify(signing.reports).includes(secret));
    assert.ok(!(await (await fetch(signing.url + '/')).text()).includes(secret), 'the page never shows the secret');
  });

  it('is taken by a receiver holding the same secret and refused (401) by one holding another', async () => {
    const secret = 'sbx-webhook-secret-77aa';
    const signing = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 10, webhookSecret: secret });
    extraSandboxes.push(signing);
    const good = await realReceiver(secret);
    const bad = await realReceiver('another-secret');
    assertQueued(await send(signing, imagePayload({ notifyurl: `${good.receiver.localBaseUrl}/prod` })));
    assertQueued(await send(signing, imagePayload({ notifyurl: `${bad.receiver.localBaseUrl}/prod` })));
    await waitFor('the reports', () => signing.reports.length === 6);
    assert.strictEqual(good.taken.length, 3);
    assert.strictEqual(bad.taken.length, 0);
    const statuses = (base: string) => signing.reports.filter((r) => r.url.startsWith(base)).map((r) => r.status);
    assert.deepStrictEqual(statuses(good.receiver.localBaseUrl), [200, 200, 200]);
    assert.deepStrictEqual(statuses(bad.receiver.localBaseUrl), [401, 401, 401]);
    assert.strictEqual(bad.logs.filter((l) => /x-hub-signature/.test(l)).length, 3);
  });

  it('sends unsigned reports that a receiver without a secret takes', async () => {
    const { receiver, taken } = await realReceiver();
    assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.localBaseUrl })));
    await waitFor('the reports', () => taken.length === 3 && sandbox.reports.length === 3);
    assert.ok(sandbox.reports.every((r) => !r.signed && r.status === 200));
  });

  it('records the status of a failing receiver without retrying, and goes on with the next step', async () => {
    const receiver = await startReceiver(500);
    receivers.push(receiver.server);
    assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url + '/fail' })));
    await waitFor('the report attempts', () => sandbox.reports.length === 3);
    assert.deepStrictEqual(sandbox.reports.map((r) => r.status), [500, 500, 500]);
    await sleep(150);
    assert.strictEqual(receiver.hits.length, 3);
    assert.strictEqual(sandbox.reports.length, 3);
  });

  it('records an error when nothing listens at the loopback notifyurl', async () => {
    const probe = createNetServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    assertQueued(await send(sandbox, imagePayload({ notifyurl: `http://127.0.0.1:${port}/dr` })));
    await waitFor('the report attempt', () => sandbox.reports.length >= 1);
    assert.strictEqual(sandbox.reports[0].status, undefined);
    assert.match(sandbox.reports[0].error ?? '', /ECONNREFUSED/);
  });

  it('never contacts a non-loopback notifyurl', async () => {
    const urls = ['https://hooks.example.com/x', 'http://127.0.0.1.nip.io/x', 'http://localhost.example.com/x', 'http://10.0.0.1/x'];
    for (const notifyurl of urls) assertQueued(await send(sandbox, imagePayload({ notifyurl })));
    // Failure triggers do not change that.
    assertQueued(await send(sandbox, imagePayload({ notifyurl: 'https://hooks.example.com/y', destination: [{ waid: ['16505557865'] }] })));
    // What is not an http(s) URL at all the API refuses, as the schema does.
    for (const notifyurl of ['ftp://127.0.0.1/x', 'not a url']) {
      assertError(await send(sandbox, imagePayload({ notifyurl })), '7004', 400, /^Invalid parameters\/values: notifyurl: .*https:\/\//);
    }
    await sleep(200);
    assert.deepStrictEqual(sandbox.reports, []);
    assert.strictEqual(logLines.filter((l) => /skipped/.test(l)).length >= urls.length + 1, true);
  });

  it('posts nothing when there is no notifyurl', async () => {
    assertQueued(await send(sandbox, imagePayload()));
    await sleep(100);
    assert.deepStrictEqual(sandbox.reports, []);
  });

  it('recognises loopback URLs only', () => {
    for (const u of ['http://127.0.0.1:8080/x', 'https://localhost/x', 'http://LOCALHOST:1/', 'http://[::1]:9/x', 'http://127.1/', 'http://127.255.255.254/', 'http://0x7f.0.0.1/']) {
      assert.ok(isLoopbackUrl(u), u);
    }
    for (const u of ['http://128.0.0.1/', 'http://localhost.example.com/', 'http://127.0.0.1.nip.io/', 'http://[::2]/', 'file:///etc/passwd', 'ws://127.0.0.1/', 'http://0.0.0.0/', '', undefined, 42]) {
      assert.ok(!isLoopbackUrl(u), String(u));
    }
  });

  it('cancels a pending report on reset()', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    const slow = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 300 });
    extraSandboxes.push(slow);
    assertQueued(await send(slow, imagePayload({ notifyurl: receiver.url })));
    slow.reset();
    await sleep(450);
    assert.strictEqual(receiver.hits.length, 0);
    assert.deepStrictEqual(slow.reports, []);
  });

  it('stops a recipient\'s sequence halfway on reset()', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    const slow = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 150 });
    extraSandboxes.push(slow);
    assertQueued(await send(slow, imagePayload({ notifyurl: receiver.url })));
    await waitFor('the first report', () => slow.reports.length === 1);
    slow.reset();
    await sleep(400);
    assert.strictEqual(receiver.hits.length, 1);
    assert.deepStrictEqual(slow.reports, []);
  });

  it('drops a report that is in flight on reset()', async () => {
    const receiver = await startReceiver(0);
    receivers.push(receiver.server);
    assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
    await waitFor('the receiver to be hit', () => receiver.hits.length === 1);
    sandbox.reset();
    await sleep(100);
    assert.deepStrictEqual(sandbox.reports, []);
  });

  it('keeps at most 8 reports in flight, however many recipients', async () => {
    let open = 0;
    let most = 0;
    const server = http.createServer((req, res) => {
      open++;
      most = Math.max(most, open);
      req.resume();
      setTimeout(() => {
        open--;
        res.writeHead(200).end();
      }, 15);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    receivers.push(server);
    assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: ids(40) }], notifyurl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
    await waitFor('120 reports', () => sandbox.reports.length === 120, 10_000);
    assert.ok(most <= 8 && most >= 2, `at most ${most} in flight`);
    assert.ok(sandbox.reports.every((r) => r.status === 200));
  });

  it('lists the failure triggers on its page', async () => {
    const html = await (await fetch(sandbox.url + '/')).text();
    for (const value of ['7865', '7710', '7737', 'fail-7701', 'fail-7727', 'fail-7861']) assert.ok(html.includes(`<code>${value}</code>`), value);
    assert.match(html, /Submitted \(7501\) → Delivered \(7500\) → Read \(7502\)/);
    assert.match(html, /unsigned/);
  });
});
