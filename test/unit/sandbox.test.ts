/**
 * The local Messaging API sandbox, over real HTTP on 127.0.0.1: the API's checks in order, the
 * recorded traffic (never the key), delivery reports to loopback only, the pages and the CLI.
 */
import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as http from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseCliSettings } from '../../src/sandbox/cli';
import { FAULT_MODES, MAX_BODY_BYTES, MESSAGING_PATH, isLoopbackUrl, startSandbox, type Sandbox } from '../../src/sandbox/server';

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
  body: string;
}

/** A local notify URL receiver answering `status` (0: never answering). */
async function startReceiver(status = 200): Promise<{ url: string; hits: Hit[]; server: http.Server }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
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
  const extraSandboxes: Sandbox[] = [];

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 20, log: (l) => logLines.push(l) });
  });
  beforeEach(() => sandbox.reset());
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map(closeServer));
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

    it('records a message without wa.type or correlationid without those fields', async () => {
      const payload = imagePayload();
      (payload.channels as { 'OTT-Messaging': { wa: Json } })['OTT-Messaging'].wa = { message: { template: 't1' } };
      assertQueued(await send(sandbox, payload));
      assert.ok(!('type' in sandbox.messages[0]));
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
        { waid: ids(w1, '1'), bsuid: ids(b1, 'US.') },
        { waid: ids(w2, '2') },
      ];
      assertQueued(await send(sandbox, imagePayload({ destination: mixed(400, 300, 300) })));
      assert.strictEqual(sandbox.messages[0].recipients, 1000);
      assertError(await send(sandbox, imagePayload({ destination: mixed(400, 301, 300) })), '7009', 400, 'More than 1000 destinations');
      assertError(await send(sandbox, imagePayload({ destination: [{ bsuid: ids(1001, 'US.') }] })), '7009', 400, 'More than 1000 destinations');
      assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: ['1'], bsuid: ['US.1', 'US.2'] }, { bsuid: ['US.3'] }] })));
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
    it('posts the reference report to a loopback notifyurl, once', async () => {
      const receiver = await startReceiver();
      receivers.push(receiver.server);
      const payload = imagePayload({
        destination: [{ waid: ['919900000001', '919900000002'] }],
        notifyurl: `${receiver.url}/dr?x=1`,
        correlationid: 'order-42',
        callbackData: 'cb-data',
      });
      const transid = assertQueued(await send(sandbox, payload));
      await waitFor('the delivery report', () => receiver.hits.length === 1 && sandbox.reports.length === 1);
      const hit = receiver.hits[0];
      assert.strictEqual(hit.method, 'POST');
      assert.strictEqual(hit.path, '/dr?x=1');
      assert.strictEqual(hit.contentType, 'application/json');
      const report = JSON.parse(hit.body) as { deliveryInfoNotification: { deliveryInfo: { timeStamp: string } } };
      const timeStamp = report.deliveryInfoNotification.deliveryInfo.timeStamp;
      assert.match(timeStamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepStrictEqual(report, {
        deliveryInfoNotification: {
          deliveryInfo: {
            deliveryChannel: 'whatsapp',
            Description: 'Delivered',
            destinationType: 'waid',
            timeStamp,
            code: '7500',
            additionalInfo: '',
            deliveryStatus: 'Delivered',
            destination: '919900000001',
          },
          subtid: '',
          correlationid: 'order-42',
          callbackData: 'cb-data',
          transid,
        },
      });
      assert.strictEqual(sandbox.reports[0].transid, transid);
      assert.strictEqual(sandbox.reports[0].url, `${receiver.url}/dr?x=1`);
      assert.strictEqual(sandbox.reports[0].status, 200);
      assert.strictEqual(sandbox.reports[0].error, undefined);
      await sleep(100);
      assert.strictEqual(receiver.hits.length, 1);
    });

    it('fills empty correlationid and callbackData and uses a bsuid when there is no waid', async () => {
      const receiver = await startReceiver();
      receivers.push(receiver.server);
      const transid = assertQueued(await send(sandbox, imagePayload({ destination: [{ bsuid: ['US.bsuid.1'] }], notifyurl: receiver.url + '/' })));
      await waitFor('the delivery report', () => receiver.hits.length === 1);
      const n = (JSON.parse(receiver.hits[0].body) as { deliveryInfoNotification: Json }).deliveryInfoNotification;
      assert.strictEqual(n.correlationid, '');
      assert.strictEqual(n.callbackData, '');
      assert.strictEqual(n.transid, transid);
      assert.strictEqual((n.deliveryInfo as Json).destination, 'US.bsuid.1');
    });

    it('records the status of a failing receiver without retrying', async () => {
      const receiver = await startReceiver(500);
      receivers.push(receiver.server);
      assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url + '/fail' })));
      await waitFor('the report attempt', () => sandbox.reports.length === 1);
      assert.strictEqual(sandbox.reports[0].status, 500);
      await sleep(150);
      assert.strictEqual(receiver.hits.length, 1);
      assert.strictEqual(sandbox.reports.length, 1);
    });

    it('records an error when nothing listens at the loopback notifyurl', async () => {
      const probe = createNetServer().listen(0, '127.0.0.1');
      await once(probe, 'listening');
      const port = (probe.address() as AddressInfo).port;
      await new Promise((r) => probe.close(r));
      assertQueued(await send(sandbox, imagePayload({ notifyurl: `http://127.0.0.1:${port}/dr` })));
      await waitFor('the report attempt', () => sandbox.reports.length === 1);
      assert.strictEqual(sandbox.reports[0].status, undefined);
      assert.match(sandbox.reports[0].error ?? '', /ECONNREFUSED/);
    });

    it('never contacts a non-loopback notifyurl', async () => {
      const urls = [
        'https://hooks.example.com/x',
        'http://127.0.0.1.nip.io/x',
        'http://localhost.example.com/x',
        'http://10.0.0.1/x',
        'ftp://127.0.0.1/x',
        'not a url',
      ];
      for (const notifyurl of urls) assertQueued(await send(sandbox, imagePayload({ notifyurl })));
      await sleep(200);
      assert.deepStrictEqual(sandbox.reports, []);
      assert.strictEqual(logLines.filter((l) => /skipped/.test(l)).length >= urls.length, true);
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

    it('drops a report that is in flight on reset()', async () => {
      const receiver = await startReceiver(0);
      receivers.push(receiver.server);
      assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
      await waitFor('the receiver to be hit', () => receiver.hits.length === 1);
      sandbox.reset();
      await sleep(100);
      assert.deepStrictEqual(sandbox.reports, []);
    });
  });

  describe('recording and pages', () => {
    it('reset() and DELETE /messages clear messages, requests and reports', async () => {
      const receiver = await startReceiver();
      receivers.push(receiver.server);
      assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
      await waitFor('the report', () => sandbox.reports.length === 1);
      sandbox.reset();
      assert.deepStrictEqual([sandbox.messages, sandbox.requests, sandbox.reports], [[], [], []]);

      assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
      await waitFor('the report', () => sandbox.reports.length === 1);
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
      await waitFor('the report', () => sandbox.reports.length === 1);
      const r = await reply(await fetch(sandbox.url + '/messages'));
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.contentType, 'application/json');
      const body = r.json as { messages: { transid: string }[]; requests: { code: string }[]; reports: { transid: string }[] };
      assert.deepStrictEqual(Object.keys(body).sort(), ['messages', 'reports', 'requests']);
      assert.deepStrictEqual(body.messages.map((m) => m.transid), [transid]);
      assert.deepStrictEqual(body.requests.map((q) => q.code), ['1001', '7002']);
      assert.deepStrictEqual(body.reports.map((x) => x.transid), [transid]);
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
      await waitFor('the report', () => sandbox.reports.length === 1);
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
  const cli = join(__dirname, '..', '..', 'src', 'sandbox', 'cli.js');

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
