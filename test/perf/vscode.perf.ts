/**
 * Performance probes inside a real VS Code, run by scripts/bench-vscode.mjs (see index.ts). Each
 * reports its figures as a `WXC_PERF {json}` line; the assertions check behaviour only (the
 * extension activates, or does not; the warning appears and goes), never a timing.
 */
import * as assert from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { moEventBody } from '../../src/core/inbound/bodies';
import type { WxcApi } from '../../src/extension';
import { EXTENSION_ID, closeAllEditors, settledDiagnostics, sleep, waitFor, workspaceUri } from '../integration/helpers';

/** How long a payload-free workspace is watched for an activation. */
const IDLE_WATCH_MS = 5_000;
/** How long the extension host is left alone before the quiet bundle load is timed. */
const QUIET_MS = 2_000;
/** Edits per payload at the extension-host level (half add the warning, half remove it). */
const EDITS = 20;
/** The host the payloads use, and the placeholder host the media checks warn about. */
const REAL_HOST = 'media.acme-cdn.net';
const PLACEHOLDER_HOST = 'cdn.example.com';

function report(kind: string, data: Record<string, unknown>): void {
  console.log(`WXC_PERF ${JSON.stringify({ kind, ...data })}`);
}

function extension(): vscode.Extension<WxcApi> {
  const ext = vscode.extensions.getExtension<WxcApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is loaded`);
  return ext;
}

const isPlaceholderWarning = (d: vscode.Diagnostic) =>
  d.source === 'Webex Connect' && d.code === 'placeholder-url' && d.severity === vscode.DiagnosticSeverity.Warning;
const hasPlaceholderWarning = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).some(isPlaceholderWarning);

/** The longest delay of a 5 ms timer while it runs: how long the extension host's event loop was blocked. */
function stallProbe(): { stop(): number } {
  const interval = 5;
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - interval);
    last = now;
  }, interval);
  return {
    stop() {
      clearInterval(timer);
      return longest;
    },
  };
}

/** Now, on the clock the page's keystrokes are reported in (epoch milliseconds, sub-millisecond). */
const epochNow = () => performance.timeOrigin + performance.now();

/**
 * Watches a document while it is typed into: when each edit reaches this extension host
 * (onDidChangeTextDocument), and when the number of its errors and warnings changes as read here,
 * whoever publishes them (ours, or VS Code's JSON service through its language client), polled
 * every millisecond: onDidChangeDiagnostics comes 50 ms late.
 */
function problemsTimeline(document: vscode.TextDocument): { stop(): { changes: number[]; published: number[] } } {
  const changes: number[] = [];
  const published: number[] = [];
  const problems = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).length;
  let last = problems();
  const poll = setInterval(() => {
    const now = problems();
    if (now !== last) published.push(epochNow());
    last = now;
  }, 1);
  const sub = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document === document && e.contentChanges.length > 0) changes.push(epochNow());
  });
  return {
    stop() {
      clearInterval(poll);
      sub.dispose();
      return { changes, published };
    },
  };
}

async function replaceText(editor: vscode.TextEditor, from: string, to: string): Promise<void> {
  const { document } = editor;
  const offset = document.getText().indexOf(from);
  assert.ok(offset >= 0, `"${from}" in ${document.uri.path}`);
  assert.ok(await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(offset), document.positionAt(offset + from.length)), to)), 'the edit applies');
}

/**
 * Replaces `from` with `to` and times (from just before the edit) until the placeholder warning
 * is there (or gone): `publishedMs` when the diagnostics can be read, `eventMs` when
 * onDidChangeDiagnostics tells other extensions (VS Code delays that event by 50 ms).
 */
async function timedEdit(editor: vscode.TextEditor, from: string, to: string, warningAfter: boolean): Promise<{ publishedMs: number; eventMs: number }> {
  const { document } = editor;
  const uri = document.uri.toString();
  let publishedMs: number | undefined;
  let eventMs: number | undefined;
  const started = performance.now();
  const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
    if (eventMs === undefined && e.uris.some((u) => u.toString() === uri) && hasPlaceholderWarning(document.uri) === warningAfter) {
      eventMs = performance.now() - started;
    }
  });
  try {
    await replaceText(editor, from, to);
    const deadline = performance.now() + 15_000;
    while (publishedMs === undefined || eventMs === undefined) {
      if (publishedMs === undefined && hasPlaceholderWarning(document.uri) === warningAfter) publishedMs = performance.now() - started;
      assert.ok(performance.now() < deadline, `the placeholder warning ${warningAfter ? 'appears' : 'goes'} after the edit`);
      await sleep(1);
    }
    return { publishedMs, eventMs };
  } finally {
    subscription.dispose();
  }
}

describe('Performance: activation', function () {
  this.timeout(60_000);

  it('activates on its own in a workspace with payload files and reports how long it took', async () => {
    const ext = extension();
    // Not ext.activate(): the workspaceContains activation event must do it.
    await waitFor('activation by workspaceContains', () => (ext.isActive ? true : undefined), 45_000);
    const { timings } = ext.exports;
    assert.strictEqual(typeof timings.activateMs, 'number');
    assert.strictEqual(typeof timings.loadMs, 'number', 'the bundle records its load time');
    // At launch the host shares the CPU with the workbench starting up. Once it is quiet, time
    // require() of a fresh copy of the same bundle (V8 may reuse its compiled code: a lower bound).
    await sleep(QUIET_MS);
    const bundle = require.resolve(join(ext.extensionPath, ext.packageJSON.main as string));
    const quietLoadMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      delete require.cache[bundle];
      const started = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- timing a CommonJS load, as the extension host does it
      const fresh = require(bundle) as { activate?: unknown };
      quietLoadMs.push(performance.now() - started);
      assert.strictEqual(typeof fresh.activate, 'function');
    }
    report('activation', { activateMs: timings.activateMs, loadMs: timings.loadMs, quietLoadMs });
  });
});

describe('Performance: a workspace without payload files', function () {
  this.timeout(90_000);

  it('does not activate the extension with settings.json, tsconfig.json, package.json, a plain .json and Markdown open', async () => {
    const ext = extension();
    for (const file of [['README.md'], ['package.json'], ['tsconfig.json'], ['data.json'], ['.vscode', 'settings.json']]) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(...file)));
    }
    // The user's settings.json too, as the command opens it.
    await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    await sleep(IDLE_WATCH_MS);
    report('idle', { active: ext.isActive, watchedMs: IDLE_WATCH_MS });
    assert.strictEqual(ext.isActive, false, 'activated in a workspace without *.wa.json(c) files');
    await closeAllEditors();
  });

  it('activates by itself when a payload file is created and opened there', async () => {
    const ext = extension();
    assert.strictEqual(ext.isActive, false, 'inactive before the payload');
    const uri = workspaceUri('first.wa.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{\n  // my first payload\n}\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // Not ext.activate(): the payload language's activation event must do it.
    await waitFor('activation by the payload file', () => (ext.isActive ? true : undefined), 45_000);
    await closeAllEditors();
  });
});

describe('Performance: diagnostics while typing', function () {
  this.timeout(10 * 60_000);
  const handshakeDir = process.env.WXC_PERF_DIR ?? '';
  const onScreen = process.env.WXC_PERF_UI === '1';

  /**
   * Leaves the editor one keystroke away from the warning ("cdn.example.co" + "m"), tells the
   * bench script to type there on screen (`name`), and waits until it drops its file; returns the
   * extension host's longest stall meanwhile.
   */
  async function typedOnScreen(editor: vscode.TextEditor, name: string): Promise<number> {
    const almost = PLACEHOLDER_HOST.slice(0, -1);
    await replaceText(editor, REAL_HOST, almost);
    return (await typedAfter(editor, almost, name)).stallMs;
  }

  /**
   * Puts the cursor just after the first `needle` and has the bench script type there on screen
   * (`name`); returns the host's longest stall meanwhile and, with `timeline`, when (epoch ms,
   * performance.timeOrigin + now(), as the page reports its keystrokes) each edit reached this
   * extension host and each change of the document's problems could be read here.
   */
  async function typedAfter(editor: vscode.TextEditor, needle: string, name: string, timeline = false): Promise<{ stallMs: number; changes?: number[]; published?: number[] }> {
    const document = editor.document;
    assert.ok(document.getText().includes(needle), `"${needle}" in ${document.uri.path}`);
    const position = document.positionAt(document.getText().indexOf(needle) + needle.length);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await settledDiagnostics(document.uri, 800);
    const screenProbe = stallProbe();
    const watch = timeline ? problemsTimeline(document) : undefined;
    const done = join(handshakeDir, `ui-done-${name}`);
    console.log(`WXC_PERF_UI_READY ${JSON.stringify({ name, line: position.line + 1 })}`);
    await waitFor('the on-screen typing to finish', () => (existsSync(done) ? true : undefined), 5 * 60_000);
    const stallMs = screenProbe.stop();
    const seen = watch?.stop();
    const outcome = JSON.parse(readFileSync(done, 'utf8')) as { error?: string };
    assert.ok(!outcome.error, `on screen: ${outcome.error}`);
    return { stallMs, ...seen };
  }

  before(async () => {
    await waitFor('activation', () => (extension().isActive ? true : undefined), 45_000);
  });
  afterEach(closeAllEditors);

  for (const name of ['typical', 'template', 'many']) {
    it(`re-checks ${name}.wa.json after each edit: a placeholder host is flagged, then cleared`, async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri(`${name}.wa.json`));
      const editor = await vscode.window.showTextDocument(document);
      await settledDiagnostics(document.uri, 800);
      assert.ok(!hasPlaceholderWarning(document.uri), 'no placeholder warning to begin with');

      // 0. A warm-up pair, reported apart: the first edit of the session also pays for VS Code's
      // JSON language features warming up, which has nothing to do with typing speed afterwards.
      const warmup = [await timedEdit(editor, REAL_HOST, PLACEHOLDER_HOST, true), await timedEdit(editor, PLACEHOLDER_HOST, REAL_HOST, false)];
      await sleep(300);

      // 1. Extension host: edits through the API, timed until the diagnostics change.
      const published: number[] = [];
      const event: number[] = [];
      const probe = stallProbe();
      for (let i = 0; i < EDITS; i++) {
        const toPlaceholder = i % 2 === 0;
        const t = await timedEdit(editor, toPlaceholder ? REAL_HOST : PLACEHOLDER_HOST, toPlaceholder ? PLACEHOLDER_HOST : REAL_HOST, toPlaceholder);
        published.push(t.publishedMs);
        event.push(t.eventMs);
        await sleep(300);
      }
      const stallMs = probe.stop();

      // 2. On screen: the script types into the editor while this waits (it drops a file when done).
      // On screen: the script types into the editor while this waits.
      const uiStallMs = onScreen ? await typedOnScreen(editor, name) : undefined;
      report('typing', { name, lines: document.lineCount, chars: document.getText().length, warmup, published, event, stallMs, uiStallMs });
    });
  }

  // A problem Send refuses ("image/jpeg" + "x"), drawn by the extension as an error, and the same
  // problem in a plain .json file that json.schemas ties to the payload schema, drawn by VS Code's
  // JSON service as a warning: the script types on screen and times each squiggle.
  for (const [name, file] of [
    ['refused', 'refused.wa.json'],
    ['refused-json', 'refused-plain.json'],
  ]) {
    it(`draws the refused mimeType of ${file} while typing (${name === 'refused' ? 'the checks' : "VS Code's JSON service"})`, async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri(file));
      const editor = await vscode.window.showTextDocument(document);
      await settledDiagnostics(document.uri, 800);
      assert.deepStrictEqual(vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map((d) => d.message), [], 'nothing flagged before typing');
      const typed = onScreen ? await typedAfter(editor, '"mimeType": "image/jpeg', name, true) : undefined;
      const drawn = vscode.languages.getDiagnostics(document.uri);
      report('refused', { name, uiStallMs: typed?.stallMs, changes: typed?.changes, published: typed?.published, sources: [...new Set(drawn.map((d) => d.source ?? ''))] });
    });
  }

  it('redraws the preview beside typical.wa.json after each edit (the webview confirms each version it drew)', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('typical.wa.json'));
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    // The typing probe above leaves the document one keystroke from the placeholder host.
    if (!document.getText().includes(REAL_HOST)) {
      await replaceText(editor, document.getText().includes(PLACEHOLDER_HOST) ? PLACEHOLDER_HOST : PLACEHOLDER_HOST.slice(0, -1), REAL_HOST);
    }
    const api = extension().exports;
    const drawn = (version: number) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the preview did not draw version ${version} within 10 s`)), 10_000);
        const sub = api.preview.onDidRender((r) => {
          if (r.uri !== document.uri.toString() || r.version < version) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(performance.now());
        });
      });
    const first = drawn(document.version);
    await vscode.commands.executeCommand('wxc.openPreviewToSide');
    await first;
    const rendered: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const toPlaceholder = i % 2 === 0;
      const version = document.version + 1;
      const shown = drawn(version);
      const started = performance.now();
      await replaceText(editor, toPlaceholder ? REAL_HOST : PLACEHOLDER_HOST, toPlaceholder ? PLACEHOLDER_HOST : REAL_HOST);
      rendered.push((await shown) - started);
      await sleep(200);
    }
    const uiStallMs = onScreen ? await typedOnScreen(editor, 'preview') : undefined;
    report('preview', { name: 'typical', rendered, uiStallMs });
  });

  it('leaves a plain .json file alone (the control for the stall figure): same 1,000 destinations, same edits', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('many-plain.json'));
    const editor = await vscode.window.showTextDocument(document);
    await settledDiagnostics(document.uri, 800);
    const probe = stallProbe();
    for (let i = 0; i < EDITS; i++) {
      const toPlaceholder = i % 2 === 0;
      await replaceText(editor, toPlaceholder ? REAL_HOST : PLACEHOLDER_HOST, toPlaceholder ? PLACEHOLDER_HOST : REAL_HOST);
      // About as long as an edit of the payload file took to be re-checked, plus the same pause.
      await sleep(550);
    }
    const stallMs = probe.stop();
    const ours = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Webex Connect');
    assert.deepStrictEqual(ours, [], 'a file not named *.wa.json(c) gets no Webex Connect diagnostics');
    report('control', { name: 'many-plain', stallMs });
  });
});

describe('Performance: the customer events shown in their conversations', function () {
  this.timeout(5 * 60_000);
  /** Events posted, one after another, each timed on its own. */
  const EVENTS = 50;
  /** Across this many customers, so a conversation already holds some events when one arrives. */
  const CUSTOMERS = 10;

  /** The labels under the customer `waid`'s row, as VS Code reads the Conversations view's provider. */
  async function labelsOf(view: vscode.TreeDataProvider<unknown>, waid: string): Promise<string[]> {
    const rows = ((await view.getChildren()) ?? []) as unknown[];
    for (const row of rows) {
      const label = (await view.getTreeItem(row)).label;
      if (!(typeof label === 'string' ? label : (label?.label ?? '')).startsWith(waid)) continue;
      const items = ((await view.getChildren(row)) ?? []) as unknown[];
      return Promise.all(items.map(async (i) => {
        const l = (await view.getTreeItem(i)).label;
        return typeof l === 'string' ? l : (l?.label ?? '');
      }));
    }
    return [];
  }

  it('posts MO events to the running receiver over HTTP and times each until the Conversations view returns it', async () => {
    const ext = extension();
    await waitFor('activation by workspaceContains', () => (ext.isActive ? true : undefined), 45_000);
    const view = ext.exports.conversationsView;
    const config = vscode.workspace.getConfiguration('wxc');
    await config.update('environments', { bench: { baseUrl: 'http://127.0.0.1:9/', variables: { WAAppid: 'bench-app' } } }, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'bench'), 'bench');
    const started = await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver');
    assert.ok(started?.notifyUrl, 'the receiver runs and gives the environment its URL');
    const inboundUrl = started.notifyUrl;
    const shownMs: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const waid = String(15550200000 + (i % CUSTOMERS));
      const text = `bench message ${i} from ${waid}`;
      // Each change of the view's data is a moment VS Code would redraw it: read the provider then.
      let seen: () => void = () => undefined;
      const shown = new Promise<void>((resolve) => (seen = resolve));
      const sub = view.onDidChangeTreeData?.(async () => {
        if ((await labelsOf(view, waid)).includes(text)) seen();
      });
      const t0 = performance.now();
      const res = await fetch(inboundUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(moEventBody({ waid, appId: 'bench-app' }, { text })) });
      assert.strictEqual(res.status, 200, `the receiver took event ${i} (${res.status})`);
      // It may already show by the time the answer is read.
      if ((await labelsOf(view, waid)).includes(text)) seen();
      await Promise.race([shown, sleep(10_000).then(() => assert.fail(`event ${i} did not show in the Conversations view within 10 s`))]);
      shownMs.push(performance.now() - t0);
      sub?.dispose();
      await sleep(50);
    }
    report('inbound', { events: EVENTS, customers: CUSTOMERS, shownMs });
  });
});
