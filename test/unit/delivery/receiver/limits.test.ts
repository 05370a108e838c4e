/** The receiver's limits: their defaults and node:http's timeouts, then over real HTTP (bodies past 64 KB, 413; bodies and headers too slow, 408; clients that leave halfway). */
import * as assert from 'node:assert';
import * as http from 'node:http';
import { limitsOf, serverTimeouts } from '../../../../src/core/delivery/receiver/limits';
import { assertNothingSecretLogged, assertRefused, closeReceivers, harness, head, json, raw, report, request, type Refusal } from '../../helpers/receiver';

describe('delivery receiver: limits', function () {
  this.timeout(20_000);

  afterEach(closeReceivers);

  describe('refusals: a 4xx, one log line, nothing taken, the token never logged', () => {
    const cases: Refusal[] = [
      { name: 'a declared 70 KB body', status: 413, log: /413/, send: (r) => request(r.localBaseUrl, { headers: json, body: Buffer.alloc(70 * 1024, 'a') }) },
      {
        name: 'a chunked body that grows past 64 KB',
        status: 413,
        log: /more than 65536 bytes.*413/,
        send: (r) =>
          new Promise((resolve, reject) => {
            const req = http.request(r.localBaseUrl, { method: 'POST', headers: json, agent: false }, (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' }));
            });
            req.on('error', reject);
            for (let i = 0; i < 7; i++) req.write(Buffer.alloc(10 * 1024, ' '));
            req.end();
          }),
      },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.status}`, () => assertRefused(c));
    }
  });

  describe('slow and vanishing clients', () => {
    it('answers 408 to a body that stops halfway, then closes', async () => {
      const { receiver, taken, logs } = await harness({}, { bodyTimeoutMs: 300 });
      const body = report();
      const started = Date.now();
      const { received } = raw(receiver.port, head(receiver.path, `Content-Length: ${body.length}\r\n`) + body.slice(0, body.length / 2));
      const text = await received;
      const elapsed = Date.now() - started;
      assert.match(text, /^HTTP\/1\.1 408 /);
      assert.ok(elapsed >= 250 && elapsed < 5000, `answered after ${elapsed} ms`);
      assert.strictEqual(taken.length, 0);
      assert.match(logs.join('\n'), /not complete after 300 ms \(408\)/);
      assertNothingSecretLogged(logs);
    });

    it('answers 408 (or closes) when the headers never finish', async () => {
      const { receiver, taken } = await harness({}, { headersTimeoutMs: 500 });
      const started = Date.now();
      const { received } = raw(receiver.port, `POST ${receiver.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      const text = await received;
      const elapsed = Date.now() - started;
      assert.ok(text === '' || /^HTTP\/1\.1 408 /.test(text), text);
      assert.ok(elapsed < 5000, `closed after ${elapsed} ms`);
      assert.strictEqual(taken.length, 0);
    });

    it('survives a client that leaves halfway through its body', async () => {
      const { receiver, taken, logs } = await harness();
      const body = report();
      const { socket } = raw(receiver.port, head(receiver.path, `Content-Length: ${body.length}\r\n`) + body.slice(0, 40));
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await new Promise((r) => setTimeout(r, 100));
      assert.strictEqual(taken.length, 0);
      assert.strictEqual(logs.length, 1, logs.join('\n'));
      assert.match(logs[0], /left before its request was complete/);
      assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body })).status, 200);
      assert.strictEqual(taken.length, 1);
    });
  });
});

describe('delivery receiver: limitsOf and serverTimeouts', () => {
  it('fills in 64 KB and 10 s where the options give no limit', () => {
    assert.deepStrictEqual(limitsOf({}), { maxBodyBytes: 65_536, bodyTimeoutMs: 10_000, headersTimeoutMs: 10_000 });
    assert.deepStrictEqual(limitsOf({ maxBodyBytes: 1024, bodyTimeoutMs: 300 }), { maxBodyBytes: 1024, bodyTimeoutMs: 300, headersTimeoutMs: 10_000 });
  });

  it('gives node:http the header deadline, a request deadline past the body\'s, and a beat to check them on', () => {
    assert.deepStrictEqual(serverTimeouts({ maxBodyBytes: 1024, bodyTimeoutMs: 300, headersTimeoutMs: 500 }), {
      headersTimeout: 500,
      requestTimeout: 5800,
      connectionsCheckingInterval: 500,
      keepAliveTimeout: 5000,
    });
    assert.strictEqual(serverTimeouts(limitsOf({})).connectionsCheckingInterval, 1000);
  });
});
