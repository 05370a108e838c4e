/**
 * `wxc send`'s y/N question on a real terminal (util-linux `script` gives the bundle a
 * pseudo-terminal): Ctrl-C and SIGTERM at the prompt say nothing was sent, with their exit codes;
 * Ctrl-D and "n" decline (exit 1) and send nothing; "y" sends once, and Ctrl-C after it says the
 * message may have been accepted. The server is real, on 127.0.0.1, and holds the request.
 */
import * as assert from 'node:assert';
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../helpers/jsonService';
import { waitFor } from '../helpers/sandbox';
import { removeTempDirs, tempDir } from '../helpers/wxcRun';

const WXC = join(projectRoot, 'dist', 'wxc.js');
const CTRL_C = '\x03';
const CTRL_D = '\x04';

interface OnTerminal {
  readonly child: ChildProcessWithoutNullStreams;
  /** What the terminal showed so far. */
  readonly shown: () => string;
  /** The bundle's process id (the shell `script` starts execs it). */
  readonly pid: Promise<number>;
  readonly code: Promise<number | null>;
}

/** Runs `wxc send` on a pseudo-terminal; what is written to `child.stdin` is typed at it. */
function sendOnTerminal(dir: string): OnTerminal {
  const command = `echo "PID $$"; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(WXC)} send text.wa.jsonc --env held --settings settings.json --no-preflight`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: { PATH: process.env.PATH, WXC_SERVICE_KEY: 'prompt-test-key-5d1e', TERM: 'dumb' } });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  const pid = waitFor('the process id', () => /PID \d+/.test(out), 15_000).then(() => Number(/PID (\d+)/.exec(out)?.[1]));
  return { child, shown: () => out, pid, code };
}

describe('wxc send at its y/N question, on a terminal (dist/wxc.js through script(1))', function () {
  this.timeout(60_000);
  let dir: string;
  let server: Server;
  const held: IncomingMessage[] = [];
  let posts = 0;

  before(async function () {
    assert.strictEqual(spawnSync('script', ['--version']).status, 0, 'these tests need util-linux script(1) for a pseudo-terminal');
    server = createServer((req) => {
      posts++;
      held.push(req);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    dir = tempDir();
    const variables = { WAAppid: 'app', waid: '15550001234' };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'wxc.environments': { held: { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, variables } } }));
    writeFileSync(join(dir, 'text.wa.jsonc'), readFileSync(join(projectRoot, 'samples', 'text.wa.jsonc'), 'utf8'));
  });
  beforeEach(() => (posts = 0));
  after(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    removeTempDirs();
  });

  const atPrompt = (t: OnTerminal) => waitFor('the question', () => t.shown().includes('[y/N]'), 15_000);

  it('Ctrl-C at the question: "nothing was sent", exit 130', async () => {
    const t = sendOnTerminal(dir);
    await atPrompt(t);
    t.child.stdin.write(CTRL_C);
    assert.strictEqual(await t.code, 130, t.shown());
    assert.match(t.shown(), /wxc: Interrupted \(SIGINT\): nothing was sent\./);
    assert.strictEqual(posts, 0);
  });

  it('SIGTERM at the question: "nothing was sent", exit 143', async () => {
    const t = sendOnTerminal(dir);
    await atPrompt(t);
    process.kill(await t.pid, 'SIGTERM');
    assert.strictEqual(await t.code, 143, t.shown());
    assert.match(t.shown(), /wxc: Interrupted \(SIGTERM\): nothing was sent\./);
    assert.strictEqual(posts, 0);
  });

  for (const [name, keys] of [
    ['Ctrl-D (the input ends)', CTRL_D],
    ['"n"', 'n\r'],
    ['Enter alone', '\r'],
  ] as const) {
    it(`${name} at the question declines: "Not sent", exit 1, nothing sent`, async () => {
      const t = sendOnTerminal(dir);
      await atPrompt(t);
      t.child.stdin.write(keys);
      assert.strictEqual(await t.code, 1, t.shown());
      assert.match(t.shown(), /Not sent: declined\./);
      assert.strictEqual(posts, 0);
    });
  }

  it('"y" sends once; Ctrl-C while the answer is awaited says it may have been accepted, exit 130', async () => {
    const t = sendOnTerminal(dir);
    await atPrompt(t);
    t.child.stdin.write('y\r');
    await waitFor('the request', () => posts === 1, 15_000).catch((e: Error) => assert.fail(`${e.message}: ${t.shown()}`));
    t.child.stdin.write(CTRL_C);
    assert.strictEqual(await t.code, 130, t.shown());
    assert.match(t.shown(), /the request had left, so the message may have been accepted/);
    assert.strictEqual(posts, 1);
  });
});
