/**
 * The local Messaging API sandbox, over real HTTP on 127.0.0.1: the API's checks in order, the
 * recorded traffic (never the key), delivery reports to loopback only, the pages and the CLI.
 */
import { projectRoot } from '../helpers/paths';
import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as http from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { createHmac } from 'node:crypto';
import { type DeliveryReport, deliveryCodeInfo, signatureMatches } from '../../../src/core/delivery/reports';
import { SAMPLE_TEMPLATE_ID, expectedParameters } from '../../../src/core/messages/templateDefinitions';
import { type Receiver, startReceiver as startDeliveryReceiver } from '../../../src/core/delivery/receiver';
import { parseCliSettings } from '../../../src/sandbox/run';
import { FAULT_MODES, MAX_BODY_BYTES, MESSAGING_PATH, isLoopbackUrl, startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { SHIPPED_TEMPLATES, asTemplateDefinitions, readTemplatesFile } from '../../../src/sandbox/templates';

const KEY = 'sbx-7f3c9e2a-secret-service-key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Json = Record<string, unknown>;

/** A valid image message; `extra` is merged over the envelope. */
function imagePayload(extra: Json = {}): Json {
  return {
    deliverychannel: 'whatsapp',
    appid: 'WA123456',
    destination: [{ waid: ['16505551234'] }],
    channels: {
      'OTT-Messaging': {
        wa: { type: 'image', image: { url: 'https://cdn.example.com/cat.png', mimeType: 'image/png', caption: 'A cat' } },
      },
    },
    ...extra,
  };
}

const ids = (n: number, prefix = '1650555') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

interface Reply {
  status: number;
  contentType: string | null;
  text: string;
  json: unknown;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

/** POSTs to the messaging endpoint; a string body is sent as is, anything else as JSON. */
async function send(sandbox: Sandbox, body: unknown, headers: Record<string, string> = { key: KEY }): Promise<Reply> {
  const res = await fetch(sandbox.url + MESSAGING_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return reply(res);
}

function assertQueued(r: Reply): string {
  assert.strictEqual(r.status, 202, r.text);
  assert.strictEqual(r.contentType, 'application/json');
  const body = r.json as { response: { code: string; transid: string; description: string }[] };
  assert.ok(Array.isArray(body.response), `success must be an array: ${r.text}`);
  assert.strictEqual(body.response.length, 1);
  assert.deepStrictEqual(Object.keys(body.response[0]).sort(), ['code', 'description', 'transid']);
  assert.strictEqual(body.response[0].code, '1001');
  assert.strictEqual(body.response[0].description, 'Queued');
  assert.match(body.response[0].transid, UUID);
  return body.response[0].transid;
}

function assertError(r: Reply, code: string, httpStatus: number, description: string | RegExp): void {
  assert.strictEqual(r.status, httpStatus, r.text);
  assert.strictEqual(r.contentType, 'application/json');
  const body = r.json as { response: { code: string; transid: string; description: string } };
  assert.ok(body && typeof body.response === 'object' && !Array.isArray(body.response), `error must be an object: ${r.text}`);
  assert.deepStrictEqual(Object.keys(body.response).sort(), ['code', 'description', 'transid']);
  assert.strictEqual(body.response.code, code);
  if (typeof description === 'string') assert.strictEqual(body.response.description, description);
  else assert.match(body.response.description, description);
  assert.match(body.response.transid, UUID);
}

async function waitFor(what: string, test: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Hit {
  method: string;
  path: string;
  contentType?: string;
  signature?: string;
  body: string;
}

/** A local notify URL receiver answering `status` (0: never answering). */
async function startReceiver(status = 200): Promise<{ url: string; hits: Hit[]; server: http.Server }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const signature = req.headers['x-hub-signature'];
      hits.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        ...(typeof signature === 'string' ? { signature } : {}),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      // 0 never answers, to keep a report in flight.
      if (status) res.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('sandbox messaging API', () => {
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

  it('listens on 127.0.0.1 on a free port', () => {
    assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(sandbox.port > 0);
    assert.strictEqual(sandbox.url, `http://127.0.0.1:${sandbox.port}`);
  });

  describe('accepting (1001)', () => {
    it('queues a valid payload with 202 and an array response, and records it', async () => {
      const payload = imagePayload({ correlationid: 'corr-1' });
      const r = await send(sandbox, payload);
      const transid = assertQueued(r);
      assert.strictEqual(sandbox.messages.length, 1);
      const m = sandbox.messages[0];
      assert.strictEqual(m.transid, transid);
      assert.strictEqual(m.type, 'image');
      assert.strictEqual(m.recipients, 1);
      assert.strictEqual(m.correlationid, 'corr-1');
      assert.deepStrictEqual(m.payload, payload);
      assert.ok(!Number.isNaN(Date.parse(m.at)));
      assert.strictEqual(sandbox.requests.length, 1);
      const q = sandbox.requests[0];
      assert.strictEqual(q.method, 'POST');
      assert.strictEqual(q.path, MESSAGING_PATH);
      assert.strictEqual(q.keyPresent, true);
      assert.strictEqual(q.keyValid, true);
      assert.strictEqual(q.contentType, 'application/json');
      assert.strictEqual(q.bodyBytes, Buffer.byteLength(JSON.stringify(payload)));
      assert.strictEqual(q.code, '1001');
      assert.strictEqual(q.httpStatus, 202);
      assert.ok(!Number.isNaN(Date.parse(q.at)));
    });

    it('gives every send a fresh transid', async () => {
      const a = assertQueued(await send(sandbox, imagePayload()));
      const b = assertQueued(await send(sandbox, imagePayload()));
      assert.notStrictEqual(a, b);
      assert.deepStrictEqual(
        sandbox.messages.map((m) => m.transid),
        [a, b],
      );
    });

    it('records the request path without its query string', async () => {
      const res = await fetch(`${sandbox.url}${MESSAGING_PATH}?token=abc`, {
        method: 'POST',
        headers: { key: KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify(imagePayload()),
      });
      assertQueued(await reply(res));
      assert.strictEqual(sandbox.requests[0].path, MESSAGING_PATH);
    });

    it('records a template message by its template id, and no correlationid when none is sent', async () => {
      const payload = imagePayload({ message: { template: 'welcome' } });
      delete payload.channels;
      assertQueued(await send(sandbox, payload));
      assert.strictEqual(sandbox.messages[0].type, 'template welcome');
      assert.ok(!('correlationid' in sandbox.messages[0]));
    });
  });

  describe('1. service key missing (7002)', () => {
    it('answers 401 with an object response when no key is sent', async () => {
      const r = await send(sandbox, imagePayload(), {});
      assertError(r, '7002', 401, 'Service key missing');
      assert.strictEqual(sandbox.messages.length, 0);
      assert.strictEqual(sandbox.requests.length, 1);
      assert.strictEqual(sandbox.requests[0].keyPresent, false);
      assert.strictEqual(sandbox.requests[0].keyValid, false);
      assert.strictEqual(sandbox.requests[0].code, '7002');
      assert.strictEqual(sandbox.requests[0].httpStatus, 401);
    });

    it('treats an empty key header as missing', async () => {
      assertError(await send(sandbox, imagePayload(), { key: '' }), '7002', 401, 'Service key missing');
    });

    it('checks the key before the body', async () => {
      assertError(await send(sandbox, '{not json', {}), '7002', 401, 'Service key missing');
      assert.strictEqual(sandbox.requests[0].bodyBytes, 9);
    });

    it('answers 7001, not 7002, to a Bearer token it cannot verify', async () => {
      assertError(await send(sandbox, imagePayload(), { Authorization: 'Bearer abc.def.ghi' }), '7001', 401, 'Authentication failed.');
      assert.strictEqual(sandbox.messages.length, 0);
    });
  });

  describe('2. authentication failed (7001)', () => {
    it('rejects a wrong key of another length and of the same length', async () => {
      const sameLength = KEY.slice(0, -1) + (KEY.endsWith('y') ? 'z' : 'y');
      for (const key of ['nope', sameLength, KEY + 'x', KEY.toUpperCase()]) {
        assertError(await send(sandbox, imagePayload(), { key }), '7001', 401, 'Authentication failed.');
      }
      assert.strictEqual(sandbox.messages.length, 0);
      assert.ok(sandbox.requests.every((q) => q.keyPresent && !q.keyValid && q.code === '7001'));
    });

    it('checks the key before the body and the parameters', async () => {
      assertError(await send(sandbox, '[]', { key: 'wrong' }), '7001', 401, 'Authentication failed.');
      assertError(await send(sandbox, { appid: 'x' }, { key: 'wrong' }), '7001', 401, 'Authentication failed.');
    });
  });

  describe('3. invalid JSON (7000)', () => {
    const bodies: [string, string][] = [
      ['malformed JSON', '{"deliverychannel": "whatsapp",'],
      ['an empty body', ''],
      ['a JSON array', JSON.stringify([imagePayload()])],
      ['JSON null', 'null'],
      ['a JSON string', '"hello"'],
      ['a JSON number', '42'],
    ];
    for (const [name, body] of bodies) {
      it(`answers 400 to ${name}`, async () => {
        assertError(await send(sandbox, body), '7000', 400, 'Invalid JSON');
        assert.strictEqual(sandbox.messages.length, 0);
        assert.strictEqual(sandbox.requests[0].code, '7000');
        assert.strictEqual(sandbox.requests[0].bodyBytes, Buffer.byteLength(body));
      });
    }

    it('answers 413 to a body over 10 MB and keeps serving', async () => {
      const body = '{"x":"' + 'a'.repeat(MAX_BODY_BYTES) + '"}';
      assertError(await send(sandbox, body), '7000', 413, /Invalid JSON/);
      assert.strictEqual(sandbox.messages.length, 0);
      assert.strictEqual(sandbox.requests.length, 1);
      assert.strictEqual(sandbox.requests[0].httpStatus, 413);
      assert.ok(sandbox.requests[0].bodyBytes > MAX_BODY_BYTES);
      assertQueued(await send(sandbox, imagePayload()));
    });

    it('still asks for the key first when the body is over 10 MB', async () => {
      assertError(await send(sandbox, 'x'.repeat(MAX_BODY_BYTES + 1), {}), '7002', 401, 'Service key missing');
    });

    it('accepts a body of exactly 10 MB', async () => {
      const json = JSON.stringify(imagePayload());
      const body = json + ' '.repeat(MAX_BODY_BYTES - Buffer.byteLength(json));
      assert.strictEqual(Buffer.byteLength(body), MAX_BODY_BYTES);
      assertQueued(await send(sandbox, body));
      assert.strictEqual(sandbox.requests[0].bodyBytes, MAX_BODY_BYTES);
    });
  });

  describe('4. mandatory parameters missing (7003)', () => {
    const without = (...keys: string[]) => {
      const p = imagePayload();
      for (const k of keys) delete p[k];
      return p;
    };
    const cases: [string, Json, string][] = [
      ['deliverychannel', without('deliverychannel'), 'deliverychannel'],
      ['appid', without('appid'), 'appid'],
      ['an empty appid', imagePayload({ appid: '' }), 'appid'],
      ['destination', without('destination'), 'destination'],
      ['an empty destination array', imagePayload({ destination: [] }), 'destination'],
      ['a destination that is not an array', imagePayload({ destination: { waid: ['1'] } }), 'destination'],
      ['a destination without any id', imagePayload({ destination: [{ waid: [] }, {}] }), 'destination'],
      ['channels', without('channels'), 'channels.OTT-Messaging.wa'],
      ['channels.OTT-Messaging.wa', imagePayload({ channels: { 'OTT-Messaging': {} } }), 'channels.OTT-Messaging.wa'],
      ['appid and destination', without('appid', 'destination'), 'appid, destination'],
      ['everything', {}, 'deliverychannel, appid, destination, channels.OTT-Messaging.wa'],
    ];
    for (const [name, payload, named] of cases) {
      it(`names ${name}`, async () => {
        assertError(await send(sandbox, payload), '7003', 400, `Mandatory parameters missing: ${named}`);
        assert.strictEqual(sandbox.messages.length, 0);
        assert.strictEqual(sandbox.requests[0].code, '7003');
        assert.strictEqual(sandbox.requests[0].httpStatus, 400);
      });
    }

    it('reports missing parameters before too many destinations', async () => {
      const p = imagePayload({ destination: [{ waid: ids(1001) }] });
      delete p.appid;
      assertError(await send(sandbox, p), '7003', 400, 'Mandatory parameters missing: appid');
    });
  });

  describe('5. more than 1000 destinations (7009)', () => {
    it('accepts 1000 waids and rejects 1001', async () => {
      assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: ids(1000) }] })));
      assert.strictEqual(sandbox.messages[0].recipients, 1000);
      assertError(await send(sandbox, imagePayload({ destination: [{ waid: ids(1001) }] })), '7009', 400, 'More than 1000 destinations');
      assert.strictEqual(sandbox.messages.length, 1);
      assert.strictEqual(sandbox.requests[1].code, '7009');
    });

    it('counts waid and bsuid ids across all destination entries', async () => {
      const mixed = (w1: number, b1: number, w2: number) => [
        { waid: ids(w1, '1650555'), bsuid: ids(b1, 'US.') },
        { waid: ids(w2, '1650556') },
      ];
      assertQueued(await send(sandbox, imagePayload({ destination: mixed(400, 300, 300) })));
      assert.strictEqual(sandbox.messages[0].recipients, 1000);
      assertError(await send(sandbox, imagePayload({ destination: mixed(400, 301, 300) })), '7009', 400, 'More than 1000 destinations');
      assertError(await send(sandbox, imagePayload({ destination: [{ bsuid: ids(1001, 'US.') }] })), '7009', 400, 'More than 1000 destinations');
      assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: ['16505551234'], bsuid: ['US.1', 'US.2'] }, { bsuid: ['US.3'] }] })));
      assert.strictEqual(sandbox.messages[1].recipients, 4);
    });
  });

  describe('other methods and paths', () => {
    it('answers 405 to GET on the messaging path and records it', async () => {
      const r = await reply(await fetch(sandbox.url + MESSAGING_PATH, { headers: { key: KEY } }));
      assertError(r, '7000', 405, /Method not allowed/);
      assert.strictEqual(sandbox.requests.length, 1);
      assert.strictEqual(sandbox.requests[0].method, 'GET');
      assert.strictEqual(sandbox.requests[0].httpStatus, 405);
    });

    it('answers 404 JSON to unknown paths without recording them', async () => {
      for (const path of ['/nope', '/resources/v1/messaging/x', '/resources/v1']) {
        const r = await reply(await fetch(sandbox.url + path, { method: 'POST', headers: { key: KEY } }));
        assert.strictEqual(r.status, 404, path);
        assert.strictEqual(r.contentType, 'application/json');
        assert.deepStrictEqual(r.json, { error: 'not found' });
      }
      assert.strictEqual(sandbox.requests.length, 0);
    });

    it('answers /healthz with ok', async () => {
      const r = await reply(await fetch(sandbox.url + '/healthz'));
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.text, 'ok');
    });

    it('refuses requests addressed to a non-loopback host name (DNS rebinding)', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${sandbox.url}/messages`, { headers: { host: `attacker.example:${sandbox.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      assert.strictEqual(status, 421);
      const ok = await fetch(`http://localhost:${sandbox.port}/healthz`).catch(() => undefined);
      // localhost may resolve to ::1 only, where nothing listens; when it reaches us it is allowed.
      if (ok) assert.strictEqual(ok.status, 200);
    });
  });

  describe('delivery reports', () => {
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

    // Written out here from ISSUE 12 and the README, not read from the sandbox's table.
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

  describe('recording and pages', () => {
    it('reset() and DELETE /messages clear messages, requests and reports', async () => {
      const receiver = await startReceiver();
      receivers.push(receiver.server);
      assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
      await waitFor('the reports', () => sandbox.reports.length === 3);
      sandbox.reset();
      assert.deepStrictEqual([sandbox.messages, sandbox.requests, sandbox.reports], [[], [], []]);

      assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
      await waitFor('the reports', () => sandbox.reports.length === 3);
      const res = await fetch(sandbox.url + '/messages', { method: 'DELETE' });
      assert.strictEqual(res.status, 204);
      assert.deepStrictEqual([sandbox.messages, sandbox.requests, sandbox.reports], [[], [], []]);
      const listed = (await reply(await fetch(sandbox.url + '/messages'))).json;
      assert.deepStrictEqual(listed, { messages: [], requests: [], reports: [] });
    });

    it('lists everything recorded on GET /messages', async () => {
      const receiver = await startReceiver();
      receivers.push(receiver.server);
      const transid = assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
      await send(sandbox, imagePayload(), {});
      await waitFor('the reports', () => sandbox.reports.length === 3);
      const r = await reply(await fetch(sandbox.url + '/messages'));
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.contentType, 'application/json');
      const body = r.json as { messages: { transid: string }[]; requests: { code: string }[]; reports: { transid: string }[] };
      assert.deepStrictEqual(Object.keys(body).sort(), ['messages', 'reports', 'requests']);
      assert.deepStrictEqual(body.messages.map((m) => m.transid), [transid]);
      assert.deepStrictEqual(body.requests.map((q) => q.code), ['1001', '7002']);
      assert.deepStrictEqual(body.reports.map((x) => x.transid), [transid, transid, transid]);
      assert.deepStrictEqual(body, JSON.parse(JSON.stringify({ messages: sandbox.messages, requests: sandbox.requests, reports: sandbox.reports })));
    });

    it('never stores, logs or shows the service key', async () => {
      const receiver = await startReceiver();
      receivers.push(receiver.server);
      logLines.length = 0;
      await send(sandbox, imagePayload({ notifyurl: receiver.url, correlationid: 'c' }));
      await send(sandbox, imagePayload({ notifyurl: 'https://hooks.example.com/x' }));
      await send(sandbox, imagePayload(), { key: KEY.slice(1) });
      await send(sandbox, '{', {});
      await send(sandbox, {});
      await fetch(`${sandbox.url}${MESSAGING_PATH}?key=${KEY}`, { method: 'POST', headers: { key: KEY }, body: JSON.stringify(imagePayload()) });
      await fetch(sandbox.url + MESSAGING_PATH, { method: 'PUT', headers: { key: KEY } });
      await waitFor('the reports', () => sandbox.reports.length === 3);
      assert.strictEqual(sandbox.requests.length, 7);
      const page = await (await fetch(sandbox.url + '/')).text();
      const listed = await (await fetch(sandbox.url + '/messages')).text();
      const places: [string, string][] = [
        ['requests', JSON.stringify(sandbox.requests)],
        ['messages', JSON.stringify(sandbox.messages)],
        ['reports', JSON.stringify(sandbox.reports)],
        ['GET /', page],
        ['GET /messages', listed],
        ['log', logLines.join('\n')],
        ['delivery report', receiver.hits.map((h) => h.body).join('\n')],
      ];
      for (const [where, text] of places) {
        assert.ok(text.length > 0, `${where} is empty`);
        assert.ok(!text.includes(KEY), `the key appears in ${where}`);
        assert.ok(!text.includes(KEY.slice(1)), `the wrong key appears in ${where}`);
      }
      assert.ok(logLines.some((l) => l.startsWith(`POST ${MESSAGING_PATH} 1001 202 `)), logLines.join('\n'));
    });

    it('serves a self-contained HTML page, newest message first, with payloads escaped', async () => {
      const evil = '</pre><script>alert("x")</script>';
      const first = assertQueued(await send(sandbox, imagePayload({ correlationid: 'first' })));
      const p = imagePayload();
      (p.channels as { 'OTT-Messaging': { wa: { image: Json } } })['OTT-Messaging'].wa.image.caption = evil;
      const second = assertQueued(await send(sandbox, p));
      const res = await fetch(sandbox.url + '/');
      assert.strictEqual(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      const html = await res.text();
      assert.match(html, /<title>Webex Connect sandbox<\/title>/);
      assert.ok(html.includes(sandbox.url), 'shows the base URL');
      assert.ok(html.includes(MESSAGING_PATH), 'shows the endpoint path');
      assert.ok(!/<script/i.test(html), 'no script element');
      assert.ok(!/(src|href)="https?:/i.test(html), 'loads nothing from elsewhere');
      assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;'), 'the caption is escaped');
      assert.ok(html.indexOf(second) < html.indexOf(first), 'newest first');
      assert.ok(html.includes('16505551234'), 'the payload is shown');
      assert.ok(html.includes('image'));
    });

    it('says so when no message was accepted yet', async () => {
      const html = await (await fetch(sandbox.url + '/')).text();
      assert.match(html, /None yet/);
    });
  });
});

const faultUrl = (sandbox: Sandbox, mode: string) => `${sandbox.url}/fault/${mode}${MESSAGING_PATH}`;

/** POSTs a valid payload to a fault route with fetch; `timeoutMs` aborts the whole exchange, body included. */
function postFault(sandbox: Sandbox, mode: string, timeoutMs = 5000, headers: Record<string, string> = { key: KEY }): Promise<Response> {
  return fetch(faultUrl(sandbox, mode), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(imagePayload()),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

const isTimeout = (err: unknown) => err instanceof Error && err.name === 'TimeoutError';

/** Reads a fetch body chunk by chunk, keeping what arrived even when the read fails. */
async function readChunks(res: Response, into: Buffer[]): Promise<void> {
  assert.ok(res.body);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    into.push(Buffer.from(value));
  }
}

interface Exchange {
  req: http.ClientRequest;
  /** Resolves when the response head arrives. */
  head: Promise<http.IncomingMessage>;
  /** How the exchange ended: "complete", "cut off" (head but no full body) or "error <code>". */
  ended: Promise<string>;
  body: Buffer[];
}

/** A node:http POST with no timeout of its own, to see exactly how the server ends (or doesn't). */
function exchange(url: string, headers: Record<string, string> = { key: KEY, 'Content-Type': 'application/json' }, body = JSON.stringify(imagePayload())): Exchange {
  const chunks: Buffer[] = [];
  let gotHead: (res: http.IncomingMessage) => void = () => undefined;
  const head = new Promise<http.IncomingMessage>((resolve) => (gotHead = resolve));
  let req!: http.ClientRequest;
  const ended = new Promise<string>((resolve) => {
    req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      gotHead(res);
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('close', () => resolve(res.complete ? 'complete' : 'cut off'));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(`error ${err.code}`));
    req.end(body);
  });
  return { req, head, ended, body: chunks };
}

/** The promise's value, or a rejection naming `what` when it takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Whether the promise is still pending after `ms`. */
async function stillPending(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise, sleep(ms).then(() => pending)])) === pending;
}

describe('sandbox fault modes', () => {
  let sandbox: Sandbox;
  const logLines: string[] = [];
  const extraSandboxes: Sandbox[] = [];
  const exchanges: Exchange[] = [];
  const open = (url: string, headers?: Record<string, string>) => {
    const ex = exchange(url, headers);
    exchanges.push(ex);
    return ex;
  };

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, log: (l) => logLines.push(l) });
  });
  beforeEach(() => {
    sandbox.reset();
    logLines.length = 0;
  });
  afterEach(async () => {
    for (const ex of exchanges.splice(0)) ex.req.destroy();
    await Promise.all(extraSandboxes.splice(0).map((s) => s.close()));
  });
  after(() => sandbox.close());

  it('exports the mode names, frozen', () => {
    assert.deepStrictEqual([...FAULT_MODES], ['stall-headers', 'stall-body', 'reset', 'html-500', 'text-200', 'huge-200', '429']);
    assert.ok(Object.isFrozen(FAULT_MODES));
  });

  it('stall-headers: reads the body and never sends a status line', async () => {
    const started = Date.now();
    await assert.rejects(postFault(sandbox, 'stall-headers', 300), isTimeout);
    assert.ok(Date.now() - started >= 250, 'gave up before the client timeout');
    const q = sandbox.requests;
    assert.strictEqual(q.length, 1);
    assert.strictEqual(q[0].path, `/fault/stall-headers${MESSAGING_PATH}`);
    assert.strictEqual(q[0].bodyBytes, Buffer.byteLength(JSON.stringify(imagePayload())));
    assert.strictEqual(q[0].code, '-');
    assert.strictEqual(q[0].httpStatus, 0);
    assert.deepStrictEqual(sandbox.messages, []);
  });

  it('stall-body: sends 200 JSON headers and the start of a success body, then nothing', async () => {
    const res = await postFault(sandbox, 'stall-body', 300);
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers.get('content-type'), 'application/json');
    const chunks: Buffer[] = [];
    await assert.rejects(readChunks(res, chunks), isTimeout);
    assert.strictEqual(Buffer.concat(chunks).toString('utf8'), '{"response":[');
    assert.strictEqual(sandbox.requests.length, 1);
    assert.strictEqual(sandbox.requests[0].httpStatus, 200);
    assert.strictEqual(sandbox.requests[0].code, '-');
    assert.deepStrictEqual(sandbox.messages, []);
  });

  it('reset: reads the body, then drops the connection without answering', async () => {
    const ex = open(faultUrl(sandbox, 'reset'));
    assert.strictEqual(await within(ex.ended, 2000, 'the reset'), 'error ECONNRESET');
    assert.strictEqual(sandbox.requests.length, 1);
    assert.strictEqual(sandbox.requests[0].path, `/fault/reset${MESSAGING_PATH}`);
    assert.strictEqual(sandbox.requests[0].httpStatus, 0);
    assert.strictEqual(sandbox.requests[0].bodyBytes, Buffer.byteLength(JSON.stringify(imagePayload())));
    assert.deepStrictEqual(sandbox.messages, []);
    // The sandbox itself carries on.
    assert.strictEqual((await fetch(sandbox.url + '/healthz')).status, 200);
  });

  it('html-500: a small HTML error page', async () => {
    const r = await reply(await postFault(sandbox, 'html-500'));
    assert.strictEqual(r.status, 500);
    assert.strictEqual(r.contentType, 'text/html');
    assert.match(r.text, /^<!doctype html>/i);
    assert.match(r.text, /<title>500 Internal Server Error<\/title>/);
    assert.strictEqual(r.json, undefined, 'not JSON');
    assert.ok(r.text.length < 1024);
  });

  it('text-200: 200 text/plain OK', async () => {
    const r = await reply(await postFault(sandbox, 'text-200'));
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.contentType, 'text/plain');
    assert.strictEqual(r.text, 'OK');
  });

  it('huge-200: 200 JSON of exactly 10 MB', async function () {
    this.timeout(10000);
    const res = await postFault(sandbox, 'huge-200');
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers.get('content-type'), 'application/json');
    const chunks: Buffer[] = [];
    await readChunks(res, chunks);
    assert.ok(chunks.length > 1, 'streamed in chunks');
    const body = Buffer.concat(chunks);
    assert.strictEqual(body.length, 10 * 1024 * 1024);
    const parsed = JSON.parse(body.toString('utf8')) as { response: { code: string }[] };
    assert.strictEqual(parsed.response[0].code, '1001');
    assert.strictEqual(sandbox.requests[0].httpStatus, 200);
    assert.deepStrictEqual(sandbox.messages, []);
  });

  it('huge-200: stops when the client goes away and keeps serving', async () => {
    const ex = open(faultUrl(sandbox, 'huge-200'));
    const res = await within(ex.head, 2000, 'the response head');
    assert.strictEqual(res.statusCode, 200);
    await waitFor('the first bytes', () => ex.body.length > 0);
    ex.req.destroy();
    await waitFor('the cut-off log line', () =>
      logLines.some((l) => new RegExp(`^POST /fault/huge-200${MESSAGING_PATH} - 200 \\d+ms \\(closed before the response was complete\\)$`).test(l)),
    );
    assert.ok(!logLines.some((l) => / 200 \d+ms$/.test(l)), `no complete response: ${logLines.join('\n')}`);
    assert.strictEqual((await fetch(sandbox.url + '/healthz')).status, 200);
  });

  it('429: Retry-After 30 and a 7020 JSON body', async () => {
    const res = await postFault(sandbox, '429');
    assert.strictEqual(res.headers.get('retry-after'), '30');
    const r = await reply(res);
    assertError(r, '7020', 429, 'Max transaction limit');
    assert.strictEqual(sandbox.requests[0].httpStatus, 429);
    assert.strictEqual(sandbox.requests[0].code, '-');
  });

  it('answers 404 JSON listing the modes to an unknown mode', async () => {
    for (const mode of ['nope', 'RESET', '', 'reset/x', '500']) {
      const r = await reply(await postFault(sandbox, mode));
      assert.strictEqual(r.status, 404, mode);
      assert.strictEqual(r.contentType, 'application/json');
      assert.deepStrictEqual(r.json, { error: 'unknown fault mode', modes: [...FAULT_MODES] });
    }
    assert.deepStrictEqual(
      sandbox.requests.map((q) => [q.path, q.httpStatus]),
      ['nope', 'RESET', '', 'reset/x', '500'].map((m) => [`/fault/${m}${MESSAGING_PATH}`, 404]),
    );
    assert.deepStrictEqual(sandbox.messages, []);
    // Without the API path it is not a fault route at all.
    const plain = await reply(await fetch(sandbox.url + '/fault/reset', { method: 'POST' }));
    assert.strictEqual(plain.status, 404);
    assert.deepStrictEqual(plain.json, { error: 'not found' });
    assert.strictEqual(sandbox.requests.length, 5);
  });

  it('answers 405 to other methods on a fault route', async () => {
    const res = await fetch(faultUrl(sandbox, 'text-200'), { headers: { key: KEY } });
    assert.strictEqual(res.status, 405);
    assert.strictEqual(res.headers.get('allow'), 'POST');
    assert.deepStrictEqual(await res.json(), { error: 'method not allowed' });
    assert.deepStrictEqual(
      sandbox.requests.map((q) => [q.method, q.httpStatus]),
      [['GET', 405]],
    );
  });

  it('ignores the key, accepts nothing and records each request with its fault path, never the key', async () => {
    const headerSets: [Record<string, string>, boolean, boolean][] = [
      [{ key: KEY }, true, true],
      [{ key: 'wrong' }, true, false],
      [{}, false, false],
    ];
    const expected: [string, number][] = [
      ['text-200', 200],
      ['html-500', 500],
      ['429', 429],
    ];
    for (const [headers] of headerSets) {
      for (const [mode, status] of expected) {
        const res = await postFault(sandbox, mode, 5000, headers);
        await res.arrayBuffer();
        assert.strictEqual(res.status, status, `${mode} with ${JSON.stringify(Object.keys(headers))}`);
      }
    }
    assert.deepStrictEqual(sandbox.messages, []);
    const bodyBytes = Buffer.byteLength(JSON.stringify(imagePayload()));
    assert.deepStrictEqual(
      sandbox.requests.map(({ method, path, keyPresent, keyValid, contentType, bodyBytes: b, code, httpStatus }) => ({ method, path, keyPresent, keyValid, contentType, bodyBytes: b, code, httpStatus })),
      headerSets.flatMap(([, keyPresent, keyValid]) =>
        expected.map(([mode, httpStatus]) => ({ method: 'POST', path: `/fault/${mode}${MESSAGING_PATH}`, keyPresent, keyValid, contentType: 'application/json', bodyBytes, code: '-', httpStatus })),
      ),
    );
    const listed = await (await fetch(sandbox.url + '/messages')).text();
    for (const [where, text] of [
      ['requests', JSON.stringify(sandbox.requests)],
      ['GET /messages', listed],
      ['log', logLines.join('\n')],
    ]) {
      assert.ok(!text.includes(KEY), `the key appears in ${where}`);
    }
    assert.ok(logLines.some((l) => l.startsWith(`POST /fault/429${MESSAGING_PATH} - 429 `)), logLines.join('\n'));
  });

  it('refuses a fault route addressed to a non-loopback host name, and records it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(faultUrl(sandbox, 'text-200'), { method: 'POST', headers: { host: `attacker.example:${sandbox.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.strictEqual(status, 421);
    assert.deepStrictEqual(
      sandbox.requests.map((q) => [q.path, q.httpStatus]),
      [[`/fault/text-200${MESSAGING_PATH}`, 421]],
    );
  });

  it('lists the fault routes and modes on the page', async () => {
    const html = await (await fetch(sandbox.url + '/')).text();
    const line = html.split('\n').find((l) => l.includes('/fault/&lt;mode&gt;'));
    assert.ok(line, 'a line about the fault routes');
    assert.ok(line.includes(`${sandbox.url}/fault/&lt;mode&gt;${MESSAGING_PATH}`), line);
    for (const mode of FAULT_MODES) assert.ok(line.includes(`<code>${mode}</code>`), `${mode} is listed`);
  });

  it('reset() ends stalled connections', async () => {
    const headers = open(faultUrl(sandbox, 'stall-headers'));
    const body = open(faultUrl(sandbox, 'stall-body'));
    await within(body.head, 2000, 'the stall-body head');
    await waitFor('both requests', () => sandbox.requests.length === 2);
    assert.ok(await stillPending(headers.ended, 100), 'stall-headers ended by itself');
    assert.ok(await stillPending(body.ended, 0), 'stall-body ended by itself');
    sandbox.reset();
    assert.strictEqual(await within(headers.ended, 1000, 'the end of stall-headers'), 'error ECONNRESET');
    assert.strictEqual(await within(body.ended, 1000, 'the end of stall-body'), 'cut off');
    assert.strictEqual(Buffer.concat(body.body).toString('utf8'), '{"response":[');
    assert.deepStrictEqual(sandbox.requests, [], 'nothing recorded after the reset');
  });

  it('close() resolves within 1 s while stall-headers and stall-body clients are connected', async function () {
    this.timeout(5000);
    const other = await startSandbox({ serviceKey: KEY });
    extraSandboxes.push(other);
    const headers = open(faultUrl(other, 'stall-headers'));
    const body = open(faultUrl(other, 'stall-body'));
    await within(body.head, 2000, 'the stall-body head');
    await waitFor('both requests', () => other.requests.length === 2);
    assert.ok(await stillPending(headers.ended, 100), 'stall-headers ended by itself');
    const started = Date.now();
    await within(other.close(), 1000, 'close()');
    assert.ok(Date.now() - started < 1000);
    assert.match(await within(headers.ended, 1000, 'the end of stall-headers'), /^error /);
    assert.strictEqual(await within(body.ended, 1000, 'the end of stall-body'), 'cut off');
    await assert.rejects(fetch(other.url + '/healthz'));
  });
});

describe('sandbox: every message type, checked as the API checks it', () => {
  let sandbox: Sandbox;
  const logLines: string[] = [];
  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 20, log: (l) => logLines.push(l) });
  });
  beforeEach(() => sandbox.reset());
  after(() => sandbox.close());

  const WA = 'channels.OTT-Messaging.wa';
  const envelope = (): Json => ({ deliverychannel: 'whatsapp', appid: 'WA123456', destination: [{ waid: ['16505551234'] }] });
  /** A `wa` message of `type` with `content` under the key of the same name; `extra` beside them in `wa`. */
  const waMessage = (type: string, content: unknown, extra: Json = {}): Json => ({ ...envelope(), channels: { 'OTT-Messaging': { wa: { type, [type]: content, ...extra } } } });
  const templateMessage = (message: unknown): Json => ({ ...envelope(), message });
  const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
  const listOf = (sections: unknown[]) => ({ body: { text: 'Pick one' }, action: { button: 'Choose', sections } });
  const buttons = (...titles: string[]) => titles.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } }));
  const replyOf = (action: unknown) => ({ body: { text: 'Can you make it?' }, action });

  describe('the samples', () => {
    const samplesDir = join(projectRoot, 'samples');
    const expectedTypes: Record<string, string> = {
      'image.wa.jsonc': 'image',
      'audio.wa.jsonc': 'audio',
      'video.wa.jsonc': 'video',
      'document.wa.jsonc': 'document',
      'sticker.wa.jsonc': 'sticker',
      'text.wa.jsonc': 'text',
      'location.wa.jsonc': 'location',
      'contacts.wa.jsonc': 'contacts',
      'list.wa.jsonc': 'list',
      'reply.wa.jsonc': 'reply',
      'template.wa.jsonc': `template ${SAMPLE_TEMPLATE_ID}`,
    };
    const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.wa.jsonc') || f.endsWith('.wa.json'));

    it('are the eleven kinds this suite knows', () => {
      assert.deepStrictEqual([...samples].sort(), Object.keys(expectedTypes).sort());
    });

    for (const file of samples) {
      it(`accepts ${file} as shipped, its {{variables}} left as text, and with them filled in; records it as ${expectedTypes[file] ?? '?'}`, async () => {
        const text = readFileSync(join(samplesDir, file), 'utf8');
        const errors: ParseError[] = [];
        const payload = parseJsonc(text, errors) as Json;
        assert.deepStrictEqual(errors, []);
        assertQueued(await send(sandbox, payload));
        const resolved = JSON.parse(JSON.stringify(payload).replaceAll('{{WAAppid}}', 'WA123456').replaceAll('{{waid}}', '16505551234')) as Json;
        assert.ok(!JSON.stringify(resolved).includes('{{'), 'every variable filled in');
        assertQueued(await send(sandbox, resolved));
        assert.deepStrictEqual(
          sandbox.messages.map((m) => m.type),
          [expectedTypes[file], expectedTypes[file]],
        );
      });
    }

    it('shows the type of every accepted message on the page and in GET /messages', async () => {
      for (const file of ['list.wa.jsonc', 'template.wa.jsonc']) assertQueued(await send(sandbox, parseJsonc(readFileSync(join(samplesDir, file), 'utf8'))));
      const html = await (await fetch(sandbox.url + '/')).text();
      assert.ok(html.includes('<h3>list to 1 recipient</h3>'), html);
      assert.ok(html.includes(`<h3>template ${SAMPLE_TEMPLATE_ID} to 1 recipient</h3>`), html);
      const listed = (await (await fetch(sandbox.url + '/messages')).json()) as { messages: { type: string }[] };
      assert.deepStrictEqual(
        listed.messages.map((m) => m.type),
        ['list', `template ${SAMPLE_TEMPLATE_ID}`],
      );
    });

    it('lists the templates it knows on the page', async () => {
      const html = await (await fetch(sandbox.url + '/')).text();
      const line = html.split('\n').find((l) => l.includes('Approved templates'));
      assert.ok(line, 'a line about the templates');
      for (const id of [SAMPLE_TEMPLATE_ID, 'order_update', 'invoice_ready', 'login_code', 'welcome']) assert.ok(line.includes(`<code>${id}</code>`), `${id} in ${line}`);
    });
  });

  /** [what, payload, code, the description exactly (7003, 7108) or a pattern (7004)]. */
  type Case = [string, Json, '7003' | '7004' | '7108', string | RegExp];
  const invalidAt = (path: string, about: string) => new RegExp(`^Invalid parameters/values: ${path.replace(/[.[\]]/g, (c) => `\\${c}`)}: .*${about}`);
  const missingFields = (...paths: string[]) => `Mandatory parameters missing: ${paths.join(', ')}`;

  const mediaCases: Case[] = (
    [
      ['image', { url: 'https://cdn.example.com/a.jpg', mimeType: 'image/jpeg' }, 'image/gif'],
      ['audio', { url: 'https://cdn.example.com/a.mp3', mimeType: 'audio/mpeg' }, 'audio/wav'],
      ['video', { url: 'https://cdn.example.com/a.mp4', mimeType: 'video/mp4' }, 'video/avi'],
      ['document', { url: 'https://cdn.example.com/a.pdf', mimeType: 'application/pdf', filename: 'a.pdf' }, 'application/zip'],
      ['sticker', { url: 'https://cdn.example.com/a.webp', mimeType: 'image/webp' }, 'image/png'],
    ] as const
  ).flatMap(([type, valid, wrongMime]): Case[] => {
    const { url: _url, ...withoutUrl } = valid;
    const { mimeType: _mime, ...withoutMime } = valid;
    void _url;
    void _mime;
    return [
      [`${type} without url`, waMessage(type, withoutUrl), '7003', missingFields(`${WA}.${type}.url`)],
      [`${type} without mimeType`, waMessage(type, withoutMime), '7003', missingFields(`${WA}.${type}.mimeType`)],
      [`${type} without its media object`, waMessage(type, undefined), '7003', missingFields(`${WA}.${type}`)],
      [`${type} with mimeType ${wrongMime}`, waMessage(type, { ...valid, mimeType: wrongMime }), '7004', invalidAt(`${WA}.${type}.mimeType`, '')],
      [`${type} with a url that is not a link`, waMessage(type, { ...valid, url: 'not a link' }), '7004', invalidAt(`${WA}.${type}.url`, '')],
    ];
  });

  const cases: Case[] = [
    ...mediaCases,
    ['audio with a caption', waMessage('audio', { url: 'https://cdn.example.com/a.mp3', mimeType: 'audio/mpeg', caption: 'Listen' }), '7004', invalidAt(`${WA}.audio.caption`, '')],

    ['text without body', waMessage('text', {}), '7003', missingFields(`${WA}.text.body`)],
    ['text with a body of 4097 characters', waMessage('text', { body: 'x'.repeat(4097) }), '7004', invalidAt(`${WA}.text.body`, '4096')],
    ['text with preview_url "yes"', waMessage('text', { body: 'Hi' }, { preview_url: 'yes' }), '7004', invalidAt(`${WA}.preview_url`, 'true or false')],
    ['text with preview_url inside text (Meta\'s shape)', waMessage('text', { body: 'Hi', preview_url: true }), '7004', invalidAt(`${WA}.text.preview_url`, 'beside')],

    ['location without latitude', waMessage('location', { longitude: 4.9 }), '7003', missingFields(`${WA}.location.latitude`)],
    ['location without either coordinate', waMessage('location', { name: 'Office' }), '7003', missingFields(`${WA}.location.longitude`, `${WA}.location.latitude`)],
    ['location with longitude 181', waMessage('location', { longitude: 181, latitude: 52.3 }), '7004', invalidAt(`${WA}.location.longitude`, '180')],
    ['location with latitude as text', waMessage('location', { longitude: 4.9, latitude: 'north' }), '7004', invalidAt(`${WA}.location.latitude`, '')],

    ['contacts without a name', waMessage('contacts', [{ phones: [{ phone: '+16505551234', type: 'CELL' }] }]), '7003', missingFields(`${WA}.contacts[0].name`)],
    ['contacts without formatted_name', waMessage('contacts', [{ name: { first_name: 'Ada' } }]), '7003', missingFields(`${WA}.contacts[0].name.formatted_name`)],
    ['contacts with phone type MOBILE', waMessage('contacts', [{ name: { formatted_name: 'Ada L', first_name: 'Ada' }, phones: [{ phone: '+16505551234', type: 'MOBILE' }] }]), '7004', invalidAt(`${WA}.contacts[0].phones[0].type`, 'CELL')],
    ['contacts with birthday 10/12/1815', waMessage('contacts', [{ name: { formatted_name: 'Ada L', first_name: 'Ada' }, birthday: '10/12/1815' }]), '7004', invalidAt(`${WA}.contacts[0].birthday`, '')],

    ['list without action.button', waMessage('list', { body: { text: 'Pick' }, action: { sections: [{ rows: rows(1) }] } }), '7003', missingFields(`${WA}.list.action.button`)],
    ['list without body', waMessage('list', { action: { button: 'Choose', sections: [{ rows: rows(1) }] } }), '7003', missingFields(`${WA}.list.body`)],
    ['list with a row without id', waMessage('list', listOf([{ rows: [{ title: 'Row' }] }])), '7003', missingFields(`${WA}.list.action.sections[0].rows[0].id`)],
    ['list with 11 rows in one section', waMessage('list', listOf([{ rows: rows(11) }])), '7004', invalidAt(`${WA}.list.action.sections[0].rows`, '')],
    ['list with 11 rows across two sections', waMessage('list', listOf([{ title: 'A', rows: rows(6, 'a') }, { title: 'B', rows: rows(5, 'b') }])), '7004', invalidAt(`${WA}.list.action.sections[1].rows[4]`, 'at most 10 rows')],
    ['list with a row id used twice', waMessage('list', listOf([{ title: 'A', rows: rows(1) }, { title: 'B', rows: rows(1) }])), '7004', invalidAt(`${WA}.list.action.sections[1].rows[0].id`, 'used twice')],
    ['list with two sections, one without title', waMessage('list', listOf([{ title: 'A', rows: rows(1, 'a') }, { rows: rows(1, 'b') }])), '7004', invalidAt(`${WA}.list.action.sections[1]`, 'title')],
    ['list with a button of 21 characters', waMessage('list', { ...listOf([{ rows: rows(1) }]), action: { button: 'x'.repeat(21), sections: [{ rows: rows(1) }] } }), '7004', invalidAt(`${WA}.list.action.button`, '20')],
    ['list with an image header', waMessage('list', { ...listOf([{ rows: rows(1) }]), header: { type: 'image', text: 'Menu' } }), '7004', invalidAt(`${WA}.list.header.type`, '')],
    ['list with a header without text', waMessage('list', { ...listOf([{ rows: rows(1) }]), header: { type: 'text' } }), '7003', missingFields(`${WA}.list.header.text`)],

    ['reply without body', waMessage('reply', { action: { buttons: buttons('Yes') } }), '7003', missingFields(`${WA}.reply.body`)],
    ['reply with a button without id', waMessage('reply', replyOf({ buttons: [{ type: 'reply', reply: { title: 'Yes' } }] })), '7003', missingFields(`${WA}.reply.action.buttons[0].reply.id`)],
    ['reply with an image header without url', waMessage('reply', { ...replyOf({ buttons: buttons('Yes') }), header: { type: 'image', image: {} } }), '7003', missingFields(`${WA}.reply.header.image.url`)],
    ['reply with 4 buttons', waMessage('reply', replyOf({ buttons: buttons('A', 'B', 'C', 'D') })), '7004', invalidAt(`${WA}.reply.action.buttons`, '')],
    ['reply with a button title of 21 characters', waMessage('reply', replyOf({ buttons: buttons('x'.repeat(21)) })), '7004', invalidAt(`${WA}.reply.action.buttons[0].reply.title`, '20')],
    ['reply with the same title twice', waMessage('reply', replyOf({ buttons: buttons('Yes', 'Yes') })), '7004', invalidAt(`${WA}.reply.action.buttons[1].reply.title`, 'Yes')],

    ['template without its id', templateMessage({ parameters: {} }), '7003', missingFields('message.template')],
    ['template with a blank id', templateMessage({ template: '  ' }), '7004', invalidAt('message.template', '')],
    ['template whose media parameter has url, not link', templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { url: 'https://cdn.example.com/offer.jpg' }, name: 'Ada', code: 'S25' } }), '7003', missingFields('message.parameters.image.link')],
    ['template with an empty parameter', templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: '', code: 'S25' } }), '7004', invalidAt('message.parameters.name', 'empty')],
    ['template with 5 spaces in a row', templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: 'Ada     L', code: 'S25' } }), '7004', invalidAt('message.parameters.name', 'spaces')],
    ['template with an otp with spaces', templateMessage({ template: 'login_code', parameters: { otp: { type: 'otp', value: '123 456' } } }), '7004', invalidAt('message.parameters.otp.value', 'without spaces')],
    ['template with 4 quick replies', templateMessage({ template: 'welcome', parameters: { quickReply: [1, 2, 3, 4].map((i) => ({ button_text: `B${i}`, payload: `p${i}` })) } }), '7004', invalidAt('message.parameters.quickReply', '')],
    ['template with a type in wa', { ...templateMessage({ template: 'welcome' }), channels: { 'OTT-Messaging': { wa: { type: 'text', text: { body: 'Hi' } } } } }, '7004', invalidAt(`${WA}.type`, 'identity_key_hash')],
    ['template with an unknown id', templateMessage({ template: 'no_such_template', parameters: { name: 'Ada' } }), '7108', 'Invalid template id: no_such_template'],
    ['template with an id that is an Object.prototype key', templateMessage({ template: 'constructor' }), '7108', 'Invalid template id: constructor'],
    ['template with an id left as a {{variable}}', templateMessage({ template: '{{templateId}}' }), '7108', 'Invalid template id: {{templateId}}'],
    ['template missing a configured parameter', templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: 'Ada' } }), '7003', missingFields('message.parameters.code')],
    ['template without any of its parameters', templateMessage({ template: SAMPLE_TEMPLATE_ID }), '7003', missingFields('message.parameters.image', 'message.parameters.name', 'message.parameters.code')],
    ['template missing its header text and URL button', templateMessage({ template: 'order_update', parameters: { name: 'Ada', status: 'on its way' } }), '7003', missingFields('message.parameters.headerText', 'message.parameters.track')],
    ['template missing its otp', templateMessage({ template: 'login_code', parameters: {} }), '7003', missingFields('message.parameters.otp')],

    ['hsm without its hsm object', waMessage('hsm', undefined), '7003', missingFields(`${WA}.hsm`)],
    ['hsm with a numeric namespace', waMessage('hsm', { namespace: 42, element_name: 'x' }), '7004', invalidAt(`${WA}.hsm.namespace`, '')],

    ['wa without type', { ...envelope(), channels: { 'OTT-Messaging': { wa: { text: { body: 'Hi' } } } } }, '7003', missingFields(`${WA}.type`)],
    ['a type no API documents', { ...envelope(), channels: { 'OTT-Messaging': { wa: { type: 'reaction' } } } }, '7004', invalidAt(`${WA}.type`, '')],
  ];

  describe('refusals: 7003 names the missing field, 7004 the field and the problem, 7108 the template', () => {
    for (const [what, payload, code, description] of cases) {
      it(`${code}: ${what}`, async () => {
        assertError(await send(sandbox, payload), code, 400, description);
        assert.deepStrictEqual(sandbox.messages, []);
        assert.deepStrictEqual(
          sandbox.requests.map((q) => q.code),
          [code],
        );
      });
    }
  });

  describe('templates with their parameters complete (1001)', () => {
    const complete: [string, unknown, string][] = [
      ['the sample template', { template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: 'Ada', code: 'S25' } }, `template ${SAMPLE_TEMPLATE_ID}`],
      ['body variables written as the docs write them ("{{name}}")', { template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, '{{name}}': 'Ada', '{{code}}': 'S25' } }, `template ${SAMPLE_TEMPLATE_ID}`],
      [
        'a text header, body variables and a URL button',
        { template: 'order_update', parameters: { headerText: '4711', name: 'Ada', status: 'on its way', track: { type: 'url', payload: '4711' } } },
        'template order_update',
      ],
      ['a document header', { template: 'invoice_ready', parameters: { document: { link: 'https://cdn.example.com/inv.pdf', filename: 'inv.pdf' }, invoice_number: 'INV-1' } }, 'template invoice_ready'],
      ['a one-time password', { template: 'login_code', parameters: { otp: { type: 'otp', value: '123456' } } }, 'template login_code'],
      ['a template without parameters', { template: 'welcome' }, 'template welcome'],
      ['quick replies on top', { template: 'welcome', parameters: { quickReply: [{ button_text: 'Yes', payload: 'y' }] } }, 'template welcome'],
    ];
    for (const [what, message, type] of complete) {
      it(`accepts ${what}`, async () => {
        assertQueued(await send(sandbox, templateMessage(message)));
        assert.strictEqual(sandbox.messages[0].type, type);
      });
    }

    it('accepts a template message with an identity_key_hash in wa', async () => {
      assertQueued(await send(sandbox, { ...templateMessage({ template: 'welcome' }), channels: { 'OTT-Messaging': { wa: { identity_key_hash: 'abc' } } } }));
    });

    it('accepts a deprecated hsm message (the API still takes it)', async () => {
      assertQueued(await send(sandbox, waMessage('hsm', { namespace: 'ns', element_name: 'hello', language: { code: 'en', policy: 'deterministic' }, localizable_params: [] })));
      assert.strictEqual(sandbox.messages[0].type, 'hsm');
    });
  });

  describe('the order of the checks', () => {
    it('names a missing envelope parameter before any message problem', async () => {
      const p = waMessage('image', { url: 'not a link', mimeType: 'image/gif' });
      delete p.appid;
      assertError(await send(sandbox, p), '7003', 400, 'Mandatory parameters missing: appid');
    });

    it('refuses more than 1000 destinations before a message problem', async () => {
      assertError(await send(sandbox, { ...waMessage('text', {}), destination: [{ waid: ids(1001) }] }), '7009', 400, 'More than 1000 destinations');
    });

    it('names a missing field before an invalid value', async () => {
      assertError(await send(sandbox, waMessage('audio', { caption: 'no', mimeType: 'audio/wav' })), '7003', 400, missingFields(`${WA}.audio.url`));
    });

    it('answers 7108 for an unknown template before its parameters, and a schema problem before both', async () => {
      assertError(await send(sandbox, templateMessage({ template: 'nope' })), '7108', 400, 'Invalid template id: nope');
      assertError(await send(sandbox, templateMessage({ template: 'nope', parameters: { otp: { type: 'otp' } } })), '7003', 400, missingFields('message.parameters.otp.value'));
    });

    it('answers 7003 for a missing template parameter before an invalid parameter value', async () => {
      assertError(await send(sandbox, templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: '' } })), '7003', 400, missingFields('message.parameters.code'));
    });
  });

  describe('hostile and fuzzy bodies', () => {
    async function stillServing(): Promise<void> {
      assert.strictEqual((await fetch(sandbox.url + '/healthz')).status, 200);
      assert.strictEqual((await fetch(sandbox.url + '/')).status, 200);
      assert.strictEqual((await fetch(sandbox.url + '/messages')).status, 200);
    }

    it('refuses 100,000 levels of nesting with 7004 and keeps serving', async () => {
      const deep = JSON.stringify(waMessage('text', { body: 'Hi' })).slice(0, -1) + ',"options":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
      assertError(await send(sandbox, deep), '7004', 400, 'Invalid parameters/values: the payload is nested deeper than 64 levels');
      assertError(await send(sandbox, '{"message":' + '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) + '}'), '7003', 400, /^Mandatory parameters missing: deliverychannel/);
      await stillServing();
    });

    it('counts 500,000 destination ids without overflowing the stack', async function () {
      this.timeout(10000);
      const body = JSON.stringify(waMessage('text', { body: 'Hi' })).replace('["16505551234"]', `[${'"16505551234",'.repeat(499_999)}"16505551234"]`);
      assertError(await send(sandbox, body), '7009', 400, 'More than 1000 destinations');
      await stillServing();
    });

    it('answers every mutation of every sample with an API code, never an internal error', async function () {
      this.timeout(30000);
      const samplesDir = join(projectRoot, 'samples');
      const bases = readdirSync(samplesDir)
        .filter((f) => f.endsWith('.wa.jsonc'))
        .map((f) => parseJsonc(readFileSync(join(samplesDir, f), 'utf8')) as Json);
      // A fixed seed: the same bodies on every run, so a failure can be replayed.
      let seed = 0x2f6e2b1;
      const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
      const oddValues: unknown[] = [null, 0, -1, 1e308, true, '', ' ', '{{x}}', '__proto__', 'constructor', 'x'.repeat(5000), [], [null], {}, { __proto__: 1 }, [[[[]]]], { type: 'image' }, '\u0000', '\ud800'];
      const codes = new Map<string, number>();
      for (let round = 0; round < 300; round++) {
        const payload = JSON.parse(JSON.stringify(pick(bases))) as Json;
        for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
          // Walk to a random object or array inside the payload and change, add or remove one entry.
          let node: unknown = payload;
          for (let depth = Math.floor(random() * 7); depth > 0; depth--) {
            const children = node && typeof node === 'object' ? Object.values(node).filter((v) => v && typeof v === 'object') : [];
            if (children.length === 0) break;
            node = pick(children);
          }
          if (!node || typeof node !== 'object') continue;
          const container = node as Record<string, unknown>;
          const keys = Object.keys(container);
          const key = keys.length && random() < 0.8 ? pick(keys) : pick(['__proto__', 'type', 'extra', '0', 'template', 'url']);
          if (random() < 0.25) delete container[key];
          else container[key] = structuredClone(pick(oddValues));
        }
        const r = await send(sandbox, payload);
        const code = (r.json as { response: { code: string } | { code: string }[] }).response;
        const c = Array.isArray(code) ? code[0].code : code.code;
        assert.ok(['1001', '7003', '7004', '7009', '7108'].includes(c), `round ${round}: ${r.text}\n${JSON.stringify(payload).slice(0, 2000)}`);
        codes.set(c, (codes.get(c) ?? 0) + 1);
      }
      // The mutations reach every kind of answer, so the loop tests more than one path.
      for (const c of ['1001', '7003', '7004']) assert.ok((codes.get(c) ?? 0) > 0, `no ${c} among ${JSON.stringify([...codes])}`);
      assert.ok(!logLines.some((l) => l.includes('internal error')), logLines.filter((l) => l.includes('internal error')).join('\n'));
      await stillServing();
    });
  });
});

describe('sandbox templates', () => {
  const open: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('ships the sample template with exactly the parameters the sample gives', () => {
    assert.ok(Object.hasOwn(SHIPPED_TEMPLATES, SAMPLE_TEMPLATE_ID));
    assert.deepStrictEqual(
      expectedParameters(SHIPPED_TEMPLATES[SAMPLE_TEMPLATE_ID]).map((p) => p.name),
      ['image', 'name', 'code'],
    );
  });

  it('uses the templates it is given instead of the shipped ones', async () => {
    const sandbox = await startSandbox({ serviceKey: KEY, templates: { my_tpl: { body: 'Hello {{who}}' } } });
    open.push(sandbox);
    const message = (m: unknown) => ({ deliverychannel: 'whatsapp', appid: 'WA123456', destination: [{ waid: ['16505551234'] }], message: m });
    assertQueued(await send(sandbox, message({ template: 'my_tpl', parameters: { who: 'Ada' } })));
    assertError(await send(sandbox, message({ template: 'my_tpl' })), '7003', 400, 'Mandatory parameters missing: message.parameters.who');
    assertError(await send(sandbox, message({ template: SAMPLE_TEMPLATE_ID })), '7108', 400, `Invalid template id: ${SAMPLE_TEMPLATE_ID}`);
  });

  it('refuses a definitions file that is not in the TemplateDefinitions format, saying where', () => {
    assert.throws(() => asTemplateDefinitions([]), /keyed by template id/);
    assert.throws(() => asTemplateDefinitions({ a: 'x' }), /template "a": the definition must be an object/);
    assert.throws(() => asTemplateDefinitions({ a: { body: 42 } }), /template "a": "body" must be text/);
    assert.throws(() => asTemplateDefinitions({ a: { header: { type: 'audio' } } }), /template "a": "header" must be/);
    assert.throws(() => asTemplateDefinitions({ a: { buttons: [{ type: 'call' }] } }), /template "a": "buttons\[0\]" must have "type"/);
    assert.deepStrictEqual(asTemplateDefinitions({ a: { header: { type: 'text', text: 'Hi {{x}}' }, buttons: [{ type: 'url', name: 'b' }] } }), { a: { header: { type: 'text', text: 'Hi {{x}}' }, buttons: [{ type: 'url', name: 'b' }] } });
  });

  it('reads a templates file, naming it when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxc-sandbox-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ t1: { body: 'Hi {{name}}' } }));
      assert.deepStrictEqual(readTemplatesFile(good), { t1: { body: 'Hi {{name}}' } });
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "t1": ');
      assert.throws(() => readTemplatesFile(broken), (err: Error) => err.message.startsWith(`the templates file ${broken} is not usable: `));
      assert.throws(() => readTemplatesFile(join(dir, 'none.json')), /cannot read the templates file .*none\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sandbox lifecycle', () => {
  const open: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('requires a service key', async () => {
    await assert.rejects(startSandbox({ serviceKey: '' }), /serviceKey/);
  });

  it('releases its port on close(), even with a kept-alive connection', async () => {
    const sandbox = await startSandbox({ serviceKey: KEY });
    assert.strictEqual((await fetch(sandbox.url + '/healthz')).status, 200);
    await sandbox.close();
    await sandbox.close();
    await assert.rejects(fetch(sandbox.url + '/healthz'));
    const again = await startSandbox({ serviceKey: KEY, port: sandbox.port });
    open.push(again);
    assert.strictEqual(again.port, sandbox.port);
    assert.strictEqual((await fetch(again.url + '/healthz')).status, 200);
  });

  it('rejects when its port is taken', async () => {
    const first = await startSandbox({ serviceKey: KEY });
    open.push(first);
    await assert.rejects(startSandbox({ serviceKey: KEY, port: first.port }), /EADDRINUSE/);
  });
});

describe('sandbox CLI', () => {
  const cli = join(projectRoot, 'out', 'src', 'sandbox', 'cli.js');

  it('reads the port from --port, --port= or WXC_SANDBOX_PORT, and the key from WXC_SANDBOX_KEY', () => {
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k' }), { port: 0, serviceKey: 'k' });
    assert.deepStrictEqual(parseCliSettings(['--port', '8123'], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_PORT: '9000' }), { port: 8123, serviceKey: 'k' });
    assert.deepStrictEqual(parseCliSettings(['--port=8124'], { WXC_SANDBOX_KEY: 'k' }), { port: 8124, serviceKey: 'k' });
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_PORT: '9000' }), { port: 9000, serviceKey: 'k' });
    assert.throws(() => parseCliSettings([], {}), /WXC_SANDBOX_KEY/);
    assert.throws(() => parseCliSettings(['--port', 'x'], { WXC_SANDBOX_KEY: 'k' }), /invalid port/);
    assert.throws(() => parseCliSettings(['--port', '70000'], { WXC_SANDBOX_KEY: 'k' }), /invalid port/);
    assert.throws(() => parseCliSettings(['--port'], { WXC_SANDBOX_KEY: 'k' }), /needs a value/);
    assert.throws(() => parseCliSettings(['--verbose'], { WXC_SANDBOX_KEY: 'k' }), /unknown argument/);
  });

  it('reads the delivery delay from --delivery-delay and the webhook secret from --webhook-secret or WXC_SANDBOX_WEBHOOK_SECRET', () => {
    assert.deepStrictEqual(parseCliSettings(['--delivery-delay', '1500'], { WXC_SANDBOX_KEY: 'k' }), { port: 0, serviceKey: 'k', deliveryDelayMs: 1500 });
    assert.deepStrictEqual(parseCliSettings(['--delivery-delay=0'], { WXC_SANDBOX_KEY: 'k' }), { port: 0, serviceKey: 'k', deliveryDelayMs: 0 });
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_WEBHOOK_SECRET: 's1' }), { port: 0, serviceKey: 'k', webhookSecret: 's1' });
    assert.deepStrictEqual(parseCliSettings(['--webhook-secret', 's2'], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_WEBHOOK_SECRET: 's1' }), { port: 0, serviceKey: 'k', webhookSecret: 's2' });
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_WEBHOOK_SECRET: '' }), { port: 0, serviceKey: 'k' });
    for (const bad of ['-1', '1.5', 'soon', '', '60001']) assert.throws(() => parseCliSettings([`--delivery-delay=${bad}`], { WXC_SANDBOX_KEY: 'k' }), /invalid --delivery-delay/, bad);
    assert.throws(() => parseCliSettings(['--delivery-delay'], { WXC_SANDBOX_KEY: 'k' }), /needs a value/);
    assert.throws(() => parseCliSettings(['--webhook-secret='], { WXC_SANDBOX_KEY: 'k' }), /--webhook-secret needs a value/);
  });

  it('reads a templates file from --templates, --templates= or WXC_SANDBOX_TEMPLATES, the option first', () => {
    assert.deepStrictEqual(parseCliSettings(['--templates', 'a.json'], { WXC_SANDBOX_KEY: 'k' }), { port: 0, serviceKey: 'k', templatesFile: 'a.json' });
    assert.deepStrictEqual(parseCliSettings(['--templates=b.json'], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_TEMPLATES: 'c.json' }), { port: 0, serviceKey: 'k', templatesFile: 'b.json' });
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_TEMPLATES: 'c.json' }), { port: 0, serviceKey: 'k', templatesFile: 'c.json' });
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_TEMPLATES: '' }), { port: 0, serviceKey: 'k' });
    assert.throws(() => parseCliSettings(['--templates'], { WXC_SANDBOX_KEY: 'k' }), /--templates needs a value/);
    assert.throws(() => parseCliSettings(['--templates='], { WXC_SANDBOX_KEY: 'k' }), /--templates needs a file name/);
  });

  function run(env: NodeJS.ProcessEnv, args: string[] = []) {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    return { child, exited, out: () => stdout, err: () => stderr };
  }

  it('exits 2 with a clear message when WXC_SANDBOX_KEY is missing', async () => {
    const p = run({});
    const [code] = await p.exited;
    assert.strictEqual(code, 2);
    assert.match(p.err(), /WXC_SANDBOX_KEY is not set/);
    assert.strictEqual(p.out(), '');
  });

  it('runs as the bundle npm start runs (dist/sandbox.js), with the shipped templates', async function () {
    this.timeout(10000);
    const bundle = join(projectRoot, 'dist', 'sandbox.js');
    const child = spawn(process.execPath, [bundle, '--port', '0'], { env: { PATH: process.env.PATH, WXC_SANDBOX_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = once(child, 'exit');
    try {
      await waitFor('the listening line', () => out.includes('\n') || child.exitCode !== null, 8000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      assert.ok(url, `${out}${err}`);
      const sample = parseJsonc(readFileSync(join(projectRoot, 'samples', 'template.wa.jsonc'), 'utf8'));
      const res = await fetch(url + MESSAGING_PATH, { method: 'POST', headers: { key: KEY, 'Content-Type': 'application/json' }, body: JSON.stringify(sample) });
      const body = (await res.json()) as { response: { code: string }[] };
      assert.strictEqual(body.response[0].code, '1001', JSON.stringify(body));
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('exits 2 naming the templates file when it is not usable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxc-sandbox-'));
    try {
      const file = join(dir, 'templates.json');
      writeFileSync(file, JSON.stringify({ t1: { header: { type: 'sticker' } } }));
      const p = run({ WXC_SANDBOX_KEY: KEY }, ['--templates', file]);
      const [code] = await p.exited;
      assert.strictEqual(code, 2);
      assert.ok(p.err().includes(`the templates file ${file} is not usable: template "t1": "header" must be`), p.err());
      assert.strictEqual(p.out(), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('knows the templates of the file given with --templates, and only those', async function () {
    this.timeout(10000);
    const dir = mkdtempSync(join(tmpdir(), 'wxc-sandbox-'));
    const file = join(dir, 'templates.json');
    writeFileSync(file, JSON.stringify({ team_news: { body: 'Hi {{first}}' } }));
    const p = run({ WXC_SANDBOX_KEY: KEY }, ['--port', '0', '--templates', file]);
    try {
      await waitFor('the listening line', () => p.out().includes('\n'), 8000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(p.out())?.[1];
      assert.ok(url, p.out());
      const post = async (message: unknown) => {
        const res = await fetch(url + MESSAGING_PATH, { method: 'POST', headers: { key: KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ deliverychannel: 'whatsapp', appid: 'WA1', destination: [{ waid: ['16505551234'] }], message }) });
        return (await res.json()) as { response: { code: string } | { code: string }[] };
      };
      const queued = (await post({ template: 'team_news', parameters: { first: 'Ada' } })).response as { code: string }[];
      assert.ok(Array.isArray(queued), JSON.stringify(queued));
      assert.strictEqual(queued[0].code, '1001');
      assert.strictEqual(((await post({ template: SAMPLE_TEMPLATE_ID })).response as { code: string }).code, '7108');
      assert.strictEqual(((await post({ template: 'team_news' })).response as { code: string }).code, '7003');
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves, logs one line per request without the key, and stops on SIGTERM', async function () {
    this.timeout(10000);
    const p = run({ WXC_SANDBOX_KEY: KEY }, ['--port', '0']);
    try {
      await waitFor('the listening line', () => p.out().includes('\n'), 8000);
      const match = /^Webex Connect sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(p.out());
      assert.ok(match, p.out());
      const url = match[1];
      const res = await fetch(url + MESSAGING_PATH, { method: 'POST', headers: { key: KEY, 'Content-Type': 'application/json' }, body: JSON.stringify(imagePayload()) });
      assert.strictEqual(res.status, 202);
      await fetch(url + '/healthz');
      await waitFor('two request lines', () => p.out().split('\n').length >= 4);
      const lines = p.out().split('\n');
      assert.match(lines[1], new RegExp(`^POST ${MESSAGING_PATH} 1001 202 \\d+ms$`));
      assert.match(lines[2], /^GET \/healthz - 200 \d+ms$/);
      p.child.kill('SIGTERM');
      const [code] = await p.exited;
      assert.strictEqual(code, 0);
      assert.ok(!p.out().includes(KEY) && !p.err().includes(KEY));
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
  });
});
