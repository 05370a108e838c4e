/**
 * `wxc send` with a JWT environment (dist/wxc.js run with child_process): the secret from
 * WXC_SERVICE_SECRET, a token minted for the send, and no `key` header, against the real sandbox
 * started with a service id and secret, behind a local server that records every request's headers.
 */
import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { projectRoot } from '../helpers/jsonService';
import { type Run, wxc as runWxc } from '../helpers/wxcRun';

const IMAGE = readFileSync(join(projectRoot, 'samples', 'image.wa.jsonc'), 'utf8');
const KEY = 'cli-jwt-test-key-9d2c';
const SERVICE_ID = 'svc-cli-77a1';
/** A secret whose decoded bytes read as text, so the sweep also looks for that form. */
const SECRET_TEXT = `pass-${randomBytes(9).toString('hex')}`;
const SECRET = Buffer.from(SECRET_TEXT).toString('base64');

/** The bundle with only PATH and `env` in its environment, started in `cwd`. */
const wxc = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> => runWxc(args, { cwd, env });

interface Seen {
  headers: http.IncomingHttpHeaders;
}

/** A server on 127.0.0.1 that records each request's headers and passes it on to `target` unchanged. */
async function recordingProxy(target: string): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ headers: { ...req.headers } });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers };
      delete headers.host;
      void fetch(new URL(req.url ?? '/', target), { method: req.method, headers: headers as Record<string, string>, body: Buffer.concat(chunks) }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((ok) => server.close(() => ok())) };
}

describe('wxc send with a JWT environment (dist/wxc.js, the sandbox checking JWTs)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let dir: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0, serviceKey: KEY, serviceId: SERVICE_ID, serviceSecret: SECRET });
    proxy = await recordingProxy(sandbox.url);
    dir = mkdtempSync(join(tmpdir(), 'wxc-jwt-'));
    mkdirSync(join(dir, '.vscode'));
    const variables = { WAAppid: 'sandbox-app', waid: '15550001234' };
    writeFileSync(
      join(dir, '.vscode', 'settings.json'),
      JSON.stringify({
        'wxc.environments': {
          jwt: { baseUrl: proxy.url, auth: 'jwt', serviceId: SERVICE_ID, variables },
          appid: { baseUrl: proxy.url, auth: 'jwt', serviceId: 'sandbox-app', variables },
          typo: { baseUrl: proxy.url, auth: 'JWT', serviceId: SERVICE_ID, variables },
          noid: { baseUrl: proxy.url, auth: 'jwt', variables },
        },
      }),
    );
    writeFileSync(join(dir, 'image.wa.jsonc'), IMAGE);
  });
  beforeEach(() => {
    sandbox.reset();
    proxy.seen.length = 0;
  });
  after(async () => {
    await proxy.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Neither the secret, its decoded text, nor any token that went out is in what wxc printed. */
  const nothingSecretIn = (r: Run) => {
    const printed = r.out + r.err;
    const tokens = proxy.seen.map((s) => String(s.headers.authorization ?? '').replace(/^Bearer /, '')).filter((t) => t !== '');
    for (const secret of [SECRET, SECRET_TEXT, KEY, ...tokens]) assert.ok(!printed.includes(secret), `wxc printed a secret: ${secret.slice(0, 12)}…`);
  };

  it('sends exactly one message with a Bearer JWT from WXC_SERVICE_SECRET and no key header; jose verifies the token', async () => {
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'jwt', '--yes'], dir, { WXC_SERVICE_SECRET: SECRET, WXC_SERVICE_KEY: KEY });
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.strictEqual(sandbox.messages.length, 1);
    assert.strictEqual(proxy.seen.length, 1);
    const { headers } = proxy.seen[0];
    assert.strictEqual(headers.key, undefined, 'no key header is sent beside the JWT');
    const match = /^Bearer (\S+)$/.exec(String(headers.authorization));
    assert.ok(match, `Authorization: ${headers.authorization}`);
    const { payload, protectedHeader } = await jwtVerify(match[1], Buffer.from(SECRET, 'base64'), { issuer: SERVICE_ID, algorithms: ['HS256'] });
    assert.strictEqual(protectedHeader.alg, 'HS256');
    assert.ok(typeof payload.exp === 'number' && typeof payload.iat === 'number' && payload.exp - payload.iat <= 3600);
    assert.match(r.out, /1001 Queued transid/);
    nothingSecretIn(r);
  });

  it('a JWT refused for its issuer (the app id as serviceId) exits 1 with the JWT\'s likely causes and WXC_SERVICE_SECRET', async () => {
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'appid', '--yes'], dir, { WXC_SERVICE_SECRET: SECRET });
    assert.strictEqual(r.code, 1);
    assert.strictEqual(sandbox.messages.length, 0);
    assert.match(r.err, /7001/);
    assert.match(r.err, /Base64.*decoded|serviceId.*not the app id/s);
    assert.match(r.err, /WXC_SERVICE_SECRET/);
    nothingSecretIn(r);
  });

  it('a missing or non-Base64 WXC_SERVICE_SECRET, an unknown auth or a missing serviceId: exit 2, nothing sent', async () => {
    const missing = await wxc(['send', 'image.wa.jsonc', '--env', 'jwt', '--yes'], dir, { WXC_SERVICE_KEY: KEY });
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /JWT.*WXC_SERVICE_SECRET is not set/);
    const bad = await wxc(['send', 'image.wa.jsonc', '--env', 'jwt', '--yes'], dir, { WXC_SERVICE_SECRET: 'not base64 at all' });
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /not valid Base64: it holds a space at character 4/);
    assert.ok(!bad.err.includes('not base64 at all'));
    const typo = await wxc(['send', 'image.wa.jsonc', '--env', 'typo', '--yes'], dir, { WXC_SERVICE_SECRET: SECRET });
    assert.strictEqual(typo.code, 2);
    assert.match(typo.err, /"auth" is "key" .* or "jwt"/);
    const noid = await wxc(['send', 'image.wa.jsonc', '--env', 'noid', '--yes'], dir, { WXC_SERVICE_SECRET: SECRET });
    assert.strictEqual(noid.code, 2);
    assert.match(noid.err, /needs "serviceId"/);
    assert.strictEqual(proxy.seen.length, 0);
  });

  it('--dry-run prints a cURL command with Authorization: Bearer $WXC_JWT, no token and no key', async () => {
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'jwt', '--dry-run'], dir, { WXC_SERVICE_SECRET: SECRET, WXC_SERVICE_KEY: KEY });
    assert.strictEqual(r.code, 0, r.err);
    assert.ok(r.out.includes('-H "Authorization: Bearer $WXC_JWT"'), r.out);
    assert.ok(!r.out.includes('key:'), r.out);
    assert.ok(!/eyJ[A-Za-z0-9_-]+\./.test(r.out), 'no token in the dry run');
    assert.strictEqual(proxy.seen.length, 0);
    nothingSecretIn(r);
  });
});
