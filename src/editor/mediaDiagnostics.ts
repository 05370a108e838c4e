import * as vscode from 'vscode';
import { parsePayload } from '../core/json/jsonc';
import { checkMedia } from '../core/checks/media';
import { FixSite, Finding, QuickFix } from '../core/checks/findings';
import { TextEditSpec } from '../core/json/edits';
import { structuralFixes } from '../core/checks/structure';
import { checkMessage, metaShapeFixes } from '../core/checks/messages';
import { CommandIds } from './commandIds';
import { readSettings } from './config';
import { Environments } from './environments';
import { PAYLOAD_SELECTOR, isPayloadDocument } from './payloadFiles';

/**
 * When the checks run after an edit, decided per document from how long its last check took
 * (parse, checks and publishing the diagnostics). A check that cheap runs on the next tick, so
 * the squiggle follows the keystroke within a frame or two; the edits of one tick (multi-cursor,
 * a paste, a format) still make one check. A document whose check costs more waits until typing
 * pauses, so typing never queues work behind it. A typical payload checks in well under a
 * millisecond and 1,000 destinations in about one (npm run bench).
 */
const IMMEDIATE_BELOW_MS = 4;
const DEBOUNCE_MS = 100;
const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

interface Checked {
  readonly version: number;
  readonly findings: (Finding | Finding)[];
  readonly fixSites: FixSite[];
}

/** Media and variable checks as diagnostics, kept fresh while typing, with their quick fixes. */
export class MediaDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('wxc');
  private readonly checked = new Map<string, Checked>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** How long each document's last check took, in milliseconds. */
  private readonly costs = new Map<string, number>();

  /** The setting wxc.templates, read when the settings change, not on every check. */
  private templates = readSettings().templates;

  constructor(private readonly environments: Environments) {}

  private context() {
    const env = this.environments.active();
    return env ? { variables: env.variables, environment: vscode.l10n.t('environment "{0}"', env.name) } : {};
  }

  /** The settings or the active environment changed: read the templates again and re-check every payload. */
  settingsChanged(): void {
    this.templates = readSettings().templates;
    this.refreshAll();
  }

  /** Checks a document now (no debounce) and publishes its diagnostics. */
  refresh(document: vscode.TextDocument): Checked | undefined {
    if (!isPayloadDocument(document)) return undefined;
    const started = performance.now();
    const parsed = parsePayload(document.getText());
    const context = this.context();
    const findings = [...checkMedia(parsed, context), ...checkMessage(parsed, { ...context, templates: this.templates })];
    const result = { version: document.version, findings, fixSites: [...structuralFixes(parsed), ...metaShapeFixes(parsed)] };
    this.checked.set(document.uri.toString(), result);
    this.collection.set(
      document.uri,
      findings.map((f) => {
        const range = new vscode.Range(document.positionAt(f.offset), document.positionAt(f.offset + f.length));
        const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
        d.source = 'Webex Connect';
        d.code = f.rule;
        return d;
      }),
    );
    this.costs.set(document.uri.toString(), performance.now() - started);
    return result;
  }

  /** How long to wait after an edit of a document before checking it again. */
  delayFor(document: vscode.TextDocument): number {
    const cost = this.costs.get(document.uri.toString());
    return cost !== undefined && cost < IMMEDIATE_BELOW_MS ? 0 : DEBOUNCE_MS;
  }

  /** Re-checks after an edit: on the next tick when the document checks cheaply, else once typing pauses. */
  schedule(document: vscode.TextDocument): void {
    if (!isPayloadDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.refresh(document);
      }, this.delayFor(document)),
    );
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.checked.delete(key);
    this.costs.delete(key);
    this.collection.delete(document.uri);
  }

  private current(document: vscode.TextDocument): Checked | undefined {
    const known = this.checked.get(document.uri.toString());
    return known && known.version === document.version ? known : this.refresh(document);
  }

  private action(document: vscode.TextDocument, fix: QuickFix, diagnostics: vscode.Diagnostic[]): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = diagnostics;
    action.isPreferred = fix.preferred;
    if (fix.edits) {
      const edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits as TextEditSpec[]) {
        edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
      }
      action.edit = edit;
    } else if (fix.startReceiver) {
      action.command = { title: fix.title, command: CommandIds.startReceiver };
    } else if (fix.defineVariable) {
      action.command = { title: fix.title, command: CommandIds.defineVariable, arguments: [fix.defineVariable, document.uri] };
    }
    return action;
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const checked = this.current(document);
    if (!checked) return [];
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const overlaps = (offset: number, length: number) => offset <= end && start <= offset + length;
    const diagnosticsAt = (offset: number, length: number) =>
      context.diagnostics.filter((d) => document.offsetAt(d.range.start) <= offset + length && offset <= document.offsetAt(d.range.end));
    const actions: vscode.CodeAction[] = [];
    for (const f of checked.findings) {
      if (!overlaps(f.offset, f.length)) continue;
      for (const fix of f.fixes) actions.push(this.action(document, fix, diagnosticsAt(f.offset, f.length)));
    }
    const seen = new Set<string>();
    for (const site of checked.fixSites) {
      if (!overlaps(site.offset, site.length) || seen.has(site.fix.title)) continue;
      seen.add(site.fix.title);
      actions.push(this.action(document, site.fix, diagnosticsAt(site.offset, site.length)));
    }
    return actions;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}

export function registerMediaDiagnostics(context: vscode.ExtensionContext, environments: Environments): MediaDiagnostics {
  const diagnostics = new MediaDiagnostics(environments);
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument((d) => diagnostics.refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => diagnostics.schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.forget(d)),
    environments.onDidChange(() => diagnostics.settingsChanged()),
    vscode.languages.registerCodeActionsProvider(PAYLOAD_SELECTOR, diagnostics, { providedCodeActionKinds: MediaDiagnostics.kinds }),
  );
  diagnostics.refreshAll();
  return diagnostics;
}
