/**
 * Ctrl-C (SIGINT) and SIGTERM during `wxc send` (the real bundle, a real child process): before the
 * request has left it says nothing was sent; once it has, that the message may have been accepted
 * and what to check; each signal with its own exit code. The servers are real, on 127.0.0.1, and
 * hold the request open.
 */
import * as assert from 'node:assert';
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../helpers/jsonService';
import { waitFor } from '../helpers/sandbox';
import { finished, removeTempDirs, startWxc, tempDir } from '../helpers/wxcRun';

const KEY = 'interrupt-test-key-93ab';
const EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
const variables = { WAAppid: 'app', waid: '15550001234' };

describe('wxc send interrupted (dist/wxc.js, servers on 127.0.0.1 that hold the request)', function () {
  this.timeout(60_000);
  let dir: string;
  // Accepts TCP and says nothing: a TLS handshake never completes, so the request never leaves.
  let silent: Server;
  const silentSockets = new Set<Socket>();
  let silentBytes = '';
  // Reads the whole request and never answers: the request has left.
  let holding: HttpServer;
  const held: IncomingMessage[] = [];
  let bodies: string[] = [];

  before(async () => {
    silent = createNetServer((socket) => {
      silentSockets.add(socket);
      socket.on('data', (c: Buffer) => (silentBytes += c.toString('latin1')));
      socket.on('close', () => silentSockets.delete(socket));
    });
    holding = createHttpServer((req) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        held.push(req);
      });
    });
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    await new Promise<void>((ok) => holding.listen(0, '127.0.0.1', ok));
    dir = tempDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        'wxc.environments': {
          handshake: { baseUrl: `https://127.0.0.1:${(silent.address() as AddressInfo).port}`, variables },
          held: { baseUrl: `http://127.0.0.1:${(holding.address() as AddressInfo).port}`, variables },
        },
      }),
    );
    writeFileSync(join(dir, 'text.wa.jsonc'), readFileSync(join(projectRoot, 'samples', 'text.wa.jsonc'), 'utf8'));
  });
  beforeEach(() => {
    silentBytes = '';
    bodies = [];
  });
  after(async () => {
    for (const s of silentSockets) s.destroy();
    holding.closeAllConnections();
    await new Promise((ok) => silent.close(ok));
    await new Promise((ok) => holding.close(ok));
    removeTempDirs();
  });

  const send = (env: string): ChildProcessWithoutNullStreams => {
    const child = startWxc(['send', 'text.wa.jsonc', '--env', env, '--settings', 'settings.json', '--yes', '--timeout', '60'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    child.stdin.end();
    return child;
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} before the request was written: "nothing was sent", exit ${EXIT[signal]}`, async () => {
      const before = silentSockets.size;
      const child = send('handshake');
      const result = finished(child);
      // Connected, the TLS hello sent, the handshake stuck: the request is not on its way.
      await waitFor('the connection', () => silentSockets.size > before && silentBytes.length > 0, 15_000);
      child.kill(signal);
      const r = await result;
      assert.strictEqual(r.code, EXIT[signal], r.out + r.err);
      // The sample's "{{notifyurl}}" is left out without --follow (said first), then the interruption.
      const lines = r.err.trim().split('\n');
      assert.strictEqual(lines.pop(), `wxc: Interrupted (${signal}): nothing was sent.`);
      assert.deepStrictEqual(lines.map((l) => /^"notifyurl": "\{\{notifyurl\}\}" was left out: .* --follow follows its delivery\.$/.test(l)), [true], r.err);
      assert.strictEqual(r.out, '');
      assert.ok(!silentBytes.includes('POST') && !silentBytes.includes(KEY));
    });

    it(`${signal} after the request was written: "may have been accepted" and what to check, exit ${EXIT[signal]}`, async () => {
      const count = held.length;
      const child = send('held');
      const result = finished(child);
      await waitFor('the request', () => held.length > count, 15_000);
      child.kill(signal);
      const r = await result;
      assert.strictEqual(r.code, EXIT[signal], r.out + r.err);
      assert.match(r.err, new RegExp(`^wxc: Interrupted \\(${signal}\\) while waiting for the answer of 127\\.0\\.0\\.1:\\d+: the request had left, so the message may have been accepted, and its transid is unknown\\.`, 'm'));
      assert.match(r.err, /Before sending it again, check its delivery reports .* or the Webex Connect logs\./);
      assert.doesNotMatch(r.err, /nothing was sent/);
      assert.strictEqual(bodies.length, 1, 'one POST');
      assert.ok(!r.err.includes(KEY));
    });
  }
});
