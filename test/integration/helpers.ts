import * as assert from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'wxc-tools.webex-connect-whatsapp';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * The diagnostics of a document once they have settled: the JSON service reports about a second
 * after a change, so wait until the list stays the same for `quietMs`.
 */
export async function settledDiagnostics(uri: vscode.Uri, quietMs = 1500, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(vscode.languages.getDiagnostics(uri));
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(100);
    const now = JSON.stringify(vscode.languages.getDiagnostics(uri));
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return vscode.languages.getDiagnostics(uri);
    }
  }
  throw new Error(`Diagnostics of ${uri.toString()} did not settle within ${timeoutMs} ms`);
}

/** Diagnostics once at least `min` have arrived and they have settled. */
export async function diagnosticsAtLeast(uri: vscode.Uri, min: number): Promise<vscode.Diagnostic[]> {
  await waitFor(`${min} diagnostic(s) on ${uri.path}`, () => (vscode.languages.getDiagnostics(uri).length >= min ? true : undefined));
  return settledDiagnostics(uri);
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function openWorkspaceFile(...segments: string[]): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  return vscode.window.showTextDocument(document);
}

/** Position of the first occurrence of `needle` in the document (plus `delta` characters). */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not found in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

/** A readable one-line form of a diagnostic, for assertion messages. */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`;
}

/** Closes every editor without saving (untitled scaffolds would otherwise prompt). */
/**
 * Sets the workspace's environments for sending without a prompt: no confirmation, and no media
 * preflight (scratch payloads use placeholder media hosts; the preflight has its own tests).
 */
export async function configureSending(environments: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<void> {
  const config = vscode.workspace.getConfiguration('wxc');
  await config.update('environments', environments, vscode.ConfigurationTarget.Workspace);
  await config.update('confirmBeforeSend', false, vscode.ConfigurationTarget.Workspace);
  await config.update('preflightMedia', false, vscode.ConfigurationTarget.Workspace);
  for (const [k, v] of Object.entries(extra)) await config.update(k, v, vscode.ConfigurationTarget.Workspace);
}

/**
 * The delivery receiver running, as npm start has it: the samples carry "notifyurl": "{{notifyurl}}",
 * which only a running receiver fills in (else Send refuses them and the editor warns).
 */
export async function receiverRunning(): Promise<void> {
  const started = await vscode.commands.executeCommand<{ port: number } | undefined>('wxc.startReceiver');
  assert.ok(started && started.port > 0, 'the delivery receiver started');
}

export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** A tree node as a view shows it: its item, resolved, and its children. */
export interface Shown {
  label: string;
  description: string;
  tooltip: string;
  contextValue: string;
  icon: string;
  children: Shown[];
}

/** What a tree view shows, `depth` levels down from `node`, read through its own TreeDataProvider as VS Code reads it. */
export async function sendsShown(provider: vscode.TreeDataProvider<unknown>, node?: unknown, depth = 3): Promise<Shown[]> {
  const children = ((await provider.getChildren(node)) ?? []) as unknown[];
  const out: Shown[] = [];
  for (const child of children) {
    const item = await provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    out.push({
      label,
      description: typeof item.description === 'string' ? item.description : '',
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
      contextValue: item.contextValue ?? '',
      icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '',
      children: depth > 1 ? await sendsShown(provider, child, depth - 1) : [],
    });
  }
  return out;
}

/** What the harness reads from the workbench page for a `WXC_ASK` line (scripts/test-integration.mjs). */
export interface PageAnswers {
  /** The status bar items on screen (hidden ones are not in the page). */
  statusbar: { id: string; text: string }[];
  /** The quick pick on screen: its title and each row's text as read aloud (empty when none is open). */
  quickpick: { title: string; rows: string[] };
  /** A screenshot saved as .test-results/screenshots/<name>.png. */
  screenshot: Record<string, never>;
  /** What the preview's webview shows (scripts/test-integration.mjs, readPreview). */
  preview: {
    text: string;
    csp: string;
    scripts: string[];
    foreign: string[];
    images: (string | null)[];
    canary: string;
    location: string;
    bubble: string[];
    quickReplies: string[];
    tappable: string[];
    badges: string[];
    listButton: string[];
    dialog: { rows: string[]; focusInside: boolean } | null;
    focused: string | null;
    tiles: string[];
    variables: string[];
    cuts: number;
    loadButtons: number;
  };
  /** What a send's response page shows (scripts/test-integration.mjs, readResponse); `prose` is its text without the JSON blocks. */
  response: {
    text: string;
    prose: string;
    headline: string;
    meaning: string;
    advice: string;
    answer: string;
    times: string[];
    csp: string;
    foreign: string[];
    canary: string;
    highlighted: { keys: number; strings: number };
    width: number;
    overflow: number;
  };
}

let questions = 0;

/** Asks the harness what the page shows: VS Code's API cannot read another part's status bar item back. */
export async function askPage<K extends keyof PageAnswers>(question: K, name = ''): Promise<PageAnswers[K]> {
  const dir = process.env.WXC_TEST_ASK_DIR;
  assert.ok(dir, 'the harness passes WXC_TEST_ASK_DIR');
  const id = `q${process.pid}x${++questions}`;
  console.log(`WXC_ASK ${id} ${question}${name ? ` ${name}` : ''}`);
  const file = join(dir, `${id}.json`);
  await waitFor(`the harness's answer to ${question}`, () => (existsSync(file) ? true : undefined), 10_000);
  const answer = JSON.parse(readFileSync(file, 'utf8')) as PageAnswers[K] | { error: string };
  assert.ok(Array.isArray(answer) || !('error' in answer), `the harness could not read the page: ${JSON.stringify(answer)}`);
  return answer as PageAnswers[K];
}
