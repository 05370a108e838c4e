/** The sandbox from a terminal (src/sandbox/run.ts, cli.ts and the bundle dist/sandbox.js): its arguments, exit codes, templates file and log. */
import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { parse as parseJsonc } from 'jsonc-parser';
import { SAMPLE_TEMPLATE_ID } from '../../../src/core/messages/templateDefinitions';
import { parseCliSettings } from '../../../src/sandbox/run';
import { MESSAGING_PATH } from '../../../src/sandbox/server';
import { projectRoot } from '../helpers/paths';
import { KEY, imagePayload, waitFor } from '../helpers/sandbox';

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

  it('reads the customers\' webhook from --webhook-url or WXC_SANDBOX_WEBHOOK_URL, on this machine only', () => {
    assert.deepStrictEqual(parseCliSettings(['--webhook-url', 'http://127.0.0.1:8787/t/sandbox'], { WXC_SANDBOX_KEY: 'k' }), { port: 0, serviceKey: 'k', webhookUrl: 'http://127.0.0.1:8787/t/sandbox' });
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_WEBHOOK_URL: 'http://localhost:9/a' }), { port: 0, serviceKey: 'k', webhookUrl: 'http://localhost:9/a' });
    assert.deepStrictEqual(parseCliSettings(['--webhook-url=http://[::1]:9/b'], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_WEBHOOK_URL: 'http://localhost:9/a' }), { port: 0, serviceKey: 'k', webhookUrl: 'http://[::1]:9/b' });
    assert.throws(() => parseCliSettings(['--webhook-url', 'https://hooks.example.com/x'], { WXC_SANDBOX_KEY: 'k' }), /invalid --webhook-url: it must be an http\(s\) URL on this machine/);
    assert.throws(() => parseCliSettings(['--webhook-url='], { WXC_SANDBOX_KEY: 'k' }), /invalid --webhook-url/);
  });

  it('reads a templates file from --templates, --templates= or WXC_SANDBOX_TEMPLATES, the option first', () => {
    assert.deepStrictEqual(parseCliSettings(['--templates', 'a.json'], { WXC_SANDBOX_KEY: 'k' }), { port: 0, serviceKey: 'k', templatesFile: 'a.json' });
    assert.deepStrictEqual(parseCliSettings(['--templates=b.json'], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_TEMPLATES: 'c.json' }), { port: 0, serviceKey: 'k', templatesFile: 'b.json' });
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_TEMPLATES: 'c.json' }), { port: 0, serviceKey: 'k', templatesFile: 'c.json' });
    assert.deepStrictEqual(parseCliSettings([], { WXC_SANDBOX_KEY: 'k', WXC_SANDBOX_TEMPLATES: '' }), { port: 0, serviceKey: 'k' });
    assert.throws(() => parseCliSettings(['--templates'], { WXC_SANDBOX_KEY: 'k' }), /--templates needs a value/);
    assert.throws(() => parseCliSettings(['--templates='], { WXC_SANDBOX_KEY: 'k' }), /--templates needs a file name/);
  });

  it('reads the JWT service from --service-id/--service-secret or WXC_SANDBOX_SERVICE_ID/_SECRET, both or neither, the secret Base64', () => {
    const k = { WXC_SANDBOX_KEY: 'k' };
    assert.deepStrictEqual(parseCliSettings(['--service-id', 'svc', '--service-secret', 'c2VjcmV0'], k), { port: 0, serviceKey: 'k', serviceId: 'svc', serviceSecret: 'c2VjcmV0' });
    assert.deepStrictEqual(parseCliSettings(['--service-id=svc2'], { ...k, WXC_SANDBOX_SERVICE_ID: 'svc', WXC_SANDBOX_SERVICE_SECRET: 'c2VjcmV0' }), { port: 0, serviceKey: 'k', serviceId: 'svc2', serviceSecret: 'c2VjcmV0' });
    assert.throws(() => parseCliSettings(['--service-id', 'svc'], k), /go together/);
    assert.throws(() => parseCliSettings([], { ...k, WXC_SANDBOX_SERVICE_SECRET: 'c2VjcmV0' }), /go together/);
    assert.throws(() => parseCliSettings(['--service-id', 'svc', '--service-secret', 'not base64!'], k), /--service-secret: The service secret is not valid Base64/);
    // From the environment, the message names the variable it came from.
    assert.throws(() => parseCliSettings(['--service-id', 'svc'], { ...k, WXC_SANDBOX_SERVICE_SECRET: 'not base64!' }), /^Error: WXC_SANDBOX_SERVICE_SECRET: The service secret is not valid Base64/);
    assert.throws(() => parseCliSettings(['--service-id=', '--service-secret', 'c2VjcmV0'], k), /--service-id needs a value/);
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

  it('--help (or -h) prints the help under the name it was run by, exit 0, without a key and without starting', async () => {
    for (const flag of ['--help', '-h']) {
      const p = run({}, ['--port', '0', flag]);
      const [code] = await p.exited;
      assert.strictEqual(code, 0, p.err());
      assert.strictEqual(p.err(), '');
      assert.match(p.out(), /^Usage: node dist\/sandbox\.js \[--port N\]/);
      // The same options and JWT rules as `wxc sandbox --help`.
      assert.match(p.out(), /--service-id ID --service-secret BASE64/);
      assert.match(p.out(), /7005 Request expired/);
      assert.doesNotMatch(p.out(), /listening on/);
    }
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
      writeFileSync(file, JSON.stringify({ '100200300400500': { header: { type: 'sticker' } } }));
      const p = run({ WXC_SANDBOX_KEY: KEY }, ['--templates', file]);
      const [code] = await p.exited;
      assert.strictEqual(code, 2);
      assert.ok(p.err().includes(`the templates file ${file} is not usable: template "100200300400500": "header" must be`), p.err());
      assert.strictEqual(p.out(), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('knows the templates of the file given with --templates, and only those', async function () {
    this.timeout(10000);
    const dir = mkdtempSync(join(tmpdir(), 'wxc-sandbox-'));
    const file = join(dir, 'templates.json');
    writeFileSync(file, JSON.stringify({ '4455667788990011': { name: 'team_news', body: 'Hi {{first}}' } }));
    const p = run({ WXC_SANDBOX_KEY: KEY }, ['--port', '0', '--templates', file]);
    try {
      await waitFor('the listening line', () => p.out().includes('\n'), 8000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(p.out())?.[1];
      assert.ok(url, p.out());
      const post = async (message: unknown) => {
        const res = await fetch(url + MESSAGING_PATH, { method: 'POST', headers: { key: KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ deliverychannel: 'whatsapp', appid: 'WA1', destination: [{ waid: ['16505551234'] }], message }) });
        return (await res.json()) as { response: { code: string } | { code: string }[] };
      };
      const queued = (await post({ template: '4455667788990011', parameters: { first: 'Ada' } })).response as { code: string }[];
      assert.ok(Array.isArray(queued), JSON.stringify(queued));
      assert.strictEqual(queued[0].code, '1001');
      assert.strictEqual(((await post({ template: SAMPLE_TEMPLATE_ID })).response as { code: string }).code, '7108');
      assert.strictEqual(((await post({ template: '4455667788990011' })).response as { code: string }).code, '7003');
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
  it('checks JWTs given WXC_SANDBOX_SERVICE_ID/_SECRET, says so, and prints neither the secret nor a token', async function () {
    this.timeout(10000);
    const secretText = 'cli-sandbox-password-7731';
    const secret = Buffer.from(secretText).toString('base64');
    const p = run({ WXC_SANDBOX_KEY: KEY, WXC_SANDBOX_SERVICE_ID: 'svc-cli', WXC_SANDBOX_SERVICE_SECRET: secret }, ['--port', '0']);
    try {
      await waitFor('the JWT line', () => p.out().includes('JWTs are checked'), 8000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(p.out())?.[1];
      assert.ok(url, p.out());
      assert.match(p.out(), /JWTs are checked: HS256, issued by service svc-cli, signed with the decoded service secret/);
      const now = Math.floor(Date.now() / 1000);
      const good = await new SignJWT({ iss: 'svc-cli', iat: now, exp: now + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.from(secret, 'base64'));
      const undecoded = await new SignJWT({ iss: 'svc-cli', iat: now }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
      const post = (jwt: string) =>
        fetch(url + MESSAGING_PATH, { method: 'POST', headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' }, body: JSON.stringify(imagePayload()) });
      assert.strictEqual((await post(good)).status, 202);
      assert.strictEqual((await post(undecoded)).status, 401);
      await waitFor('two request lines', () => (p.out().match(/^POST /gm) ?? []).length >= 2, 8000);
      assert.match(p.out(), new RegExp(`^POST ${MESSAGING_PATH} 7001 401 \\d+ms$`, 'm'));
      for (const hidden of [secret, secretText, good, undecoded]) assert.ok(!p.out().includes(hidden) && !p.err().includes(hidden));
    } finally {
      p.child.kill('SIGTERM');
    }
  });
});
