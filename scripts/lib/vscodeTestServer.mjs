// Starts the plain VS Code server (code-server's bundled server-main.js, no login layer) on 127.0.0.1
// and opens its workbench in headless Chromium, the extension loaded from this folder: the
// integration tier, npm test's activation checks and the in-editor bench use it.
// See ../shared/notes/testing-in-real-vscode.md for why these versions and flags.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ensureToolchain, findChromium } from './toolchain.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForWorkbench(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`VS Code server exited early with code ${child.exitCode}`);
    try {
      // A page, not /healthz: under the wrong Node the health check passes while pages fail.
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.message;
    }
    await sleep(200);
  }
  throw new Error(`VS Code server did not serve ${url} within ${timeoutMs} ms (${last})`);
}

/**
 * Starts the VS Code server. `env` reaches the extension host; with `trustWorkspace: false` the
 * folder opens in Restricted Mode; `dirs` (a former server's) reuses its server-data, user-data
 * and extensions folders, and `port` a former server's port, as a restart does (the browser keeps
 * the workbench's storage per origin, so a restart needs the same port); `userSettings` (setting
 * id → value) are written as the server's user settings. Returns { port, base,
 * stop, log, dirs }.
 */
export async function startVSCodeServer({ env = {}, label = 'vscode', trustWorkspace = true, dirs = mkdtempSync(join(tmpdir(), `wxc-${label}-`)), port, userSettings } = {}) {
  const { node24, vscodeServerMain } = ensureToolchain();
  port ??= await freePort();
  const serverData = join(dirs, 'server-data');
  const userData = join(dirs, 'user-data');
  const extensions = join(dirs, 'extensions');
  for (const d of [serverData, userData, extensions]) mkdirSync(d, { recursive: true });
  // The server's own user settings (VS Code shows them as "Remote"; an extension reads them as user
  // settings, inspect()'s globalValue): what a user sets for every workspace on this machine.
  if (userSettings) {
    mkdirSync(join(userData, 'Machine'), { recursive: true });
    writeFileSync(join(userData, 'Machine', 'settings.json'), `${JSON.stringify(userSettings, null, 2)}\n`);
  }
  const args = [
    vscodeServerMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    ...(trustWorkspace ? ['--disable-workspace-trust'] : []),
    '--server-data-dir', serverData,
    '--user-data-dir', userData,
    '--extensions-dir', extensions,
  ];
  const log = [];
  const child = spawn(node24, args, {
    detached: true, // its own process group, so stop() also ends the file watcher it forks
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  child.stdout.on('data', (d) => log.push(d.toString()));
  child.stderr.on('data', (d) => log.push(d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  try {
    await waitForWorkbench(`${base}/`, child, 60_000);
  } catch (err) {
    stop();
    throw new Error(`${err.message}\n${log.join('').slice(-4000)}`, { cause: err });
  }
  return { port, base, stop, log, dirs };
}

const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Without this Chromium blocks the workbench's WebSocket to 127.0.0.1.
  '--disable-features=LocalNetworkAccessChecks',
];

/**
 * Launches headless Debian Chromium with the flags that work offline here. With `profileDir` the
 * browser keeps its profile there (the web workbench keeps workspace state in the browser's
 * IndexedDB and secrets in its localStorage), and what it returns is that profile's one context
 * (newPage and close, like a browser).
 */
export async function launchBrowser({ profileDir, viewport } = {}) {
  const options = { executablePath: findChromium(), headless: true, args: BROWSER_ARGS };
  return profileDir ? chromium.launchPersistentContext(profileDir, { ...options, viewport }) : chromium.launch(options);
}

/**
 * The workbench URL for `where` (a folder path, `{ workspace }` for a .code-workspace file, or
 * `{ empty: true }` for a window without a folder), with extension development/test paths
 * passed as the payload.
 */
export function workbenchUrl(base, port, where, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const payload = [];
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams(typeof where === 'string' ? { folder: where } : where.workspace ? { workspace: where.workspace } : { ew: 'true' });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${base}/?${query.toString()}`;
}

/**
 * Opens the workbench for `where` (see workbenchUrl) in `page` with the extension under development and its mocha
 * tests (an index exporting `run()`). Each line the extension host logs goes to `onLine(line)`
 * (awaited, so it may use the page). Resolves to the tests' exit code (0 pass, 1 fail) or
 * 'timeout' after `timeoutMs`.
 */
export async function runTestsInWorkbench(page, server, where, { extensionDevelopmentPath, extensionTestsPath, onLine = () => {}, timeoutMs }) {
  let finish;
  const exited = new Promise((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationLog', async (_type, args) => onLine(format(...(Array.isArray(args) ? args : [args]))));
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  await page.goto(workbenchUrl(server.base, server.port, where, { extensionDevelopmentPath, extensionTestsPath }));
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The counts a suite run by runTestsInWorkbench reported on its `WXC_RESULT {json}` line
 * (test/mochaHost.ts). A suite that did not report, or did not exit cleanly, counts at least one
 * failure. `reported` says whether the line was there.
 */
export function suiteResult(hostLog, exitCode) {
  const line = hostLog.map((l) => /WXC_RESULT (\{.*\})/.exec(l)).find(Boolean);
  const counts = line ? JSON.parse(line[1]) : { passed: 0, failed: 0, pending: 0 };
  const failed = exitCode === 0 && line ? counts.failed : Math.max(1, counts.failed);
  return { passed: counts.passed, failed, pending: counts.pending ?? 0, reported: Boolean(line) };
}

/** The frame of the extension's preview webview (src/webview/preview.ts): the one whose document has its root. */
export async function previewFrame(page, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      // eslint-disable-next-line no-undef -- runs in the page
      if (await frame.evaluate(() => !!document.querySelector('main#root .chat, main#root .notice')).catch(() => false)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no preview webview among ${page.frames().length} frames`);
    await page.waitForTimeout(100);
  }
}
