/** The HTTP client (src/core/send/http) against local servers: one post, no redirects, timeouts, resets, refusals, cancelling, odd answers. */
import * as assert from 'node:assert';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { postMessage } from '../../../src/core/send/http';

const KEY = 'test-key-Zq81-do-not-leak';

describe('HTTP client against local servers', () => {
  let server: Server;
  let base: URL;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const sockets = new Set<import('node:net').Socket>();

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        handler(req, res);
      });
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/resources/v1/messaging`);
  });
  beforeEach(() => (received.length = 0));
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  const post = (overrides: Partial<Parameters<typeof postMessage>[0]> = {}) =>
    postMessage({ url: base, serviceKey: KEY, body: '{"a":1}', timeoutMs: 2000, surface: 'editor', ...overrides });

  it('posts once with the key header and JSON, and reads the code', async () => {
    handler = (_req, res) => res.writeHead(202, { 'content-type': 'application/json' }).end('{"response":[{"code":"1001","transid":"abc","description":"Queued"}]}');
    const r = await post();
    assert.ok(r.ok);
    assert.strictEqual(r.answer.transid, 'abc');
    assert.strictEqual(received.length, 1);
    assert.strictEqual(received[0].headers.key, KEY);
    assert.strictEqual(received[0].headers['content-type'], 'application/json');
    assert.strictEqual(received[0].body, '{"a":1}');
  });

  it('with a JWT: Authorization: Bearer and no key header, even when a key is given too; an echoed token is scrubbed', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJzdmMifQ.c2lnbmF0dXJlLW9mLXRlc3Q';
    handler = (req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end(`{"response":{"code":"7001","description":"bad ${req.headers.authorization}"}}`);
    const r = await post({ jwt });
    assert.strictEqual(received.length, 1);
    assert.strictEqual(received[0].headers.authorization, `Bearer ${jwt}`);
    assert.strictEqual(received[0].headers.key, undefined);
    assert.ok(r.ok);
    assert.ok(!r.bodyText.includes(jwt) && !r.answer.prettyBody.includes(jwt), r.bodyText);
  });

  it('does not follow a redirect, and says so', async () => {
    handler = (_req, res) => res.writeHead(307, { location: 'http://127.0.0.1:9/elsewhere' }).end();
    const r = await post();
    assert.ok(!r.ok);
    assert.strictEqual(r.kind, 'redirect');
    assert.match(r.message, /HTTP 307, a redirect .* not followed/);
    assert.strictEqual(received.length, 1);
  });

  it('times out on a server that never answers, without retrying', async () => {
    handler = () => undefined;
    const r = await post({ timeoutMs: 300 });
    assert.ok(!r.ok);
    assert.strictEqual(r.kind, 'timeout');
    assert.ok(r.mayHaveBeenSent);
    assert.match(r.message, /No answer from 127\.0\.0\.1:\d+ within 0\.3 s.*may still have been accepted.*wxc\.timeoutSeconds/);
    assert.strictEqual(received.length, 1);
    const cli = await post({ timeoutMs: 300, surface: 'cli' });
    assert.ok(!cli.ok);
    assert.match(cli.message, /may still have been accepted.*Raise --timeout/);
    assert.doesNotMatch(cli.message, /wxc\.timeoutSeconds/);
  });

  it('onConnected: called once the connection is made, before the answer; never when nothing connects', async () => {
    let answer: (() => void) | undefined;
    const events: string[] = [];
    handler = (_req, res) => {
      events.push('request');
      answer = () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"response":[{"code":"1001","transid":"t","description":"Queued"}]}');
    };
    const pending = post({ onConnected: () => events.push('connected') });
    while (answer === undefined) await new Promise((ok) => setTimeout(ok, 10));
    assert.deepStrictEqual(events, ['connected', 'request']);
    answer();
    assert.ok((await pending).ok);
    // Nothing listening: the connection is refused, onConnected never runs.
    const closed = createNetServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    let connected = false;
    const refused = await post({ url: new URL(`http://127.0.0.1:${port}/`), onConnected: () => (connected = true) });
    assert.ok(!refused.ok && refused.kind === 'refused');
    assert.strictEqual(connected, false);
  });

  it('times out on a body that stalls half-way', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"response":[');
    };
    const r = await post({ timeoutMs: 300 });
    assert.ok(!r.ok && r.kind === 'timeout', JSON.stringify(r));
  });

  it('reports a reset connection as possibly sent', async () => {
    handler = (req) => req.socket.destroy();
    const r = await post();
    assert.ok(!r.ok);
    assert.strictEqual(r.kind, 'reset');
    assert.ok(r.mayHaveBeenSent);
    assert.match(r.message, /closed the connection/);
  });

  it('reports a refused connection as not sent, naming the setting to check', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await post({ url: new URL(`http://127.0.0.1:${port}/resources/v1/messaging`) });
    assert.ok(!r.ok);
    assert.strictEqual(r.kind, 'refused');
    assert.ok(!r.mayHaveBeenSent);
    assert.match(r.message, /refused the connection \(ECONNREFUSED\).*wxc\.environments/);
  });

  it('cancels on request', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await post({ signal: controller.signal, timeoutMs: 5000 });
    assert.ok(!r.ok);
    assert.strictEqual(r.kind, 'cancelled');
  });

  it('reads non-JSON, HTML 500 and huge answers without failing, and scrubs an echoed key', async () => {
    handler = (_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end(`<h1>oops ${KEY}</h1>`);
    const r = await post();
    assert.ok(r.ok);
    assert.strictEqual(r.answer.outcome, 'unreadable');
    assert.ok(!r.bodyText.includes(KEY) && !r.answer.prettyBody.includes(KEY));
    handler = (_req, res) => res.writeHead(200).end('x'.repeat(3 * 1024 * 1024));
    const big = await post();
    assert.ok(big.ok);
    assert.ok(big.bodyText.length < 1.1 * 1024 * 1024, String(big.bodyText.length));
    assert.match(big.bodyText, /answer cut at 1 MB/);
    assert.match(big.answer.meaning, /HTTP 200 with an answer too large to be the API's \(cut at 1 MB\)/);
  });
});
