/**
 * The sandbox's fault modes at /fault/<mode>/resources/v1/messaging: stalls, resets, bodies that
 * are not the API's, 429; what is recorded of them, and that reset() and close() end the stalls.
 */
import * as assert from 'node:assert';
import * as http from 'node:http';
import { FAULT_MODES, MESSAGING_PATH, startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { KEY, assertError, imagePayload, reply, sleep, waitFor } from '../helpers/sandbox';

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
