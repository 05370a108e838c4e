/**
 * The delivery receiver over real HTTP on 127.0.0.1: the one path, HEAD, signatures, every
 * refusal (wrong token, method, type, size, speed, body), nothing crashes, nothing secret logged,
 * and a burst of 1,000 reports across 100 sends taken with none lost.
 */
import * as assert from 'node:assert';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import { type DeliveryReport, deliveryReportBody } from '../../../src/core/delivery/reports';
import { checkPublicBaseUrl, notifyUrlFor, startReceiver, type Receiver, type ReceiverOptions } from '../../../src/core/delivery/receiver';

const SECRET = 'whsec-4f1d2c7a9b3e-webhook-secret';
const TOKEN = 'tok_ABCdef0123456789-xyzXYZ_000111';

interface Taken {
  report: DeliveryReport;
  meta: { receivedAt: string; environment?: string };
}

interface Harness {
  receiver: Receiver;
  taken: Taken[];
  logs: string[];
  secretsAsked: (string | undefined)[];
}

const open: Receiver[] = [];

async function harness(secrets: Record<string, string> = {}, extra: Partial<ReceiverOptions> = {}): Promise<Harness> {
  const taken: Taken[] = [];
  const logs: string[] = [];
  const secretsAsked: (string | undefined)[] = [];
  const receiver = await startReceiver({
    token: TOKEN,
    secretFor: async (env) => {
      secretsAsked.push(env);
      return env === undefined ? undefined : secrets[env];
    },
    onReport: (report, meta) => taken.push({ report, meta }),
    log: (line) => logs.push(line),
    ...extra,
  });
  open.push(receiver);
  return { receiver, taken, logs, secretsAsked };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request with node:http (no client-side opinions about methods, types or bodies). */
function request(url: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer; agent?: http.Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };
const hmac = (alg: 'sha256' | 'sha512', body: string, secret = SECRET) => createHmac(alg, secret).update(body).digest('hex');

function report(transid = '5f0c6a43-9b1d-4a4e-8a9e-2f6d7c1b0a11', code = '7500', state: DeliveryReport['state'] = 'Delivered', destination = '16505551234'): string {
  return deliveryReportBody({ transid, destination, state, code, timeStamp: '2026-11-25T18:00:00.000Z' });
}

/** The raw HTTP/1.1 head of a POST, for clients that misbehave on purpose. */
const head = (path: string, extra: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}\r\n`;

/** Opens a raw connection, writes `text`, and collects whatever comes back until the server closes. */
function raw(port: number, text: string): { socket: net.Socket; received: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(text);
  let got = '';
  socket.on('data', (c: Buffer) => (got += c.toString('latin1')));
  const received = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(got));
    socket.on('error', () => undefined);
  });
  return { socket, received };
}

function assertNothingSecretLogged(logs: string[]): void {
  for (const line of logs) {
    assert.ok(!line.includes(TOKEN), `the token leaked into a log line: ${line}`);
    assert.ok(!line.includes(SECRET), `the secret leaked into a log line: ${line}`);
  }
}

describe('delivery receiver', function () {
  this.timeout(20_000);

  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });

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
    open.push(a, b);
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

  it('answers HEAD with 200 on its path, with and without an environment', async () => {
    const { receiver, taken } = await harness();
    for (const url of [receiver.localBaseUrl, `${receiver.localBaseUrl}/prod`, `${receiver.localBaseUrl}/`]) {
      const r = await request(url, { method: 'HEAD' });
      assert.strictEqual(r.status, 200, url);
      assert.strictEqual(r.text, '');
    }
    assert.strictEqual(taken.length, 0);
  });

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

  it('takes a report on the bare token path with no environment', async () => {
    const { receiver, taken, secretsAsked } = await harness();
    const r = await request(receiver.localBaseUrl, { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: report() });
    assert.strictEqual(r.status, 200);
    assert.deepStrictEqual(secretsAsked, [undefined]);
    assert.strictEqual(taken.length, 1);
    assert.strictEqual(taken[0].meta.environment, undefined);
  });

  it('decodes the environment segment and asks for that environment\'s secret', async () => {
    const env = 'Acme prod/EU é';
    const { receiver, taken, secretsAsked } = await harness({ [env]: SECRET });
    const body = report();
    const r = await request(notifyUrlFor(`http://127.0.0.1:${receiver.port}`, receiver.token, env), {
      headers: { ...json, 'x-hub-signature': `sha256=${hmac('sha256', body)}` },
      body,
    });
    assert.strictEqual(r.status, 200, r.text);
    assert.deepStrictEqual(secretsAsked, [env]);
    assert.strictEqual(taken[0].meta.environment, env);
  });

  describe('signatures, when the environment has a webhook secret', () => {
    const body = report('t-signed');
    const accepted: [string, string][] = [
      ['sha256=<hex>', `sha256=${hmac('sha256', body)}`],
      ['sha512=<hex>', `sha512=${hmac('sha512', body)}`],
      ['SHA256=<HEX> (case)', `SHA256=${hmac('sha256', body).toUpperCase()}`],
      ['bare sha256 hex', hmac('sha256', body)],
      ['bare sha512 hex', hmac('sha512', body)],
      ['sha256=<base64>', `sha256=${createHmac('sha256', SECRET).update(body).digest('base64')}`],
    ];
    for (const [name, header] of accepted) {
      it(`accepts ${name}`, async () => {
        const { receiver, taken, logs } = await harness({ prod: SECRET });
        const r = await request(`${receiver.localBaseUrl}/prod`, { headers: { ...json, 'x-hub-signature': header }, body });
        assert.strictEqual(r.status, 200, r.text);
        assert.strictEqual(taken.length, 1);
        assert.strictEqual(taken[0].report.transid, 't-signed');
        assertNothingSecretLogged(logs);
      });
    }

    const refused: [string, Record<string, string>, string][] = [
      ['a missing signature', {}, body],
      ['an empty signature', { 'x-hub-signature': '' }, body],
      ['a signature made with another secret', { 'x-hub-signature': `sha256=${hmac('sha256', body, 'another-secret')}` }, body],
      ['a signature of another body', { 'x-hub-signature': `sha256=${hmac('sha256', report('t-other'))}` }, body],
      ['a sha512 digest labelled sha256', { 'x-hub-signature': `sha256=${hmac('sha512', body)}` }, body],
      ['a truncated digest', { 'x-hub-signature': `sha256=${hmac('sha256', body).slice(0, 32)}` }, body],
      ['garbage', { 'x-hub-signature': 'sha256=not-a-digest!' }, body],
      // The signature is over the raw bytes: the same JSON re-serialised with a space is another body.
      ['a signature of the body before re-serialising', { 'x-hub-signature': `sha256=${hmac('sha256', body)}` }, body.replace('{"deliveryInfo"', '{ "deliveryInfo"')],
    ];
    for (const [name, headers, sent] of refused) {
      it(`refuses ${name} with 401, logged, nothing taken`, async () => {
        const { receiver, taken, logs } = await harness({ prod: SECRET });
        const r = await request(`${receiver.localBaseUrl}/prod`, { headers: { ...json, ...headers }, body: sent });
        assert.strictEqual(r.status, 401, r.text);
        assert.strictEqual(taken.length, 0);
        assert.strictEqual(logs.length, 1, logs.join('\n'));
        assert.match(logs[0], /x-hub-signature/);
        assert.match(logs[0], /401/);
        assertNothingSecretLogged(logs);
        assert.ok(!r.text.includes(SECRET));
      });
    }

    it('needs no signature for an environment without a secret, on the same receiver', async () => {
      const { receiver, taken } = await harness({ prod: SECRET });
      assert.strictEqual((await request(`${receiver.localBaseUrl}/dev`, { headers: json, body })).status, 200);
      assert.strictEqual((await request(`${receiver.localBaseUrl}/prod`, { headers: json, body })).status, 401);
      assert.deepStrictEqual(taken.map((x) => x.meta.environment), ['dev']);
    });

    it('answers 500, logged without the secret, when the secret cannot be read', async () => {
      const logs: string[] = [];
      const receiver = await startReceiver({
        token: TOKEN,
        secretFor: () => Promise.reject(new Error('secret storage unavailable')),
        onReport: () => assert.fail('nothing may be taken'),
        log: (line) => logs.push(line),
      });
      open.push(receiver);
      const r = await request(`${receiver.localBaseUrl}/prod`, { headers: json, body });
      assert.strictEqual(r.status, 500);
      assert.match(logs.join('\n'), /secret storage unavailable/);
      assertNothingSecretLogged(logs);
    });
  });

  describe('refusals: a 4xx, one log line, nothing taken, the token never logged', () => {
    const cases: { name: string; status: number; log: RegExp; send: (r: Receiver) => Promise<Answer> }[] = [
      { name: 'a wrong token', status: 404, log: /unknown path/, send: (r) => request(`http://127.0.0.1:${r.port}/${TOKEN.slice(0, -1)}x`, { headers: json, body: report() }) },
      { name: 'the token as a prefix of a longer segment', status: 404, log: /unknown path/, send: (r) => request(`${r.localBaseUrl}0`, { headers: json, body: report() }) },
      { name: 'the root path', status: 404, log: /unknown path/, send: (r) => request(`http://127.0.0.1:${r.port}/`, { method: 'HEAD' }) },
      { name: 'a path below an environment', status: 404, log: /unknown path/, send: (r) => request(`${r.localBaseUrl}/prod/more`, { headers: json, body: report() }) },
      { name: 'a broken percent-encoding', status: 404, log: /unknown path/, send: (r) => request(`${r.localBaseUrl}/%E0%A4%A`, { headers: json, body: report() }) },
      { name: 'GET', status: 405, log: /GET.*405/, send: (r) => request(r.localBaseUrl, { method: 'GET' }) },
      { name: 'PUT', status: 405, log: /PUT.*405/, send: (r) => request(`${r.localBaseUrl}/prod`, { method: 'PUT', headers: json, body: report() }) },
      { name: 'text/plain', status: 415, log: /text\/plain.*415/, send: (r) => request(r.localBaseUrl, { headers: { 'Content-Type': 'text/plain' }, body: report() }) },
      { name: 'a form', status: 415, log: /415/, send: (r) => request(r.localBaseUrl, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' }) },
      { name: 'no Content-Type', status: 415, log: /415/, send: (r) => request(r.localBaseUrl, { body: report() }) },
      { name: 'malformed JSON', status: 400, log: /not JSON.*400/, send: (r) => request(r.localBaseUrl, { headers: json, body: '{"deliveryInfoNotification": {' }) },
      { name: 'an empty body', status: 400, log: /not JSON/, send: (r) => request(r.localBaseUrl, { headers: json, body: '' }) },
      { name: 'JSON that is not a report', status: 400, log: /deliveryInfoNotification/, send: (r) => request(r.localBaseUrl, { headers: json, body: '{"hello":"world"}' }) },
      { name: 'a report without a transid', status: 400, log: /transid/, send: (r) => request(r.localBaseUrl, { headers: json, body: report('') }) },
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
      it(`${c.name} → ${c.status}`, async () => {
        const { receiver, taken, logs } = await harness();
        const r = await c.send(receiver);
        assert.strictEqual(r.status, c.status, r.text);
        assert.strictEqual(taken.length, 0);
        assert.strictEqual(logs.length, 1, logs.join('\n'));
        assert.match(logs[0], c.log);
        assertNothingSecretLogged(logs);
        if (c.status === 405) assert.strictEqual(r.headers.allow, 'POST, HEAD');
        // Still serving after the refusal.
        assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 200);
      });
    }

    it('says why a body is not a report, in the answer', async () => {
      const { receiver } = await harness();
      const r = await request(receiver.localBaseUrl, { headers: json, body: '[1,2]' });
      assert.strictEqual(r.status, 400);
      assert.strictEqual(r.text.trim(), 'The body has no "deliveryInfoNotification" object.');
    });

    it('never echoes a report or HTML back', async () => {
      const { receiver } = await harness();
      const r = await request(receiver.localBaseUrl, { headers: json, body: '<script>alert(1)</script>' });
      assert.strictEqual(r.status, 400);
      assert.ok(!r.text.includes('<script>'));
      assert.strictEqual(r.headers['content-type'], 'text/plain; charset=utf-8');
      assert.strictEqual(r.headers['x-content-type-options'], 'nosniff');
    });

    it('escapes control characters of an environment name in its log line', async () => {
      const { receiver, logs } = await harness();
      await request(`${receiver.localBaseUrl}/evil%0Aforged%20line`, { headers: { 'Content-Type': 'text/plain' }, body: 'x' });
      assert.strictEqual(logs.length, 1);
      assert.ok(!logs[0].includes('\n'), logs[0]);
      assert.match(logs[0], /"evil\\nforged line"/);
    });
  });

  describe('slow, broken and vanishing clients', () => {
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

    it('answers 400 to a request line that is not HTTP, and keeps serving', async () => {
      const { receiver, taken, logs } = await harness();
      const text = await raw(receiver.port, 'HELLO THERE\r\n\r\n').received;
      assert.match(text, /^HTTP\/1\.1 400 /);
      assert.strictEqual(taken.length, 0);
      assert.match(logs.join('\n'), /malformed/);
      assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 200);
    });

    it('answers 431 to oversized headers', async () => {
      const { receiver, taken } = await harness();
      const text = await raw(receiver.port, head(receiver.path, `X-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 2\r\n`) + '{}').received;
      assert.match(text, /^HTTP\/1\.1 431 /);
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
      open.push(receiver);
      assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 500);
      assert.match(logs.join('\n'), /disk full/);
      assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 200);
      assert.strictEqual(calls, 2);
    });

    it('closes promptly with a stalled client still connected', async () => {
      const { receiver } = await harness();
      const { received } = raw(receiver.port, head(receiver.path, 'Content-Length: 100\r\n') + '{');
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      await receiver.close();
      await received;
      assert.ok(Date.now() - started < 2000);
      open.splice(open.indexOf(receiver), 1);
    });
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

describe('notify URLs', () => {
  it('builds <base>/<token>/<environment> from a public base, trimmed, encoded', () => {
    assert.strictEqual(notifyUrlFor('  https://abc123-8787.euw.devtunnels.ms/ ', TOKEN, 'prod'), `https://abc123-8787.euw.devtunnels.ms/${TOKEN}/prod`);
    assert.strictEqual(notifyUrlFor('https://hooks.acme.io/wxc', TOKEN, 'Acme EU/1'), `https://hooks.acme.io/wxc/${TOKEN}/Acme%20EU%2F1`);
    assert.strictEqual(notifyUrlFor('https://hooks.acme.io', TOKEN), `https://hooks.acme.io/${TOKEN}`);
  });

  it('does not repeat the token of a local base URL', () => {
    assert.strictEqual(notifyUrlFor(`http://127.0.0.1:8787/${TOKEN}`, TOKEN, 'sandbox'), `http://127.0.0.1:8787/${TOKEN}/sandbox`);
    assert.strictEqual(notifyUrlFor('http://127.0.0.1:8787', TOKEN, 'sandbox'), `http://127.0.0.1:8787/${TOKEN}/sandbox`);
  });

  it('refuses a public base that Webex Connect cannot post to, saying why', () => {
    assert.throws(() => notifyUrlFor('http://hooks.acme.io', TOKEN, 'prod'), /https:\/\//);
    assert.throws(() => notifyUrlFor('hooks.acme.io', TOKEN, 'prod'), /not a URL/);
    assert.throws(() => notifyUrlFor('https://user:pw@hooks.acme.io', TOKEN, 'prod'), /user name or password/);
    assert.throws(() => notifyUrlFor('https://hooks.acme.io/?a=1', TOKEN, 'prod'), /query/);
    assert.deepStrictEqual(checkPublicBaseUrl(' https://x.trycloudflare.com '), { url: 'https://x.trycloudflare.com' });
  });
});
