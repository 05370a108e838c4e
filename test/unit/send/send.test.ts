/** The prepare-to-send pipeline, endpoints, answers, cURL and the HTTP client, in plain Node. */
import * as assert from 'node:assert';
import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { buildCurl } from '../../../src/core/send/curl';
import { endpointFor, isDocumentedHost } from '../../../src/core/send/endpoint';
import { isLoopbackHost } from '../../../src/core/net/hosts';
import { addToHistory, HistoryEntry } from '../../../src/core/send/history';
import { postMessage } from '../../../src/core/send/http';
import { parsePayload } from '../../../src/core/json/jsonc';
import { prepareMessage } from '../../../src/core/send/prepare';
import { buildReport } from '../../../src/core/send/report';
import { interpretAnswer } from '../../../src/core/send/responses';
import { scrub } from '../../../src/core/send/scrub';
import { resolveVariables, variableReferencePattern } from '../../../src/core/payload/variables';
import { approveHost, hostDecision } from '../../../src/core/send/hostTrust';
import { payload, text } from '../helpers/payloads';

const vars = { WAAppid: 'app-123', waid: '447700900123' };
const KEY = 'test-key-Zq81-do-not-leak';

describe('parsing payload text', () => {
  it('reads comments, trailing commas and a BOM', () => {
    const parsed = parsePayload('\uFEFF// c\n{ "a": [1, 2,], /* b */ "b": "x", }');
    assert.deepStrictEqual(parsed.problems, []);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(parsed.value)), { a: [1, 2], b: 'x' });
  });

  it('locates syntax errors by line and column and says what was expected', () => {
    const parsed = parsePayload('{\n  "a": 1\n  "b": 2\n}');
    assert.strictEqual(parsed.problems.length, 1);
    assert.deepStrictEqual([parsed.problems[0].line, parsed.problems[0].column], [3, 3]);
    assert.match(parsed.problems[0].message, /line 3, column 3: a comma was expected/);
  });

  it('explains an empty payload', () => {
    for (const empty of ['', '   \n', '// only a comment\n']) {
      const parsed = parsePayload(empty);
      assert.strictEqual(parsed.problems.length, 1, JSON.stringify(empty));
      assert.match(parsed.problems[0].message, /empty|value was expected/);
    }
  });
});

describe('variables', () => {
  it('fills in every {{name}} in string values, not in keys', () => {
    const r = resolveVariables({ '{{k}}': '{{ waid }}', list: ['x{{WAAppid}}y', 3], n: null }, { ...vars, k: 'K' });
    assert.deepStrictEqual(r.value, { '{{k}}': '447700900123', list: ['xapp-123y', 3], n: null });
    assert.deepStrictEqual(r.unresolved, []);
    assert.deepStrictEqual(r.used, ['waid', 'WAAppid']);
  });

  it('reports each unresolved name with its path, and keeps __proto__ a plain key', () => {
    const r = resolveVariables(JSON.parse('{"a": ["{{one}}", {"b": "{{two}} {{one}}"}], "__proto__": {"x": "{{three}}"}}'), {});
    assert.deepStrictEqual(
      r.unresolved.map((u) => [u.name, u.path.join('.')]),
      [['one', 'a.0'], ['two', 'a.1.b'], ['one', 'a.1.b'], ['three', '__proto__.x']],
    );
    assert.strictEqual(Object.getPrototypeOf(r.value), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(r.value, '__proto__'));
  });

  it('leaves its input alone: what changes is copied, the rest is shared', () => {
    const source = '{"a": {"b": "{{waid}}"}, "keep": {"c": [1]}, "__proto__": {"x": "{{waid}}"}}';
    const input = JSON.parse(source);
    const r = resolveVariables(input, vars);
    assert.strictEqual(JSON.stringify(input), JSON.stringify(JSON.parse(source)), 'the input is unchanged');
    assert.strictEqual(r.value.keep, input.keep);
    assert.notStrictEqual(r.value.a, input.a);
    assert.strictEqual(JSON.stringify(r.value), '{"a":{"b":"447700900123"},"keep":{"c":[1]},"__proto__":{"x":"447700900123"}}');
    assert.strictEqual(Object.getPrototypeOf(r.value), Object.prototype, 'a "__proto__" key never becomes the prototype');
    assert.strictEqual(resolveVariables(input, {}).value, input, 'nothing to fill in: the same object');
  });

  it('lists the strings that still look like references once filled in', () => {
    const r = resolveVariables({ a: '{{waid}}', b: ['{{ 1x }}', 'ok', 'x}}'], c: '{{nope}}', d: '{{k}}' }, { ...vars, k: '{{waid}}' });
    assert.deepStrictEqual(
      r.leftovers.map((l) => [l.path.join('.'), l.text]),
      [['b.0', '{{ 1x }}'], ['b.2', '}}'], ['c', '{{nope}}'], ['d', '{{waid}}']],
    );
  });

  it('fills in references as String.replace with the reference pattern does', () => {
    const pieces = ['{{', '}}', '{', '}', ' ', 'waid', 'a', '1', '_', '.', '-', 'x y', '{{waid}}', '{{ waid }}', '\u00a0', '\n'];
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const defined: Record<string, string> = { waid: '<W>', a: '<A>' };
    const isDefined = (name: string) => Object.prototype.hasOwnProperty.call(defined, name);
    const replace = (whole: string, name: string) => (isDefined(name) ? defined[name] : whole);
    for (let i = 0; i < 5000; i++) {
      let text = '';
      for (let n = Math.floor(next() * 8); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      const r = resolveVariables({ text }, defined);
      assert.strictEqual(r.value.text, text.replace(variableReferencePattern(), replace), JSON.stringify(text));
      const undefinedNames = [...text.matchAll(variableReferencePattern())].map((m) => m[1]).filter((name) => !isDefined(name));
      assert.deepStrictEqual(r.unresolved.map((u) => u.name), undefinedNames, JSON.stringify(text));
    }
  });
});

describe('prepare to send', () => {
  it('drops comments and $schema and fills in variables', () => {
    const source = `// header\n${text(payload('image', (p) => (p.$schema = './x.json')))}`;
    const prepared = prepareMessage(source, vars);
    assert.ok(prepared.ok, JSON.stringify(prepared));
    const sent = JSON.parse(prepared.body);
    assert.strictEqual(sent.$schema, undefined);
    assert.strictEqual(sent.appid, 'app-123');
    assert.deepStrictEqual(sent.destination, [{ waid: ['447700900123'] }]);
    assert.strictEqual(prepared.messageType, 'image');
    assert.strictEqual(prepared.recipients, 1);
    assert.ok(!prepared.body.includes('{{'));
  });

  it('counts every waid and bsuid', () => {
    const p = payload('video', (x) => (x.destination = [{ waid: ['16505551234', '16505551235'] }, { bsuid: ['b1'] }]));
    const prepared = prepareMessage(text(p), vars);
    assert.ok(prepared.ok, JSON.stringify(prepared));
    assert.strictEqual(prepared.recipients, 3);
  });

  it('stops on unresolved variables, naming each and where it is', () => {
    const source = text(payload('image', (_p, m) => (m.url = 'https://{{cdn}}/a.jpg')));
    const prepared = prepareMessage(source, { waid: '16505551234' }, 'environment "dev"');
    assert.ok(!prepared.ok);
    assert.strictEqual(prepared.stage, 'variables');
    assert.deepStrictEqual(
      prepared.problems.map((p) => [p.path, p.line]),
      [
        ['appid', 3],
        ['channels.OTT-Messaging.wa.image.url', 16],
      ],
    );
    assert.match(prepared.summary, /\{\{WAAppid\}\} is not defined in environment "dev"/);
    assert.match(prepared.summary, /\{\{cdn\}\}/);
    assert.match(prepared.summary, /line 16, column \d+ \(channels\.OTT-Messaging\.wa\.image\.url\)/);
  });

  it('says when {{notifyurl}} is what is missing, so the editor can offer to start the delivery receiver', () => {
    const withNotify = text(payload('image', (p) => (p.notifyurl = '{{notifyurl}}')));
    const stopped = prepareMessage(withNotify, vars, 'environment "dev"');
    assert.ok(!stopped.ok);
    assert.strictEqual(stopped.stage, 'variables');
    assert.strictEqual(stopped.needsReceiver, true);
    assert.match(stopped.summary, /Start Delivery Receiver/);
    const otherMissing = prepareMessage(text(payload('image', (_p, m) => (m.url = 'https://{{cdn}}/a.jpg'))), vars, 'environment "dev"');
    assert.ok(!otherMissing.ok);
    assert.strictEqual(otherMissing.needsReceiver, undefined, 'another undefined variable is not the receiver\'s business');
    const running = prepareMessage(withNotify, { ...vars, notifyurl: 'http://127.0.0.1:9/tok/dev' }, 'environment "dev"');
    assert.ok(running.ok, JSON.stringify(running));
    assert.strictEqual(running.value.notifyurl, 'http://127.0.0.1:9/tok/dev');
  });

  it('stops on schema errors with the editor\'s messages and places', () => {
    const source = text(payload('audio', (_p, m) => (m.caption = 'no')));
    const prepared = prepareMessage(source, vars);
    assert.ok(!prepared.ok);
    assert.strictEqual(prepared.stage, 'schema');
    assert.strictEqual(prepared.problems.length, 1);
    assert.strictEqual(prepared.problems[0].path, 'channels.OTT-Messaging.wa.audio.caption');
    assert.match(prepared.problems[0].message, /no caption on audio messages/);
  });

  it('checks the values variables bring in', () => {
    const prepared = prepareMessage(text(payload('image')), { ...vars, waid: '+44 7700 900123' });
    assert.ok(!prepared.ok);
    assert.match(prepared.problems[0].message, /international form/);
    assert.strictEqual(prepared.problems[0].path, 'destination[0].waid[0]');
  });

  it('reports the editor\'s errors for every kind of mistake', () => {
    const cases: [ReturnType<typeof payload>, RegExp, string][] = [
      [payload('image', (_p, m) => (m.mimeType = 'video/mp4')), /only these MIME types for image/, 'channels.OTT-Messaging.wa.image.mimeType'],
      [payload('image', (_p, _m, wa) => (wa.type = 'video')), /Missing property "video"|media object must be "video"/, 'channels.OTT-Messaging.wa'],
      [payload('image', (_p, m) => ((m.mimetype = 'image/png'), delete m.mimeType)), /Missing property "mimeType"|case-sensitive/, 'channels.OTT-Messaging.wa.image'],
      [payload('image', (p) => (p.extra = 1)), /^Property extra is not allowed\.$/, 'extra'],
      [payload('image', (p) => (p.destination = [])), /too few items/, 'destination'],
      [payload('image', (p) => (p.destination = [{}])), /Missing property "waid"/, 'destination[0]'],
    ];
    for (const [p, message, path] of cases) {
      const prepared = prepareMessage(text(p), vars);
      assert.ok(!prepared.ok, text(p));
      assert.ok(
        prepared.problems.some((x) => message.test(x.message) && x.path.startsWith(path)),
        `${message} at ${path}: ${JSON.stringify(prepared.problems)}`,
      );
    }
  });

  it('rejects syntax errors, arrays and scalars before anything else', () => {
    for (const [source, stage] of [['{"a":', 'syntax'], ['[1]', 'schema'], ['"x"', 'schema']] as const) {
      const prepared = prepareMessage(source, vars);
      assert.ok(!prepared.ok);
      assert.strictEqual(prepared.stage, stage, source);
    }
  });
});

describe('endpoints', () => {
  it('maps each region to its host and keeps baseUrl paths', () => {
    const eu = endpointFor({ region: 'eu' });
    assert.ok(eu.ok && eu.url.href === 'https://api.eu.webexconnect.io/resources/v1/messaging');
    const local = endpointFor({ baseUrl: 'http://127.0.0.1:3210/' });
    assert.ok(local.ok && local.url.href === 'http://127.0.0.1:3210/resources/v1/messaging');
    const proxy = endpointFor({ baseUrl: 'https://proxy.example.com/wxc/resources/v1/messaging' });
    assert.ok(proxy.ok && proxy.url.href === 'https://proxy.example.com/wxc/resources/v1/messaging');
    const legacy = endpointFor({ region: 'eu', baseUrl: 'https://api.imiconnect.io' });
    assert.ok(legacy.ok && legacy.url.host === 'api.imiconnect.io', 'baseUrl wins over region');
  });

  it('refuses unknown regions, non-URLs, plain http off this machine and credentials in URLs', () => {
    const cases: [Parameters<typeof endpointFor>[0], RegExp][] = [
      [{ region: 'sg' }, /"sg" is not a Webex Connect region/],
      [{}, /neither a "region"/],
      [{ baseUrl: 'api.eu.webexconnect.io' }, /not a URL/],
      [{ baseUrl: 'http://api.eu.webexconnect.io' }, /plain http:\/\/ .* only for this machine/],
      [{ baseUrl: 'ftp://x' }, /must start with https/],
      [{ baseUrl: 'https://user:pw@x.example' }, /user name or password/],
    ];
    for (const [spec, message] of cases) {
      const r = endpointFor(spec, 'environment "dev"');
      assert.ok(!r.ok && message.test(r.error), JSON.stringify([spec, r]));
    }
  });

  it('knows loopback and documented hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '[::1]', '::1', new URL('http://[::ffff:127.0.0.1]/').hostname]) assert.ok(isLoopbackHost(h), h);
    for (const h of ['10.0.0.1', '192.168.1.1', 'example.com', '127.0.0.1.nip.io', '128.0.0.1', new URL('http://[::ffff:10.0.0.1]/').hostname]) assert.ok(!isLoopbackHost(h), h);
    const documented = [
      ...['us', 'us1', 'ca', 'eu', 'uk', 'in', 'au'].map((r) => `api.${r}.webexconnect.io`),
      ...['api.imiconnect.io', 'api.imiconnect.eu', 'api-us.imiconnect.io', 'api.imiconnect.us', 'api.imiconnect.ca', 'api.imiconnect.in', 'api.imiconnect.com'],
    ];
    for (const h of documented) assert.ok(isDocumentedHost(h), h);
    assert.ok(isDocumentedHost('API.IMICONNECT.IO'));
    assert.ok(!isDocumentedHost('api.sg.webexconnect.io'));
  });
});

describe('reading answers', () => {
  it('reads the success array and the error object by their code, not the HTTP status', () => {
    const ok = interpretAnswer(200, '{"response":[{"code":"1001","transid":"t-1","description":"Queued"}]}');
    assert.deepStrictEqual([ok.outcome, ok.code, ok.transid, ok.meaning], ['queued', '1001', 't-1', 'Queued']);
    const auth = interpretAnswer(200, '{"response":{"code":"7001","description":"Authentication failed.","transid":"t-2"}}');
    assert.deepStrictEqual([auth.outcome, auth.code, auth.meaning], ['rejected', '7001', 'Authentication failed']);
    assert.match(auth.advice, /Set Service Key/);
    assert.match(interpretAnswer(400, '{"response":{"code":"7104"}}').advice, /WAAppid/);
    assert.match(interpretAnswer(400, '{"response":{"code":"7009"}}').advice, /at most 1000/);
    const unknown = interpretAnswer(400, '{"response":{"code":"7999","description":"Something new"}}');
    assert.strictEqual(unknown.meaning, 'Something new');
  });

  it('explains bodies that are not the API\'s', () => {
    const html = interpretAnswer(500, '<html>Server Error</html>', 'text/html');
    assert.strictEqual(html.outcome, 'unreadable');
    assert.match(html.meaning, /HTTP 500 with an HTML page/);
    assert.match(html.advice, /server failed/);
    assert.match(interpretAnswer(200, 'OK').meaning, /not JSON/);
    assert.match(interpretAnswer(200, '{"status":"ok"}').meaning, /without a response code/);
    assert.match(interpretAnswer(200, 'x'.repeat(70_000)).prettyBody, /more characters not shown/);
  });
});

describe('scrubbing, cURL, history and reports', () => {
  it('scrubs a secret in plain, URL-encoded and JSON-escaped forms', () => {
    const secret = 'a/b"c+d';
    const t = `x ${secret} ${encodeURIComponent(secret)} ${JSON.stringify(secret)}`;
    const s = scrub(t, [secret]);
    assert.ok(!s.includes(secret) && !s.includes(encodeURIComponent(secret)) && !s.includes('a/b\\"c+d'), s);
    assert.strictEqual(s.split('‹redacted›').length, 4);
    assert.strictEqual(scrub('abc', ['ab', undefined]), 'abc', 'too short to scrub safely');
  });

  it('builds a curl command with the key as $WXC_SERVICE_KEY and the body quoted for the shell', () => {
    const body = JSON.stringify({ caption: "it's {{ok}}" });
    const command = buildCurl(new URL('https://api.eu.webexconnect.io/resources/v1/messaging'), body);
    assert.match(command, /^curl -sS -X POST 'https:\/\/api\.eu\.webexconnect\.io\/resources\/v1\/messaging'/);
    assert.match(command, /-H "key: \$WXC_SERVICE_KEY"/);
    assert.ok(command.endsWith(`--data-binary '{\n  "caption": "it'\\''s {{ok}}"\n}'`), command);
  });

  it('keeps the last 50 sends, newest first', () => {
    let history: HistoryEntry[] = [];
    for (let i = 0; i < 60; i++) history = addToHistory(history, { id: String(i) } as HistoryEntry);
    assert.strictEqual(history.length, 50);
    assert.strictEqual(history[0].id, '59');
    assert.strictEqual(history[49].id, '10');
  });

  it('writes a report with the code, transid, body and the payload as sent, fenced safely', () => {
    const report = buildReport({
      id: 'r-1',
      environment: 'dev (eu)',
      endpoint: 'https://api.eu.webexconnect.io/resources/v1/messaging',
      file: 'a.wa.json',
      at: '2026-11-25T10:00:00.000Z',
      durationMs: 12,
      messageType: 'image',
      recipients: 1,
      code: '1001',
      meaning: 'Queued',
      headline: '1001 Queued',
      success: true,
      httpStatus: 202,
      transid: 't-9',
      advice: 'Accepted.',
      responseBody: '{"x":"```"}',
      sentBody: '{"a":1}',
    });
    assert.match(report, /^# ✔ 1001 Queued/);
    assert.match(report, /\| transid \| `t-9` \|/);
    assert.match(report, /````json\n\{"x":"```"\}\n````/);
    assert.match(report, /"a": 1/);
  });
});

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
    postMessage({ url: base, serviceKey: KEY, body: '{"a":1}', timeoutMs: 2000, ...overrides });

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

describe('where the key may go', () => {
  const u = (host: string) => new URL(`https://${host}/resources/v1/messaging`);

  it('goes without asking to documented hosts and this machine only', () => {
    assert.strictEqual(hostDecision(u('api.eu.webexconnect.io'), 'dev', {}), 'documented');
    assert.strictEqual(hostDecision(u('API.IMICONNECT.IO'), 'dev', {}), 'documented');
    assert.strictEqual(hostDecision(new URL('http://127.0.0.1:3210/x'), 'dev', {}), 'loopback');
    assert.strictEqual(hostDecision(u('proxy.corp.example'), 'dev', {}), 'ask');
    assert.strictEqual(hostDecision(u('api.eu.webexconnect.io.evil.example'), 'dev', {}), 'ask');
  });

  it('remembers one approved host per environment; a changed host, port or environment asks again', () => {
    const approvals = approveHost({}, 'dev', u('Proxy.Corp.Example'));
    assert.strictEqual(hostDecision(u('proxy.corp.example'), 'dev', approvals), 'approved');
    assert.strictEqual(hostDecision(u('proxy.corp.example:8443'), 'dev', approvals), 'ask');
    assert.strictEqual(hostDecision(u('other.corp.example'), 'dev', approvals), 'ask');
    assert.strictEqual(hostDecision(u('proxy.corp.example'), 'prod', approvals), 'ask');
    assert.strictEqual(hostDecision(u('other.corp.example'), 'dev', approveHost(approvals, 'dev', u('other.corp.example'))), 'approved');
    assert.strictEqual(hostDecision(u('proxy.corp.example'), 'constructor', {}), 'ask', 'no prototype keys');
  });
});
