#!/usr/bin/env node
// Figures measured inside the real VS Code (the VS Code server from code-server, its workbench in
// headless Chromium), for `npm run bench`: scripts/bench.mjs calls benchVSCode() and prints its rows.
//   node scripts/bench-vscode.mjs      (alone: builds, measures, prints the rows)
//   node scripts/bench-vscode.mjs --only inbound   (just the customer's events into the Conversations view)
//   node scripts/bench-vscode.mjs --only typing    (just the launch that types: diagnostics, squiggles, the preview)
// - activation: activate() and the evaluation of the production bundle, as the extension itself
//   reports them (activate() returns { timings }), median over several fresh VS Code launches;
// - a workspace without payload files must not activate the extension;
// - diagnostics while typing, for a typical payload and a 1,000-destination one: edit → diagnostics
//   in the extension host, keystroke → squiggle on screen (Playwright types into the editor),
//   keystroke → character on screen, and the longest extension-host stall meanwhile;
// - the preview beside the typical payload: edit → the webview confirms it drew the new version,
//   and keystroke → the preview's DOM changed on screen;
// - the customer's events: MO events posted over HTTP to the running receiver, each timed until
//   the Conversations view's data provider returns it (p50 and max).
// The probes run as mocha tests in the extension host (test/perf/) and print `WXC_PERF {json}`
// lines. Timings are reported, never asserted. Needs what `npm run setup` installs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib/toolchain.mjs';
import { launchBrowser, previewFrame, runTestsInWorkbench, startVSCodeServer, suiteResult } from './lib/vscodeTestServer.mjs';

/* global document, window, performance, MutationObserver -- used by the functions run in the page */

const require = createRequire(import.meta.url);
const resultsDir = join(root, '.test-results');
const perfIndex = join(root, 'out', 'test', 'perf', 'index.js');
const GROUP_ACTIVATION = 'activation (real VS Code)';
const GROUP_TYPING = 'diagnostics while typing (real VS Code)';
const GROUP_INBOUND = 'conversations (real VS Code)';
/** How "on screen" is measured, said beside the figures. */
const ON_SCREEN = "on screen: the workbench's DOM in headless Chromium, from the keydown until the editor shows one squiggle more or fewer (a MutationObserver)";
const QUIET_NOTE = 'V8 may reuse the compiled code, so a lower bound';
/** Keystroke pairs typed on screen per payload ("m" adds the placeholder warning, Backspace removes it). */
const SCREEN_TOGGLES = 10;

/** What is typed on screen, and which squiggle is timed, for the probes that differ from the placeholder host's. */
const SCREEN_TYPING = {
  // Ours: the checks pipeline draws what Send refuses as an error.
  refused: { key: 'x', squiggle: 'squiggly-error' },
  // VS Code's JSON service draws a schema problem as a warning.
  'refused-json': { key: 'x', squiggle: 'squiggly-warning' },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
const ms = (x) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
const spread = (xs) => `p50 ${ms(median(xs))}, max ${ms(max(xs))} (n=${xs.length})`;

/** The payload files, built as scripts/bench.mjs builds its payloads. */
function payloadTexts() {
  const { skeletonPayload } = require(join(root, 'out', 'src', 'core', 'messages', 'scaffold.js'));
  const typical = skeletonPayload('image', 'https://media.acme-cdn.net/');
  const many = skeletonPayload('image', 'https://media.acme-cdn.net/');
  many.destination = Array.from({ length: 1000 }, (_, i) => ({ waid: [String(16505550000 + i)] }));
  // A template whose header image is checked as media messages are (the same host is toggled).
  const template = skeletonPayload('template', 'https://media.acme-cdn.net/');
  return { typical: `${JSON.stringify(typical, null, 2)}\n`, template: `${JSON.stringify(template, null, 2)}\n`, many: `${JSON.stringify(many, null, 2)}\n` };
}

/**
 * The script that arms one on-screen measurement in the page: it notes when the next key goes
 * down, when the editor's text next changes and when the number of squiggles of a kind
 * (`squiggly-warning`, `squiggly-error`) changes.
 * `window.__wxcPending` resolves with those page times (performance.now()).
 */
function armScreenProbe(squiggle) {
  const editor = document.querySelector('.editor-instance .monaco-editor.focused');
  if (!editor) return { error: 'no focused editor' };
  const lines = editor.querySelector('.view-lines');
  const count = () => editor.querySelectorAll(`.view-overlays .${squiggle}`).length;
  const before = count();
  const beforeText = lines.textContent;
  const state = { before };
  window.__wxcPending = new Promise((resolve) => {
    const onKey = () => {
      if (state.keyAt === undefined) state.keyAt = performance.now();
    };
    const observer = new MutationObserver(() => {
      if (state.keyAt === undefined) return;
      const now = performance.now();
      if (state.textAt === undefined && lines.textContent !== beforeText) state.textAt = now;
      const after = count();
      if (after !== before) finish({ after, squiggleAt: now, origin: performance.timeOrigin });
    });
    const timer = setTimeout(() => finish({ timeout: true }), 10_000);
    function finish(extra) {
      clearTimeout(timer);
      observer.disconnect();
      window.removeEventListener('keydown', onKey, true);
      resolve({ ...state, ...extra });
    }
    window.addEventListener('keydown', onKey, true);
    observer.observe(editor, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  return { before };
}

/**
 * Types into the focused editor and times what shows: by default the cursor is just after
 * "cdn.example.co" and "m" makes the placeholder host (a warning); for the refused MIME type it is
 * just after "image/jpeg" and "x" makes a type WhatsApp refuses.
 */
async function typeOnScreen(page, { key = 'm', squiggle: kind = 'squiggly-warning' } = {}) {
  const squiggle = [];
  const typed = [];
  // Each keystroke and its squiggle on the epoch clock (performance.timeOrigin + now()), which the
  // extension host's own timeline uses too.
  const moments = [];
  for (let i = 0; i < SCREEN_TOGGLES * 2; i++) {
    const adding = i % 2 === 0;
    const armed = await page.evaluate(armScreenProbe, kind);
    if (armed.error) throw new Error(armed.error);
    await page.keyboard.press(adding ? key : 'Backspace');
    const seen = await page.evaluate(() => window.__wxcPending);
    if (seen.timeout) throw new Error(`the ${kind} did not ${adding ? 'appear' : 'go'} within 10 s of the keystroke (${seen.before} before)`);
    if ((seen.after > seen.before) !== adding) throw new Error(`${kind} went from ${seen.before} to ${seen.after} after ${adding ? 'typing' : 'removing'} "${key}"`);
    squiggle.push(seen.squiggleAt - seen.keyAt);
    moments.push({ key: seen.origin + seen.keyAt, screen: seen.origin + seen.squiggleAt });
    if (seen.textAt !== undefined) typed.push(seen.textAt - seen.keyAt);
    await page.waitForTimeout(400);
  }
  return { squiggle, typed, moments };
}

/**
 * Where each keystroke's time went, from the page's moments and the extension host's timeline
 * (two processes' clocks on one machine: within a millisecond or so): keystroke → the edit in the
 * extension host → its problems readable there → the squiggle on screen. Undefined when the
 * timeline is missing or a step could not be matched.
 */
function stepsOf(moments, host) {
  if (!moments || !host?.changes || !host?.published) return undefined;
  const steps = { toHost: [], toPublished: [], toScreen: [] };
  for (const { key, screen } of moments) {
    const change = host.changes.find((t) => t >= key - 2 && t <= screen);
    const published = change === undefined ? undefined : host.published.find((t) => t >= change && t <= screen + 2);
    if (published === undefined) continue;
    steps.toHost.push(Math.max(0, change - key));
    steps.toPublished.push(published - change);
    steps.toScreen.push(Math.max(0, screen - published));
  }
  return steps.toHost.length ? steps : undefined;
}

/**
 * Types into the focused editor while the preview is open beside it, and times each keystroke →
 * the preview's DOM changed (the problem badge of the placeholder host appears or goes). The
 * webview is another frame with its own clock origin: both sides read performance.timeOrigin + now().
 */
async function typeWithPreview(page) {
  const frame = await previewFrame(page);
  const shown = [];
  for (let i = 0; i < SCREEN_TOGGLES * 2; i++) {
    const adding = i % 2 === 0;
    await frame.evaluate(() => {
      const root = document.getElementById('root');
      const before = root.textContent;
      window.__wxcPreviewPending = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (root.textContent === before) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve({ at: performance.timeOrigin + performance.now() });
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          resolve({ timeout: true });
        }, 10_000);
        observer.observe(root, { subtree: true, childList: true, characterData: true });
      });
    });
    await page.evaluate(() => {
      window.__wxcKeyAt = undefined;
      window.addEventListener('keydown', () => (window.__wxcKeyAt ??= performance.timeOrigin + performance.now()), { capture: true, once: true });
    });
    await page.keyboard.press(adding ? 'm' : 'Backspace');
    const seen = await frame.evaluate(() => window.__wxcPreviewPending);
    if (seen.timeout) throw new Error(`the preview did not change within 10 s of the keystroke (${adding ? 'adding' : 'removing'} the placeholder host)`);
    const keyAt = await page.evaluate(() => window.__wxcKeyAt);
    shown.push(seen.at - keyAt);
    await page.waitForTimeout(400);
  }
  return { shown };
}

/** One fresh VS Code (server, workbench, extension host) running the perf probes of `mode`. */
async function launch({ mode, folder, onScreen = false, timeoutMs = 5 * 60_000 }) {
  const handshakeDir = mkdtempSync(join(tmpdir(), 'wxc-bench-handshake-'));
  const server = await startVSCodeServer({
    label: `bench-${mode}`,
    env: { WXC_PERF_MODE: mode, WXC_PERF_DIR: handshakeDir, WXC_PERF_UI: onScreen ? '1' : '0' },
  });
  const browser = await launchBrowser();
  const perf = [];
  const screen = {};
  const hostLog = [];
  let typing = Promise.resolve();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exitCode = await runTestsInWorkbench(page, server, folder, {
      extensionDevelopmentPath: root,
      extensionTestsPath: perfIndex,
      timeoutMs,
      onLine: (line) => {
        hostLog.push(line);
        const figures = /WXC_PERF (\{.*\})\s*$/.exec(line);
        if (figures) perf.push(JSON.parse(figures[1]));
        const ready = /WXC_PERF_UI_READY (\{.*\})\s*$/.exec(line);
        if (ready) {
          // Not awaited here: the page waits for nothing while the keys are typed.
          const { name } = JSON.parse(ready[1]);
          const done = join(handshakeDir, `ui-done-${name}`);
          typing = typing
            .then(() => (name === 'preview' ? typeWithPreview(page) : typeOnScreen(page, SCREEN_TYPING[name])))
            .then(
              (result) => {
                screen[name] = result;
                writeFileSync(done, '{}');
              },
              (err) => {
                screen[name] = { error: err.message };
                writeFileSync(done, JSON.stringify({ error: err.message }));
              },
            );
        }
      },
    });
    await typing;
    return { exitCode, perf, screen, hostLog };
  } finally {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `bench-vscode-${mode}-host.log`), hostLog.join('\n'));
    await browser.close().catch(() => undefined);
    server.stop();
    for (const dir of [handshakeDir, server.dirs]) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The failing probes' own lines, to say why a figure is missing. */
function why(run) {
  if (run.exitCode === 'timeout') return 'timed out';
  const failures = run.hostLog.filter((l) => l.startsWith('WXC| ') && /^\s+(\d+\)|Error|AssertionError)/.test(l.slice(5)));
  return failures.map((l) => l.slice(5).trim()).join(' ').slice(0, 200) || `exit code ${run.exitCode}`;
}

/** Two folders to open: one with the payload files (and a plain .json copy), one without any. */
function scratchWorkspaces() {
  const scratch = mkdtempSync(join(tmpdir(), 'wxc-bench-vscode-'));
  const payloads = join(scratch, 'payloads');
  mkdirSync(payloads);
  const texts = payloadTexts();
  for (const [name, text] of Object.entries(texts)) writeFileSync(join(payloads, `${name}.wa.json`), text);
  // The same 1,000 destinations in a file the extension does not check: what the stall is without it.
  writeFileSync(join(payloads, 'many-plain.json'), texts.many);
  writeFileSync(join(payloads, 'README.md'), '# Payloads\n');
  // A typical payload one keystroke from a MIME type WhatsApp refuses, and the same text in a plain
  // .json file whose schema is the payload schema through json.schemas, for VS Code's own squiggle.
  writeFileSync(join(payloads, 'refused.wa.json'), texts.typical);
  writeFileSync(join(payloads, 'refused-plain.json'), texts.typical);
  mkdirSync(join(payloads, '.vscode'));
  const schemaUrl = pathToFileURL(join(root, 'schemas', 'whatsapp-message.schema.json')).href;
  writeFileSync(join(payloads, '.vscode', 'settings.json'), `${JSON.stringify({ 'json.schemas': [{ fileMatch: ['refused-plain.json'], url: schemaUrl }] }, null, 2)}\n`);
  const plain = join(scratch, 'plain');
  mkdirSync(plain);
  writeFileSync(join(plain, 'README.md'), '# A project without WhatsApp payloads\n');
  writeFileSync(join(plain, 'package.json'), `${JSON.stringify({ name: 'plain', version: '1.0.0', private: true }, null, 2)}\n`);
  writeFileSync(join(plain, 'tsconfig.json'), '{\n  // JSON with comments, as VS Code opens it\n  "compilerOptions": { "strict": true },\n}\n');
  writeFileSync(join(plain, 'data.json'), `${JSON.stringify({ url: 'https://cdn.example.com/a.jpg' }, null, 2)}\n`);
  mkdirSync(join(plain, '.vscode'));
  writeFileSync(join(plain, '.vscode', 'settings.json'), '{\n  "editor.tabSize": 2\n}\n');
  return { scratch, payloads, plain };
}

/**
 * For npm test, behaviour only: in a fresh VS Code the extension activates by itself in a
 * workspace with payload files (and reports its timings), and stays inactive in one without,
 * whatever other JSON is opened, until a payload file is created there.
 * Uses the bundle and tests already built. Resolves to { passed, failed }.
 */
export async function activationChecks() {
  const { scratch, payloads, plain } = scratchWorkspaces();
  try {
    const results = [];
    for (const [label, mode, folder] of [
      ['with payload files', 'activation', payloads],
      ['without payload files, until one is created', 'idle', plain],
    ]) {
      const run = await launch({ mode, folder, timeoutMs: 3 * 60_000 });
      const c = suiteResult(run.hostLog, run.exitCode);
      for (const l of run.hostLog) if (l.startsWith('WXC| ')) process.stdout.write(`${l.slice(5)}\n`);
      if (c.failed > 0) console.log(`  (${label}: ${why(run)})`);
      results.push(c);
    }
    return { passed: results.reduce((n, c) => n + c.passed, 0), failed: results.reduce((n, c) => n + c.failed, 0) };
  } finally {
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Measures in the real VS Code and returns rows { group, name, value, note } (display strings).
 * Builds the production bundle and the tests first unless `build` is false.
 */
export async function benchVSCode({ launches = 5, build = true, only, progress = (m) => process.stderr.write(`[bench-vscode] ${m}\n`) } = {}) {
  const started = Date.now();
  if (build) {
    progress('building (production bundle and tests)…');
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production', '--tests'], { stdio: 'ignore' });
  }
  const { scratch, payloads, plain } = scratchWorkspaces();
  const rows = [];
  const row = (group, name, value, note = '') => rows.push({ group, name, value, note });
  const raw = { machine: { cpus: cpus().length, model: cpus()[0]?.model }, activation: [], typing: {}, screen: {}, idle: undefined };
  if (only === 'inbound') {
    await inboundRows(payloads, row, raw, progress);
    return finish(scratch, rows, raw, started, progress);
  }

  // 1. Activation, over several launches; the last one also measures typing.
  const runs = [];
  const typingOnly = only === 'typing';
  for (let i = typingOnly ? launches : 1; i <= launches; i++) {
    const mode = i === launches ? 'typing' : 'activation';
    progress(`launch ${i}/${launches}${mode === 'typing' ? ' (and diagnostics while typing)' : ''}…`);
    const launchStarted = Date.now();
    const run = await launch({ mode, folder: payloads, onScreen: mode === 'typing', timeoutMs: mode === 'typing' ? 15 * 60_000 : 3 * 60_000 });
    progress(`  took ${((Date.now() - launchStarted) / 1000).toFixed(1)} s`);
    runs.push(run);
    const a = run.perf.find((p) => p.kind === 'activation');
    if (a) raw.activation.push(a);
    else progress(`  no activation figures: ${why(run)}`);
  }
  const activate = raw.activation.map((a) => a.activateMs);
  const load = raw.activation.map((a) => a.loadMs).filter((x) => typeof x === 'number');
  const each = (xs) => xs.map((x) => x.toFixed(1)).join(', ');
  if (activate.length) {
    row(GROUP_ACTIVATION, 'activate()', ms(median(activate)), `target < 10 ms; median of ${activate.length} launches: ${each(activate)} ms`);
  } else {
    row(GROUP_ACTIVATION, 'activate()', 'not measured', why(runs[0]));
  }
  const quiet = raw.activation.flatMap((a) => a.quietLoadMs ?? []);
  if (load.length) {
    row(GROUP_ACTIVATION, 'bundle load (evaluating dist/extension.js)', ms(median(load)), `target < 30 ms; median of ${load.length} launches: ${each(load)} ms`);
  } else {
    row(GROUP_ACTIVATION, 'bundle load (evaluating dist/extension.js)', 'not measured', runs.length ? why(runs[0]) : '');
  }
  if (quiet.length) {
    row(GROUP_ACTIVATION, 'bundle load, extension host idle (require() of a fresh copy)', ms(median(quiet)), `for comparison, not the target's figure: median of ${quiet.length} loads, min ${ms(Math.min(...quiet))}, max ${ms(max(quiet))}; ${QUIET_NOTE}`);
  }

  // 2. A workspace without payload files.
  if (!typingOnly) await idleRows(plain, row, raw, progress);

  // 3. Diagnostics while typing (from the last launch).
  const typingRun = runs[runs.length - 1];
  const labels = { typical: 'typical payload', template: 'template payload', many: '1,000 destinations' };
  for (const name of ['typical', 'template', 'many']) {
    const t = typingRun?.perf.find((p) => p.kind === 'typing' && p.name === name);
    const s = typingRun?.screen[name];
    raw.typing[name] = t;
    raw.screen[name] = s;
    const label = `${labels[name]}${t ? ` (${(t.chars / 1024).toFixed(1)} KB)` : ''}`;
    if (!t) {
      row(GROUP_TYPING, `${label}: edit → diagnostics (extension host)`, 'not measured', typingRun ? why(typingRun) : '');
      continue;
    }
    const first = t.warmup?.[0] ? `; the session's first edit, not counted: ${ms(t.warmup[0].publishedMs)}` : '';
    row(GROUP_TYPING, `${label}: edit → diagnostics (extension host)`, spread(t.published), `no debounce when the document checks in under 4 ms${first}`);
    row(GROUP_TYPING, `${label}: edit → onDidChangeDiagnostics`, spread(t.event), 'what other extensions see: VS Code fires the event 50 ms later');
    if (s?.squiggle) {
      row(GROUP_TYPING, `${label}: keystroke → warning squiggle on screen`, spread(s.squiggle), name === 'typical' ? 'target p50 ≤ 50 ms, max < 300 ms' : 'target max ≤ 300 ms');
      row(GROUP_TYPING, `${label}: keystroke → character on screen`, spread(s.typed), 'typing never waits for the checks');
    } else {
      row(GROUP_TYPING, `${label}: keystroke → warning squiggle on screen`, 'not measured', s?.error ?? 'the editor was not typed into');
    }
    const stalls = [t.stallMs, t.uiStallMs].filter((x) => typeof x === 'number');
    const control = name === 'many' ? typingRun.perf.find((p) => p.kind === 'control') : undefined;
    raw.control = raw.control ?? control;
    const without = control ? `; the same edits in a plain .json file the extension does not check: ${ms(control.stallMs)}` : '';
    row(GROUP_TYPING, `${label}: longest extension-host stall while re-checking`, ms(max(stalls)), `reported, not asserted (typing itself runs in the workbench)${without}`);
  }
  // A refused MIME type: our error squiggle beside VS Code's JSON service's warning for the same problem.
  raw.refused = {};
  for (const [name, label, note] of [
    ['refused', 'typical payload, a MIME type Send refuses: keystroke → error squiggle on screen (the checks)', 'target p50 ≤ 50 ms'],
    ['refused-json', "the same text in a plain .json with the schema (json.schemas): keystroke → VS Code's JSON service warning squiggle", 'for comparison: VS Code drew payloads this way before'],
  ]) {
    const s = typingRun?.screen[name];
    const host = typingRun?.perf.find((x) => x.kind === 'refused' && x.name === name);
    const steps = stepsOf(s?.moments, host);
    raw.refused[name] = { host, screen: s, steps };
    row(GROUP_TYPING, label, s?.squiggle ? spread(s.squiggle) : 'not measured', s?.squiggle ? `${note}; ${ON_SCREEN}` : s?.error ?? (typingRun ? why(typingRun) : ''));
    if (steps) {
      const p50 = (xs) => ms(median(xs));
      row(
        GROUP_TYPING,
        `  where it went (p50 of each step, ${steps.toHost.length} of ${s.squiggle.length} keystrokes matched)`,
        `${p50(steps.toHost)} + ${p50(steps.toPublished)} + ${p50(steps.toScreen)}`,
        `keystroke → the edit in the extension host (the workbench, its message) + → the problems readable there (${name === 'refused' ? 'our checks' : "VS Code's JSON language server and client"}) + → drawn on screen (the message back, VS Code's markers and rendering); max ${ms(max(steps.toHost))} / ${ms(max(steps.toPublished))} / ${ms(max(steps.toScreen))}`,
      );
    }
  }
  // 4. The preview beside the typical payload (from the last launch).
  const p = typingRun?.perf.find((x) => x.kind === 'preview');
  const ps = typingRun?.screen.preview;
  raw.preview = { host: p, screen: ps };
  if (p) row(GROUP_TYPING, 'typical payload, preview open: edit → preview drawn (the webview confirms)', spread(p.rendered), 'extension host: build the model, post it, the webview draws and answers');
  else row(GROUP_TYPING, 'typical payload, preview open: edit → preview drawn (the webview confirms)', 'not measured', typingRun ? why(typingRun) : '');
  if (ps?.shown) row(GROUP_TYPING, 'typical payload, preview open: keystroke → preview updated on screen', spread(ps.shown), 'target p50 ≤ 50 ms');
  else row(GROUP_TYPING, 'typical payload, preview open: keystroke → preview updated on screen', 'not measured', ps?.error ?? 'the editor was not typed into');
  // 5. The customer's events, in a launch of their own (a receiver running changes nothing above).
  if (!typingOnly) await inboundRows(payloads, row, raw, progress);
  return finish(scratch, rows, raw, started, progress);
}

/** One launch in a workspace without payload files: the extension must stay inactive. */
async function idleRows(folder, row, raw, progress) {
  progress('a workspace without payload files…');
  const idleRun = await launch({ mode: 'idle', folder, timeoutMs: 3 * 60_000 });
  const idle = idleRun.perf.find((p) => p.kind === 'idle');
  raw.idle = idle;
  row(
    GROUP_ACTIVATION,
    'workspace without *.wa.json(c) files',
    idle ? (idle.active ? 'ACTIVATED' : 'not activated') : 'not measured',
    idle ? `target: not activated (watched ${idle.watchedMs / 1000} s with README.md, package.json, tsconfig.json, a plain .json and both settings.json open)` : why(idleRun),
  );
}

/** One launch: the customer's events posted to the running receiver, each timed until the Conversations view's provider returns it. */
async function inboundRows(folder, row, raw, progress) {
  progress("the customer's events into the Conversations view…");
  const run = await launch({ mode: 'inbound', folder, timeoutMs: 5 * 60_000 });
  const p = run.perf.find((x) => x.kind === 'inbound');
  raw.inbound = p;
  const name = "customer's event POSTed to the receiver → returned by the Conversations view's provider (after its onDidChangeTreeData)";
  if (p) row(GROUP_INBOUND, name, spread(p.shownMs), `${p.events} MO events one after another across ${p.customers} customers; the tree's own drawing not included`);
  else row(GROUP_INBOUND, name, 'not measured', why(run));
}

function finish(scratch, rows, raw, started, progress) {
  rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  raw.seconds = (Date.now() - started) / 1000;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'bench-vscode.json'), `${JSON.stringify({ at: new Date().toISOString(), rows, raw }, null, 2)}\n`);
  progress(`done in ${raw.seconds.toFixed(0)} s (raw figures in .test-results/bench-vscode.json)`);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--only');
  const only = at > 0 ? process.argv[at + 1] : undefined;
  if (only !== undefined && only !== 'inbound' && only !== 'typing') {
    throw new Error(`--only takes "inbound" (the customer's events into the Conversations view) or "typing" (the launch that types), not ${JSON.stringify(only)}`);
  }
  const rows = await benchVSCode({ only });
  const width = Math.max(...rows.map((r) => `${r.group}: ${r.name}`.length));
  for (const r of rows) console.log(`${`${r.group}: ${r.name}`.padEnd(width)}  ${r.value}${r.note ? `   (${r.note})` : ''}`);
}
