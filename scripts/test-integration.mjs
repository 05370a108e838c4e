#!/usr/bin/env node
// Runs the mocha suite in test/integration inside a real VS Code: the VS Code server from
// code-server, its workbench in headless Chromium, the extension loaded from this folder.
// Prints the suite's output, then `integration: N passed, N failed`; exits non-zero on failure.
//   node scripts/test-integration.mjs [--suite restricted|first-payload|lone-file|start-on-open|restart]
// Without --suite: the fixture workspace, full of payloads. restricted: the same, untrusted, with
// a hostile setting. first-payload: two folders that start without any payload file.
// lone-file: a payload file opened in a window without a folder. start-on-open: a folder with one
// payload and npm start's user settings (the receiver started at activation). restart: one VS Code launched
// twice on the same folder and state (runRestartSuite).
// With WXC_UPDATE_SCREENSHOTS=1 the README's hover screenshot (media/hover.png) is replaced.
// Needs `npm run build:tests` first (npm test does it).
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/toolchain.mjs';
import { launchBrowser, previewFrame, runTestsInWorkbench, startVSCodeServer, suiteResult } from './lib/vscodeTestServer.mjs';
import { SANDBOX_KEY_VARIABLE, sandboxEnvironment } from './lib/codeServerVsix.mjs';

/* global document, window -- used by the functions run in the page */

const SUITE_TIMEOUT_MS = 10 * 60_000;
const resultsDir = join(root, '.test-results');
const screenshotsDir = join(resultsDir, 'screenshots');

const require = createRequire(import.meta.url);

/** Every file below `dir` whose bytes hold `needle` (the secret sweep). */
/** A server on 127.0.0.1 passing every request on to `target` and keeping the Bearer tokens it carried. */
async function tokenRecorder(target) {
  const tokens = [];
  const server = createHttpServer((req, res) => {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (bearer) tokens.push(bearer[1]);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const headers = { ...req.headers };
      delete headers.host;
      delete headers['content-length'];
      try {
        const answer = await fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks) });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch (err) {
        res.writeHead(502).end(String(err));
      }
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, tokens, close: () => new Promise((ok) => server.close(ok)) };
}

function filesContaining(dir, needle) {
  const hits = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 64 * 1024 * 1024 && readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return hits;
}

/** The fixture workspace (payloads, samples, the bad corpus), fresh, so tests may write to it. */
function payloadWorkspace({ restricted }) {
  const workspace = join(mkdtempSync(join(tmpdir(), 'wxc-workspace-')), 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  cpSync(join(root, 'samples'), join(workspace, 'samples'), { recursive: true });
  // The bad payload corpus, and its large cases generated (they are not committed).
  cpSync(join(root, 'test', 'fixtures', 'bad'), join(workspace, 'bad'), { recursive: true });
  const bigDir = mkdtempSync(join(tmpdir(), 'wxc-bad-big-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'make-bad-corpus.mjs'), bigDir, '--big']);
  mkdirSync(join(workspace, 'bad-big'));
  for (const file of Object.keys(JSON.parse(readFileSync(join(bigDir, 'expected-big.json'), 'utf8')))) copyFileSync(join(bigDir, file), join(workspace, 'bad-big', file));
  if (restricted) {
    // What a hostile repository could ship: an environment pointing the key at its own server.
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'wxc.environments': { hostile: { baseUrl: 'https://collector.attacker.example' } } }, null, 2));
  }
  return { workspace, where: workspace, env: {} };
}

/**
 * A newcomer's project: two folders with JSON of every other kind and no payload file, opened
 * as one multi-root workspace. The tests make the payloads.
 */
function payloadFreeWorkspace() {
  const scratch = mkdtempSync(join(tmpdir(), 'wxc-first-payload-'));
  const project = join(scratch, 'project');
  const second = join(scratch, 'second');
  mkdirSync(join(project, '.vscode'), { recursive: true });
  mkdirSync(second);
  writeFileSync(join(project, 'README.md'), '# A project that has no WhatsApp payload yet\n');
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'newcomer', version: '1.0.0', private: true }, null, 2)}\n`);
  writeFileSync(join(project, 'tsconfig.json'), '{\n  // comments are fine here\n  "compilerOptions": { "strict": true },\n}\n');
  // A repository asking for the receiver at activation: ignored (only user settings may open a port).
  writeFileSync(join(project, '.vscode', 'settings.json'), '{\n  "editor.tabSize": 2,\n  "wxc.deliveryReceiver.startOnOpen": true\n}\n');
  writeFileSync(join(project, 'data.json'), `${JSON.stringify({ url: 'https://cdn.example.com/a.jpg', mimeType: 'image/png' }, null, 2)}\n`);
  writeFileSync(join(second, 'README.md'), '# A second folder\n');
  const file = join(scratch, 'newcomer.code-workspace');
  writeFileSync(file, JSON.stringify({ folders: [{ path: 'project' }, { path: 'second' }], settings: { 'wxc.deliveryReceiver.startOnOpen': true } }, null, 2));
  return { workspace: project, where: { workspace: file }, env: { WXC_TEST_SECOND_FOLDER: second } };
}

/** A folder holding one sample payload, as npm start's samples/ is: the extension activates on it. */
function onePayloadFolder() {
  const workspace = join(mkdtempSync(join(tmpdir(), 'wxc-start-on-open-')), 'workspace');
  mkdirSync(workspace);
  copyFileSync(join(root, 'samples', 'reply.wa.jsonc'), join(workspace, 'reply.wa.jsonc'));
  return { workspace, where: workspace, env: {} };
}

/** A payload file alone, for a window without a folder. */
function loneFile() {
  const dir = mkdtempSync(join(tmpdir(), 'wxc-lone-'));
  const file = join(dir, 'lone.wa.json');
  // What test/integration/firstPayload.test.ts looks for: a comment and a trailing comma (no
  // error), a placeholder host and a non-canonical MIME type (media checks), an unknown key (schema).
  writeFileSync(
    file,
    `{
  // opened alone, without a folder
  "appid": "{{WAAppid}}",
  "deliverychannel": "whatsapp",
  "channels": { "OTT-Messaging": { "wa": { "type": "image", "image": { "url": "https://cdn.example.com/team.jpg", "mimeType": "image/jpg" } } } },
  "destination": [{ "waid": ["{{waid}}"] }],
  "colour": "blue",
}
`,
  );
  return { workspace: dir, where: { empty: true }, env: { WXC_TEST_LONE_FILE: file } };
}

/** What the preview shows, as text and elements; and whether anything ran that the preview did not put there. */
async function readPreview(page, action) {
  const frame = await previewFrame(page);
  if (action === 'open-list') await frame.click('[data-key="list-button"]');
  if (action === 'escape') await frame.press('.sheet', 'Escape');
  if (action === 'click-badge') await frame.click('.badge');
  if (action === 'tap-reply-0') await frame.click('[data-key="reply-0"]');
  if (action === 'load-media') await frame.click('[data-key="load-media"]');
  return frame.evaluate(() => {
    const root = document.getElementById('root');
    const texts = (selector) => [...root.querySelectorAll(selector)].map((e) => e.textContent);
    return {
      text: root.innerText,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? '(inline)'),
      // Elements a payload string could smuggle in: the preview makes none of these from payload text.
      foreign: [...root.querySelectorAll('script, style, iframe, object, embed, link, meta, svg, [onerror], [onload], [onclick], [href], [src]:not(img.picture)')].map((e) => e.outerHTML.slice(0, 120)),
      images: [...document.images].map((i) => i.getAttribute('src')),
      // A payload's script, had it run, would have set this (the hostile strings all try to).
      canary: String(window.wxcCanary ?? 'unset'),
      location: document.location.href.split('?')[0].split('/').pop(),
      bubble: texts('.bubble, .notice'),
      quickReplies: texts('.quick-reply'),
      // What can be tapped as the customer (the message was sent to the sandbox).
      tappable: texts('.tappable'),
      badges: texts('.badge'),
      listButton: texts('.list-button'),
      dialog: root.querySelector('[role="dialog"]') ? { rows: texts('.row'), focusInside: !!document.activeElement?.closest('[role="dialog"]') } : null,
      focused: document.activeElement?.getAttribute('data-key') ?? null,
      tiles: texts('.tile'),
      variables: texts('.variable'),
      cuts: root.querySelectorAll('.cut').length,
      loadButtons: root.querySelectorAll('button.load').length,
    };
  });
}

/**
 * What a send's response page shows (src/webview/response.ts), read from its frame: the one whose text
 * holds `needle` (a transid). With `narrow`, the window is made narrow first (a side column of about
 * 400 px) and put back after: the page must then fit its column, with nothing cut off on the right.
 */
async function readResponse(page, name = '') {
  const narrow = name.startsWith('narrow-');
  const needle = narrow ? name.slice('narrow-'.length) : name;
  const before = page.viewportSize();
  if (narrow && before) {
    await page.setViewportSize({ width: 900, height: before.height });
    await page.waitForTimeout(800);
  }
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      for (const frame of page.frames()) {
        const found = await frame
          .evaluate((n) => { const r = document.getElementById('response'); return !!r && r.childElementCount > 0 && r.innerText.includes(n); }, needle)
          .catch(() => false);
        if (!found) continue;
        return frame.evaluate(() => {
          const root = document.getElementById('response');
          const prose = root.cloneNode(true);
          for (const pre of prose.querySelectorAll('pre')) pre.remove();
          const html = document.documentElement;
          return {
            text: root.innerText,
            prose: prose.textContent,
            headline: root.querySelector('header h1')?.textContent ?? '',
            meaning: root.querySelector('header .meaning')?.textContent ?? '',
            advice: root.querySelector('header .advice')?.textContent ?? '',
            answer: root.querySelector('.answer')?.textContent ?? '',
            times: [...root.querySelectorAll('time')].map((t) => t.textContent),
            csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
            // Elements a report or an answer could smuggle in: the page makes none of these.
            foreign: [...root.querySelectorAll('script, style, iframe, object, embed, link, meta, img, svg, a, [onerror], [onload], [onclick], [href], [src]')].map((e) => e.outerHTML.slice(0, 120)),
            canary: String(window.wxcCanary ?? 'unset'),
            highlighted: { keys: root.querySelectorAll('pre .json-key').length, strings: root.querySelectorAll('pre .json-string').length },
            width: html.clientWidth,
            overflow: html.scrollWidth - html.clientWidth,
          };
        });
      }
      if (Date.now() > deadline) throw new Error(`no response page showing "${needle}" among ${page.frames().length} frames`);
      await page.waitForTimeout(150);
    }
  } finally {
    if (narrow && before) await page.setViewportSize(before);
  }
}

/** What the workbench page shows, for a test that asks through a `WXC_ASK <id> <question> [<name>]` line. */
const PAGE_QUESTIONS = {
  // Hidden status bar items are not in the page at all.
  statusbar: (page) => page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map((e) => ({ id: e.id, text: e.innerText.trim() }))),
  // The preview's webview (src/webview/preview.ts), read from its frame; `open-list` presses the list's
  // button first, `escape` presses Escape in it, `click-badge` clicks the first problem badge,
  // `tap-reply-0` clicks the first reply button.
  preview: (page, action) => readPreview(page, action),
  // A send's response page (src/webview/response.ts): `<transid>` or `narrow-<transid>`.
  response: (page, name) => readResponse(page, name),
  // The quick pick on screen (a command's showQuickPick): its title and each row as read aloud.
  quickpick: (page) =>
    page.evaluate(() => {
      const widget = document.querySelector('.quick-input-widget');
      if (!widget || widget.style.display === 'none') return { title: '', rows: [] };
      return {
        title: widget.querySelector('.quick-input-title')?.textContent ?? '',
        rows: [...widget.querySelectorAll('.quick-input-list .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? r.textContent),
      };
    }),
  // A picture for people to look at, taken while the test waits (WXC_SCREENSHOT does not wait).
  screenshot: async (page, name) => {
    await page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
    // The README's preview pictures (media/preview-light.png, media/preview-dark.png).
    if (process.env.WXC_UPDATE_SCREENSHOTS === '1' && /^preview-(light|dark)$/.test(name)) copyFileSync(join(screenshotsDir, `${name}.png`), join(root, 'media', `${name}.png`));
    return {};
  },
};

/**
 * What the harness does with each line the extension host logs: screenshots (WXC_SCREENSHOT),
 * questions about the page (WXC_ASK), and the suite's own `WXC| ` lines printed.
 */
function hostLines(page, hostLog, askDir) {
  return async (line) => {
    hostLog.push(line);
    const shot = /^WXC_SCREENSHOT (\S+)$/.exec(line.trim());
    if (shot) {
      const file = join(screenshotsDir, `${shot[1]}.png`);
      await page.screenshot({ path: file });
      if (process.env.WXC_UPDATE_SCREENSHOTS === '1' && shot[1] === 'readme') copyFileSync(file, join(root, 'media', 'hover.png'));
      return;
    }
    const ask = /^WXC_ASK (\w+) (\w+)(?: ([\w-]+))?$/.exec(line.trim());
    if (ask && PAGE_QUESTIONS[ask[2]]) {
      const answer = await PAGE_QUESTIONS[ask[2]](page, ask[3]).catch((err) => ({ error: err.message }));
      // Written aside, then renamed: the suite waits for the name, and must never read a half-written answer.
      const file = join(askDir, `${ask[1]}.json`);
      writeFileSync(`${file}.part`, JSON.stringify(answer));
      renameSync(`${file}.part`, file);
      return;
    }
    // Only the suite's own lines; the workbench's offline noise goes to the log file.
    if (line.startsWith('WXC| ')) process.stdout.write(`${line.slice(5)}\n`);
  };
}

/**
 * Runs the suite in a VS Code of its own; `suite` picks the workspace (see the top of this file).
 * Resolves to { passed, failed, pending, exitCode }.
 */
export async function runIntegrationSuite({ suite = '' } = {}) {
  const testsIndex = join(root, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(testsIndex)) throw new Error(`${testsIndex} is missing: run "npm run build:tests" first.`);
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run "npm run build" first.');
  const restricted = suite === 'restricted';
  const label = suite || 'integration';
  // The secret sweep needs a run that sends: the main suite does, and the restricted one must not.
  const sweep = suite === '' || restricted;
  mkdirSync(screenshotsDir, { recursive: true });
  const askDir = mkdtempSync(join(tmpdir(), 'wxc-ask-'));

  const { workspace, where, env } =
    suite === 'first-payload' ? payloadFreeWorkspace() : suite === 'lone-file' ? loneFile() : suite === 'start-on-open' ? onePayloadFolder() : payloadWorkspace({ restricted });

  const started = Date.now();
  // A known key, made fresh each run: the suite sends with it, then every file is searched for it.
  const testKey = `wxc-test-${randomBytes(12).toString('hex')}`;
  // And a webhook secret, which the delivery tests set for an environment and sign reports with.
  const webhookSecret = `wxc-hook-${randomBytes(12).toString('hex')}`;
  const { startSandbox } = require(join(root, 'out', 'src', 'sandbox', 'server.js'));
  const sandbox = await startSandbox({ port: 0, serviceKey: testKey, deliveryDelayMs: 50 });
  // A known service id and secret, for a JWT environment sending to the same sandbox.
  const serviceId = `svc-${randomBytes(6).toString('hex')}`;
  // Its decoded bytes are readable text (a password), so the sweep looks for that form too.
  const secretText = `wxc-jwt-pass-${randomBytes(12).toString('hex')}`;
  const serviceSecret = Buffer.from(secretText).toString('base64');
  const jwtSandbox = await startSandbox({ port: 0, serviceKey: `${testKey}-jwt`, serviceId, serviceSecret, deliveryDelayMs: 50 });
  // In front of it, a server that keeps every token the extension minted, for the sweep.
  const jwtProxy = await tokenRecorder(jwtSandbox.url);
  const server = await startVSCodeServer({
    label,
    trustWorkspace: !restricted,
    // npm start's "sandbox" environment: user settings, the key from the process environment.
    // The start-on-open suite: npm start's too, the receiver started when the extension activates.
    userSettings: { 'wxc.environments': sandboxEnvironment(sandbox.url), ...(suite === 'start-on-open' ? { 'wxc.deliveryReceiver.startOnOpen': true } : {}) },
    env: {
      WXC_TEST_WORKSPACE: workspace,
      WXC_TEST_SANDBOX_URL: sandbox.url,
      WXC_TEST_SERVICE_KEY: testKey,
      WXC_TEST_WEBHOOK_SECRET: webhookSecret,
      WXC_TEST_JWT_SANDBOX_URL: jwtProxy.url,
      WXC_TEST_SERVICE_ID: serviceId,
      WXC_TEST_SERVICE_SECRET: serviceSecret,
      // The "sandbox" environment's key, read through keyFromEnv in the user settings, as npm start provides it.
      [SANDBOX_KEY_VARIABLE]: testKey,
      WXC_TEST_SUITE: suite,
      WXC_TEST_ASK_DIR: askDir,
      ...env,
    },
  });
  const browser = await launchBrowser();
  const hostLog = [];
  let result;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exitCode = await runTestsInWorkbench(page, server, where, {
      extensionDevelopmentPath: root,
      extensionTestsPath: testsIndex,
      timeoutMs: SUITE_TIMEOUT_MS,
      onLine: hostLines(page, hostLog, askDir),
    });
    await page.screenshot({ path: join(screenshotsDir, 'last.png') }).catch(() => undefined);
    const counts = suiteResult(hostLog, exitCode);
    const summary = counts.reported;
    if (exitCode === 'timeout') {
      console.error(`The integration suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes.`);
    } else if (!summary) {
      console.error('The integration suite ended without reporting results (did the extension host start?).');
    }
    let { failed, passed } = counts;
    // The secret sweep: the key must not be in any file the workspace, VS Code or the suite wrote.
    writeFileSync(join(resultsDir, `${label}-host.log`), hostLog.join('\n'));
    const secrets = [testKey, webhookSecret, serviceSecret, secretText, ...jwtProxy.tokens];
    const leaks = [workspace, server.dirs, resultsDir].flatMap((d) => secrets.flatMap((secret) => filesContaining(d, secret)));
    // The sweep means something only if the output channel's log was among the files searched.
    const outputLogs = filesContaining(server.dirs, '1001 Queued').filter((f) => f.endsWith('Webex Connect.log'));
    if (outputLogs.length === 0 && sweep && !restricted) console.log('  (the "Webex Connect" output channel log was not found among the files written)');
    if (!sweep) {
      // Nothing is sent in this VS Code, so there is no key to look for.
    } else if (leaks.length === 0 && summary && (outputLogs.length > 0 || restricted)) {
      passed++;
      console.log(
        `  ✔ secret sweep: the test key, the webhook secret, the JWT service secret (and its decoded text) and the ${jwtProxy.tokens.length} JWT(s) minted are in no file of the workspace, the VS Code server (settings, logs, output channel) or the test logs`,
      );
    } else {
      failed++;
      console.log(`  ✖ secret sweep: the test key, webhook secret, service secret or a JWT was found in:\n    ${leaks.join('\n    ') || "(the suite did not run, so nothing was swept)"}`);
    }
    result = { passed, failed, pending: counts.pending, exitCode };
  } finally {
    writeFileSync(join(resultsDir, `${label}-host.log`), hostLog.join('\n'));
    writeFileSync(join(resultsDir, `${label}-server.log`), server.log.join(''));
    await browser.close().catch(() => undefined);
    server.stop();
    await sandbox.close();
    await jwtProxy.close();
    await jwtSandbox.close();
  }
  console.log(`integration suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** A launch of the restart suite must end within this (two are run). */
const RESTART_LAUNCH_TIMEOUT_MS = 60_000;

/**
 * The restart suite (test/integration/restart.test.ts): one VS Code launched twice on the same
 * folder with the same server folders (server-data, user-data, extensions) and the same browser
 * profile and the same port, because the web workbench keeps workspace state in the browser's
 * IndexedDB and secrets in its localStorage, both per origin. The first launch is shut down gracefully (the page is closed with its
 * beforeunload handlers, so the workbench flushes its storage; then the browser, then the server)
 * before the second starts. What the first launch saw reaches the second as a file in a temp dir.
 * Resolves to { passed, failed, pending, exitCode } over both launches.
 */
export async function runRestartSuite() {
  const testsIndex = join(root, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(testsIndex)) throw new Error(`${testsIndex} is missing: run "npm run build:tests" first.`);
  mkdirSync(screenshotsDir, { recursive: true });
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'wxc-restart-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  const handover = join(scratch, 'handover');
  mkdirSync(handover);
  const profileDir = join(scratch, 'browser-profile');
  const testKey = `wxc-test-${randomBytes(12).toString('hex')}`;
  const { startSandbox } = require(join(root, 'out', 'src', 'sandbox', 'server.js'));
  const sandbox = await startSandbox({ port: 0, serviceKey: testKey, deliveryDelayMs: 50 });
  const total = { passed: 0, failed: 0, pending: 0, exitCode: 0 };
  let previous;
  try {
    for (const launch of ['restart-first', 'restart-second']) {
      const launchStarted = Date.now();
      const askDir = mkdtempSync(join(tmpdir(), 'wxc-ask-'));
      const server = await startVSCodeServer({
        label: 'restart',
        ...(previous ? { dirs: previous.dirs, port: previous.port } : {}),
        env: {
          WXC_TEST_WORKSPACE: workspace,
          WXC_TEST_SANDBOX_URL: sandbox.url,
          WXC_TEST_SERVICE_KEY: testKey,
          WXC_TEST_SUITE: launch,
          WXC_TEST_ASK_DIR: askDir,
          WXC_TEST_RESTART_DIR: handover,
        },
      });
      previous = server;
      const browser = await launchBrowser({ profileDir, viewport: { width: 1400, height: 900 } });
      const hostLog = [];
      try {
        const page = await browser.newPage();
        const exitCode = await runTestsInWorkbench(page, server, workspace, {
          extensionDevelopmentPath: root,
          extensionTestsPath: testsIndex,
          timeoutMs: RESTART_LAUNCH_TIMEOUT_MS,
          onLine: hostLines(page, hostLog, askDir),
        });
        await page.screenshot({ path: join(screenshotsDir, `${launch}.png`) }).catch(() => undefined);
        // A graceful shutdown: the workbench's unload handlers run and flush its storage.
        await page.close({ runBeforeUnload: true });
        await page.waitForEvent('close', { timeout: 10_000 }).catch(() => undefined);
        const counts = suiteResult(hostLog, exitCode);
        if (exitCode === 'timeout') console.error(`The ${launch} launch did not finish within ${RESTART_LAUNCH_TIMEOUT_MS / 1000} s.`);
        else if (!counts.reported) console.error(`The ${launch} launch ended without reporting results (did the extension host start?).`);
        total.passed += counts.passed;
        total.failed += counts.failed;
        total.pending += counts.pending;
        if (exitCode !== 0) total.exitCode = exitCode;
      } finally {
        writeFileSync(join(resultsDir, `${launch}-host.log`), hostLog.join('\n'));
        writeFileSync(join(resultsDir, `${launch}-server.log`), server.log.join(''));
        await browser.close().catch(() => undefined);
        server.stop();
      }
      console.log(`  (${launch} launch: ${((Date.now() - launchStarted) / 1000).toFixed(1)} s)`);
      // The second launch only means something after a first that saw its send through.
      if (total.failed > 0) break;
    }
  } finally {
    await sandbox.close();
  }
  console.log(`restart suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--suite');
  const suite = at > 0 ? process.argv[at + 1] : process.argv.includes('--restricted') ? 'restricted' : '';
  const result = suite === 'restart' ? await runRestartSuite() : await runIntegrationSuite({ suite });
  console.log(`integration${suite ? ` (${suite})` : ''}: ${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed === 0 && result.exitCode === 0 ? 0 : 1);
}
