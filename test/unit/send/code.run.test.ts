/**
 * Copy as Code's snippets, run (src/core/send/code): each language's generated program is run by
 * its real runtime against the sandbox on 127.0.0.1, with the key only in the process environment,
 * and must get exactly one message accepted, the one prepared. JWT snippets run against a sandbox
 * that checks JWTs (started with a service id and secret), and against a plain recording server,
 * which shows the header and the exact bytes. Runtimes come from Debian's packages (npm run setup
 * installs them); a missing one fails its test, naming the fix. C# has no dotnet in Debian's archive:
 * it is compiled by Mono's mcs (mono-mcs), which lacks C# 9's top-level statements and implicit
 * usings, so the harness puts the snippet's statements, unchanged, in a Program class first.
 */
import * as assert from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeLanguage, buildCode } from '../../../src/core/send/code';
import { CURL_JWT_VARIABLE as JWT_VARIABLE, CURL_KEY_VARIABLE } from '../../../src/core/send/curl';
import { mintJwt } from '../../../src/core/send/jwt';
import { MESSAGING_PATH } from '../../../src/core/send/endpoint';
import type { PreparedMessage } from '../../../src/core/send/prepare';
import { type Sandbox, startSandbox } from '../../../src/sandbox/server';
import { trickyPrepared } from '../helpers/codeRequests';
import { KEY, closeServer } from '../helpers/sandbox';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJzZXJ2aWNlLTEyMyJ9.known-secret-signature';
/** The JWT sandbox's service: a token minted with its decoded secret is accepted. */
const SERVICE_ID = 'code-run-service';
const SERVICE_SECRET_BYTES = Buffer.from('code-run-service-secret-0123456789');

interface Runtime {
  readonly language: CodeLanguage;
  /** The file the snippet is written to (Java's single-file launch wants the class's name). */
  readonly file: string;
  readonly command: () => string;
  readonly args: (file: string) => string[];
  /** A command that succeeds only when the runtime can run the snippet (its HTTP client included). */
  readonly probe: () => [string, string[]];
  /** The Debian packages scripts/setup.mjs installs for it. */
  readonly packages: string;
  /** What the runtime needs around the snippet to compile it (the snippet itself unchanged). */
  readonly program?: (code: string) => string;
}

/**
 * The C# snippet (.NET 6+ top-level statements, implicit usings) as a program Mono's mcs compiles:
 * its usings first, the usings .NET adds implicitly, and its statements inside an async method.
 */
function monoProgram(code: string): string {
  const lines = code.trimEnd().split('\n');
  const usings = lines.filter((l) => l.startsWith('using System'));
  const statements = lines.filter((l) => !l.startsWith('using System')).map((l) => (l ? `        ${l}` : l));
  return [
    'using System;',
    'using System.Net.Http;',
    'using System.Threading.Tasks;',
    ...usings,
    '',
    'public static class Program',
    '{',
    '    public static void Main() { Run().GetAwaiter().GetResult(); }',
    '',
    '    private static async Task Run()',
    '    {',
    ...statements,
    '    }',
    '}',
    '',
  ].join('\n');
}

/** Debian's python3, where python3-requests installs (a pyenv or venv python3 earlier on PATH may lack it). */
const python = () => (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

const RUNTIMES: readonly Runtime[] = [
  { language: 'curl', file: 'request.sh', command: () => 'sh', args: (f) => [f], probe: () => ['curl', ['--version']], packages: 'curl' },
  { language: 'node', file: 'request.js', command: () => process.execPath, args: (f) => [f], probe: () => [process.execPath, ['-e', 'fetch']], packages: '(the Node running the tests)' },
  { language: 'python', file: 'request.py', command: python, args: (f) => [f], probe: () => [python(), ['-c', 'import requests']], packages: 'python3-requests' },
  { language: 'php', file: 'request.php', command: () => 'php', args: (f) => [f], probe: () => ['php', ['-r', "exit(function_exists('curl_init') ? 0 : 1);"]], packages: 'php-cli php-curl' },
  { language: 'java', file: 'Main.java', command: () => 'java', args: (f) => [f], probe: () => ['javac', ['-version']], packages: 'default-jdk-headless' },
  {
    language: 'csharp',
    file: 'Program.cs',
    command: () => 'sh',
    args: (f) => ['-c', `mcs -r:System.Net.Http.dll -out:Program.exe ${f} >&2 && exec mono Program.exe`],
    probe: () => ['sh', ['-c', 'mcs --version && test -e /usr/lib/mono/4.5/System.Net.Http.dll']],
    packages: 'mono-mcs libmono-system-net-http4.0-cil',
    program: monoProgram,
  },
  { language: 'go', file: 'main.go', command: () => 'go', args: (f) => ['run', f], probe: () => ['go', ['version']], packages: 'golang-go' },
];

/** The tests' environment without any credential or proxy, plus `extra`: the snippet gets the secret from here only. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^WXC_|proxy$/i.test(k)) env[k] = v;
  // Go needs a build cache; where HOME is unset it has no default, so one is named (and kept between runs).
  return { ...env, NO_PROXY: '127.0.0.1,localhost', GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'wxc-go-build'), ...extra };
}

function assertInstalled(runtime: Runtime): void {
  const [command, args] = runtime.probe();
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) {
    assert.fail(`${runtime.language}: "${command} ${args.join(' ')}" failed (${r.error?.message ?? r.stderr.trim()}), so its snippet can't be run. Run "npm run setup" (it installs ${runtime.packages}).`);
  }
}

interface Run {
  /** The exit code; null when it was stopped (by the time limit). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking this process's event loop, where the sandbox answers. */
function runAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (err) => (stderr += `\n${err.message}`));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Writes the snippet to a folder of its own and runs it; the result of the run. */
async function runSnippet(runtime: Runtime, code: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), `wxc-code-${runtime.language}-`));
  try {
    writeFileSync(join(dir, runtime.file), runtime.program ? runtime.program(code) : code);
    return await runAsync(runtime.command(), runtime.args(runtime.file), dir, env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Hit {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A server on 127.0.0.1 that records each request and answers as the API does to a queued message. */
async function startRecorder(): Promise<{ url: string; hits: Hit[]; server: http.Server }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"response":[{"code":"1001","transid":"t-1","description":"Queued"}]}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

/** A port on 127.0.0.1 nothing listens on (one just closed): a connection to it is refused. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return port;
}

describe('Copy as Code: the generated code runs', function () {
  // A first `go run` compiles Go's standard library into an empty cache.
  this.timeout(300_000);
  let sandbox: Sandbox;
  let jwtSandbox: Sandbox;
  let prepared: PreparedMessage;

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY });
    jwtSandbox = await startSandbox({ serviceKey: KEY, serviceId: SERVICE_ID, serviceSecret: SERVICE_SECRET_BYTES.toString('base64') });
    prepared = trickyPrepared();
  });
  after(async () => {
    await sandbox.close();
    await jwtSandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
    jwtSandbox.reset();
  });

  for (const runtime of RUNTIMES) {
    it(`${runtime.language}: the sandbox accepts exactly the prepared message, the key only in the process environment`, async () => {
      assertInstalled(runtime);
      const code = buildCode(runtime.language, { url: new URL(sandbox.url + MESSAGING_PATH), body: prepared.body, auth: 'key' });
      assert.ok(!code.includes(KEY), 'the key is in the snippet');
      const run = await runSnippet(runtime, code, childEnv({ [CURL_KEY_VARIABLE]: KEY }));
      assert.strictEqual(run.status, 0, `exit ${run.status}\n${run.stderr}\n${code}`);
      assert.strictEqual(sandbox.requests.length, 1, `requests: ${JSON.stringify(sandbox.requests)}\n${run.stdout}\n${run.stderr}`);
      assert.strictEqual(sandbox.requests[0].keyValid, true, 'the key did not arrive');
      assert.strictEqual(sandbox.messages.length, 1, `${run.stdout}\n${run.stderr}`);
      assert.deepStrictEqual(sandbox.messages[0].payload, JSON.parse(prepared.body));
      // What the program printed is the API's answer, the message's transid in it.
      assert.ok(run.stdout.includes(sandbox.messages[0].transid), run.stdout);
    });

    it(`${runtime.language}: without the variable nothing is accepted (the key comes from nowhere else)`, async () => {
      assertInstalled(runtime);
      const code = buildCode(runtime.language, { url: new URL(sandbox.url + MESSAGING_PATH), body: prepared.body, auth: 'key' });
      const run = await runSnippet(runtime, code, childEnv({}));
      assert.notStrictEqual(run.status, null, `it did not finish: ${run.stderr}`);
      assert.strictEqual(sandbox.messages.length, 0);
      // Python's os.environ raises before sending; the others send an empty key, refused.
      assert.ok(sandbox.requests.every((r) => !r.keyValid));
    });

    it(`${runtime.language}: an API refusal (7001 for a wrong key) is printed, its code in what the program writes`, async () => {
      assertInstalled(runtime);
      const code = buildCode(runtime.language, { url: new URL(sandbox.url + MESSAGING_PATH), body: prepared.body, auth: 'key' });
      const run = await runSnippet(runtime, code, childEnv({ [CURL_KEY_VARIABLE]: 'not-the-key' }));
      assert.notStrictEqual(run.status, null, `it did not finish: ${run.stderr}`);
      assert.strictEqual(sandbox.messages.length, 0);
      assert.deepStrictEqual(sandbox.requests.map((r) => r.code), ['7001']);
      // C#'s EnsureSuccessStatusCode threw before the answer was read: only "401 (Unauthorized)" was seen.
      assert.match(run.stdout, /7001/, `the API's answer is not printed:\n${run.stdout}\n${run.stderr}`);
    });

    it(`${runtime.language}: a request that cannot reach the API fails visibly (a non-zero exit, the cause on stderr, no crash of the snippet itself)`, async () => {
      assertInstalled(runtime);
      const code = buildCode(runtime.language, { url: new URL(`http://127.0.0.1:${await closedPort()}${MESSAGING_PATH}`), body: prepared.body, auth: 'key' });
      const run = await runSnippet(runtime, code, childEnv({ [CURL_KEY_VARIABLE]: KEY }));
      assert.notStrictEqual(run.status, null, `it did not finish: ${run.stderr}`);
      assert.notStrictEqual(run.status, 0, `exit 0 although nothing was sent\n${run.stdout}\n${run.stderr}\n${code}`);
      assert.match(run.stderr, /refused|ECONNREFUSED|connect/i, `the cause is not on stderr:\n${run.stderr}`);
      // Go's generated code used to go on with a nil response and panic, hiding the cause.
      assert.doesNotMatch(run.stderr, /panic|nil pointer/, run.stderr);
    });

    it(`${runtime.language} with "auth": "jwt": a sandbox that checks JWTs accepts exactly the prepared message, the token only in the process environment`, async () => {
      assertInstalled(runtime);
      const token = mintJwt(SERVICE_ID, SERVICE_SECRET_BYTES);
      const code = buildCode(runtime.language, { url: new URL(jwtSandbox.url + MESSAGING_PATH), body: prepared.body, auth: 'jwt' });
      assert.ok(!code.includes(token));
      const run = await runSnippet(runtime, code, childEnv({ [JWT_VARIABLE]: token }));
      assert.strictEqual(run.status, 0, `exit ${run.status}\n${run.stderr}\n${code}`);
      assert.strictEqual(jwtSandbox.requests.length, 1, `${run.stdout}\n${run.stderr}`);
      assert.strictEqual(jwtSandbox.requests[0].keyPresent, false, 'a key beside the JWT');
      assert.strictEqual(jwtSandbox.messages.length, 1, `${run.stdout}\n${run.stderr}`);
      assert.deepStrictEqual(jwtSandbox.messages[0].payload, JSON.parse(prepared.body));
      assert.ok(run.stdout.includes(jwtSandbox.messages[0].transid), run.stdout);
    });

    it(`${runtime.language} with "auth": "jwt": sends Authorization: Bearer $${JWT_VARIABLE} and the exact body bytes, no key`, async () => {
      assertInstalled(runtime);
      const recorder = await startRecorder();
      try {
        const code = buildCode(runtime.language, { url: new URL(recorder.url + MESSAGING_PATH), body: prepared.body, auth: 'jwt' });
        assert.ok(!code.includes(JWT), 'the token is in the snippet');
        const run = await runSnippet(runtime, code, childEnv({ [JWT_VARIABLE]: JWT }));
        assert.strictEqual(run.status, 0, `exit ${run.status}\n${run.stderr}\n${code}`);
        assert.strictEqual(recorder.hits.length, 1);
        const hit = recorder.hits[0];
        assert.strictEqual(hit.headers.authorization, `Bearer ${JWT}`);
        assert.strictEqual(hit.headers.key, undefined, 'a key header beside the JWT');
        assert.strictEqual(hit.headers['content-type'], 'application/json');
        // cURL's body is pretty-printed for reading; every other language sends the prepared bytes.
        const expected = runtime.language === 'curl' ? JSON.stringify(prepared.value, null, 2) : prepared.body;
        assert.strictEqual(hit.body.toString('utf8'), expected);
        assert.ok(hit.body.equals(Buffer.from(expected, 'utf8')), 'the body is not UTF-8 as sent');
      } finally {
        await closeServer(recorder.server);
      }
    });
  }
});
