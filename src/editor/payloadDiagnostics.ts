import * as vscode from 'vscode';
import type { Finding, FixSite, QuickFix } from '../core/checks/findings';
import { PayloadCheckContext, SYNTAX_RULE, checkPayload } from '../core/checks/pipeline';
import type { TemplateDefinitions } from '../core/messages/templateDefinitions';
import { AdaptiveDelay } from './checkDelay';
import { CommandIds } from './commandIds';
import { readSettings } from './config';
import { documentLength } from './documents';
import { Environments } from './environments';
import { PAYLOAD_LANGUAGE, PAYLOAD_SELECTOR, isPayloadDocument } from './payloadFiles';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** A re-check waiting to run; without a timer it runs in a microtask. */
interface Pending {
  readonly timer?: NodeJS.Timeout;
}

interface Checked {
  readonly version: number;
  readonly findings: readonly Finding[];
  readonly fixSites: readonly FixSite[];
}

/** What the checks are given in the editor: the active environment's variables and name, and the templates. */
export function editorCheckContext(environments: Environments, templates: TemplateDefinitions | undefined): PayloadCheckContext {
  const env = environments.active();
  return env ? { variables: env.variables, environment: vscode.l10n.t('environment "{0}"', env.name), templates } : { templates };
}

/**
 * What VS Code's JSON support still draws on a payload: syntax, on a `*.wa.json` that
 * files.associations makes json or jsonc (the payload language has no JSON support of VS Code's,
 * see schemaLanguage.ts). Everything else, the schema included, is drawn once, from the pipeline.
 */
const drawnByJsonService = (document: vscode.TextDocument, f: Finding) => document.languageId !== PAYLOAD_LANGUAGE && f.rule === SYNTAX_RULE;

/**
 * The checks pipeline's findings on payload files as diagnostics, with Send's severity (what Send
 * refuses is an error), kept fresh while typing, with their quick fixes.
 */
export class PayloadDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('wxc');
  private readonly checked = new Map<string, Checked>();
  /** The re-checks waiting to run, by document URI: on a timer, or (cheap ones) in a microtask. */
  private readonly pending = new Map<string, Pending>();
  private readonly delay = new AdaptiveDelay(100);

  /** The setting wxc.templates, read when the settings change, not on every check. */
  private templates = readSettings().templates;

  constructor(private readonly environments: Environments) {}

  /** The settings or the active environment changed: read the templates again and re-check every payload. */
  settingsChanged(): void {
    this.templates = readSettings().templates;
    this.refreshAll();
  }

  /** Checks a document now (no debounce) and publishes its diagnostics. */
  refresh(document: vscode.TextDocument): Checked | undefined {
    if (!isPayloadDocument(document)) return undefined;
    const key = document.uri.toString();
    const text = document.getText();
    return this.delay.timed(key, text.length, () => {
      const checks = checkPayload(text, editorCheckContext(this.environments, this.templates));
      const findings = checks.findings.filter((f) => !drawnByJsonService(document, f));
      const checked: Checked = { version: document.version, findings, fixSites: checks.fixSites };
      this.checked.set(key, checked);
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
      return checked;
    });
  }

  /**
   * Re-checks after an edit. A document that checks cheaply is checked once the extension host
   * has taken in what VS Code delivered with the edit (a microtask: no timer, whose tick the event
   * loop may put behind other work), so its diagnostics leave with the next message to the editor;
   * a costly one once typing pauses.
   */
  schedule(document: vscode.TextDocument): void {
    if (!isPayloadDocument(document)) return;
    const key = document.uri.toString();
    this.cancel(key);
    const run = () => {
      if (this.pending.get(key) !== entry) return;
      this.pending.delete(key);
      this.refresh(document);
    };
    const delay = this.delay.delayFor(key, documentLength(document));
    const entry: Pending = delay === 0 ? {} : { timer: setTimeout(run, delay) };
    this.pending.set(key, entry);
    if (delay === 0) queueMicrotask(run);
  }

  /**
   * Runs a re-check that is still waiting (for its timer or its microtask) now. Called before the in-process JSON engine
   * answers a completion or hover on the same document (both run in this extension host), so the
   * squiggle of the keystroke that opened the suggestions doesn't wait behind them.
   */
  flush(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.pending.has(key)) return;
    this.cancel(key);
    this.refresh(document);
  }

  private cancel(key: string): void {
    clearTimeout(this.pending.get(key)?.timer);
    this.pending.delete(key);
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.cancel(key);
    this.checked.delete(key);
    this.delay.forget(key);
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
      for (const e of fix.edits) {
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
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.collection.dispose();
  }
}

export function registerPayloadDiagnostics(context: vscode.ExtensionContext, environments: Environments): PayloadDiagnostics {
  const diagnostics = new PayloadDiagnostics(environments);
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument((d) => diagnostics.refresh(d)),
    // Not the events that only say the document became dirty or clean: nothing to check again.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) diagnostics.schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.forget(d)),
    environments.onDidChange(() => diagnostics.settingsChanged()),
    vscode.languages.registerCodeActionsProvider(PAYLOAD_SELECTOR, diagnostics, { providedCodeActionKinds: PayloadDiagnostics.kinds }),
  );
  diagnostics.refreshAll();
  return diagnostics;
}
