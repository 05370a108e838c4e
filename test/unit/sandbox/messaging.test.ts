/**
 * The sandbox's messaging endpoint over real HTTP on 127.0.0.1: what it accepts (1001), the API's
 * checks in their order (7002, 7001, 7000, 7003, 7009), other methods and paths, and the host check.
 */
import * as assert from 'node:assert';
import * as http from 'node:http';
import { MAX_BODY_BYTES, MESSAGING_PATH, startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { KEY, type Json, assertError, assertQueued, ids, imagePayload, reply, send } from '../helpers/sandbox';

describe('sandbox messaging API', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 20 });
  });
  beforeEach(() => sandbox.reset());
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

    it('records a template message by its template id and name, and no correlationid when none is sent', async () => {
      const payload = imagePayload({ message: { template: '920384756102938' } });
      delete payload.channels;
      assertQueued(await send(sandbox, payload));
      assert.strictEqual(sandbox.messages[0].type, 'template 920384756102938 (welcome)');
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
});
