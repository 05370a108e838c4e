/**
 * `wxc send` options and what it prints from outside (the real bundle, servers on 127.0.0.1):
 * --timeout's range and the advice naming it, control characters in the answer and the payload
 * shown as escapes.
 */
import * as assert from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../helpers/jsonService';
import { type Run, removeTempDirs, tempDir, wxc } from '../helpers/wxcRun';

const KEY = 'send-options-key-4d2c';
const variables = { WAAppid: 'app', waid: '15550001234' };
const TEXT = readFileSync(join(projectRoot, 'samples', 'text.wa.jsonc'), 'utf8');
const REPLY = readFileSync(join(projectRoot, 'samples', 'reply.wa.jsonc'), 'utf8');
/** Control characters a terminal acts on (LF aside): none may reach the output raw. */
// eslint-disable-next-line no-control-regex -- looking for them is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('wxc send: --timeout, and text from outside (dist/wxc.js, a server on 127.0.0.1)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: Server;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  let requests = 0;

  before(async () => {
    server = createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => handler(req, res));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'wxc.environments': { local: { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, variables } } }));
    writeFileSync(join(dir, 'text.wa.jsonc'), TEXT);
  });
  beforeEach(() => (requests = 0));
  after(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    removeTempDirs();
  });

  const send = (file: string, ...args: string[]): Promise<Run> => wxc(['send', file, '--env', 'local', '--settings', 'settings.json', '--yes', ...args], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });

  it('--timeout outside 1 to 600, or not a plain number: a usage error naming the range, exit 2, nothing sent', async () => {
    for (const value of ['0', '0.001', '0.999', '600.5', '601', '1e9', '1e2', 'NaN', 'Infinity', '-5', 'abc', '', ' 30', '0x10']) {
      const r = await send('text.wa.jsonc', `--timeout=${value}`);
      assert.strictEqual(r.code, 2, `--timeout=${value}: ${r.out}${r.err}`);
      assert.strictEqual(r.err.trim(), `wxc: --timeout is a number of seconds from 1 to 600, not "${value}".`);
    }
    assert.strictEqual(requests, 0);
    for (const value of ['1', '600', '2.5']) {
      const r = await send('text.wa.jsonc', '--timeout', value, '--dry-run');
      assert.strictEqual(r.code, 0, `--timeout ${value}: ${r.err}`);
    }
  });

  it('after a timeout the advice names --timeout, not the editor\'s setting', async () => {
    handler = () => undefined; // never answers
    const r = await send('text.wa.jsonc', '--timeout', '1');
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.strictEqual(requests, 1);
    assert.match(r.err, /No answer from 127\.0\.0\.1:\d+ within 1 s\. The message may still have been accepted: check the delivery reports before sending again\. Raise --timeout \(seconds, up to 600\) if the network is slow\./);
    assert.doesNotMatch(r.err, /wxc\.timeoutSeconds/);
  });

  it('an answer with control characters: shown as escapes, every line intact', async () => {
    const answer = '{"response":[{"code":"1001","transid":"t\\u001b]0;owned\\u0007","description":"Queued\\u001b[2K\\r\\u202e"}]}';
    handler = (_req, res) => res.writeHead(202, { 'content-type': 'application/json' }).end(answer);
    const r = await send('text.wa.jsonc');
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.ok(!RAW.test(r.out) && !RAW.test(r.err), JSON.stringify(r));
    assert.strictEqual(r.out.trim(), 'text.wa.jsonc: 1001 Queued transid t\\x1b]0;owned\\x07');
  });

  it('a payload whose problems quote hostile text: each problem on its own line, escapes visible', async () => {
    const hostile = 'x\\u001b[2K\\r\\u009b\\u202e';
    const text = REPLY.replace('"confirm"', `"${hostile}"`).replace('"reschedule"', `"${hostile}"`);
    assert.notStrictEqual(text, REPLY);
    writeFileSync(join(dir, 'dup\nid.wa.jsonc'), text);
    const r = await send('dup\nid.wa.jsonc');
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.strictEqual(requests, 0);
    assert.ok(!RAW.test(r.err), r.err);
    assert.match(r.err, /^dup\\x0aid\.wa\.jsonc:\d+:\d+ error Button id "x\\x1b\[2K\\x0d\\x9b\\u202e" is used twice/m);
  });

  it('--dry-run: the JSON and the cURL command keep their meaning, with bidi and C1 characters as \\u escapes', async () => {
    const text = TEXT.replace(/"body": "([^"]*)"/, '"body": "safe \\u202eevil\\u009b"');
    assert.notStrictEqual(text, TEXT);
    writeFileSync(join(dir, 'bidi.wa.jsonc'), text);
    const r = await send('bidi.wa.jsonc', '--dry-run');
    assert.strictEqual(r.code, 0, r.err);
    assert.ok(!RAW.test(r.out), r.out);
    const json = r.out.slice(0, r.out.indexOf('\n\n'));
    assert.ok(JSON.stringify(JSON.parse(json)).includes('safe \u202eevil\u009b'), json);
    assert.ok(r.out.includes('safe \\u202eevil\\u009b'), r.out);
  });
});
