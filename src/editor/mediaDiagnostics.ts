import * as vscode from 'vscode';
import { parsePayload } from '../core/jsonc';
import { FixSite, MediaFinding, QuickFix, TextEditSpec, checkMedia, structuralFixes, variableAt } from '../core/mediaRules';
import { MessageFinding, checkMessage, metaShapeFixes } from '../core/messageRules';
import { CommandIds } from './commandIds';
import { SECTION, readSettings } from './config';
import { Environments } from './environments';
import { PAYLOAD_SELECTOR, isPayloadDocument } from './payloadFiles';

/**
 * The pause after the last keystroke before the checks run: they cost under a millisecond even
 * for 1,000 destinations, but VS Code needs up to about 200 ms more to bring a diagnostic to the
 * screen while it also re-validates a large file against the schema; at 150 ms, 2 of 20 squiggles
 * on a 1,000-destination payload took over 300 ms (npm run bench).
 */
const DEBOUNCE_MS = 100;
const SEVERITY: Record<MessageFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

interface Checked {
  readonly version: number;
  readonly findings: (MediaFinding | MessageFinding)[];
  readonly fixSites: FixSite[];
}

/** Media and variable checks as diagnostics, kept fresh while typing, with quick fixes and variable hovers. */
export class MediaDiagnostics implements vscode.CodeActionProvider, vscode.HoverProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('wxc');
  private readonly checked = new Map<string, Checked>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly environments: Environments) {}

  private context() {
    const env = this.environments.active();
    return env ? { variables: env.variables, environment: `environment "${env.name}"` } : {};
  }

  /** Checks a document now (no debounce) and publishes its diagnostics. */
  refresh(document: vscode.TextDocument): Checked | undefined {
    if (!isPayloadDocument(document)) return undefined;
    const parsed = parsePayload(document.getText());
    const context = this.context();
    const findings = [...checkMedia(parsed, context), ...checkMessage(parsed, { ...context, templates: readSettings().templates })];
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
    return result;
  }

  /** Re-checks after typing stops for a moment, so typing never waits for it. */
  schedule(document: vscode.TextDocument): void {
    if (!isPayloadDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.refresh(document);
      }, DEBOUNCE_MS),
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

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isPayloadDocument(document)) return undefined;
    const found = variableAt(document.getText(), document.offsetAt(position));
    if (!found) return undefined;
    const env = this.environments.active();
    const range = new vscode.Range(document.positionAt(found.offset), document.positionAt(found.offset + found.length));
    const md = new vscode.MarkdownString();
    // Braces are built outside the message: l10n.t reads "{{" as an escape.
    const reference = `{{${found.name}}}`;
    if (!env) {
      md.appendMarkdown(vscode.l10n.t('`{0}` is a variable. Choose an environment (**Webex Connect: Select Environment…**) to see its value.', reference));
    } else if (Object.prototype.hasOwnProperty.call(env.variables, found.name)) {
      md.appendMarkdown(vscode.l10n.t('`{0}` = ', reference));
      md.appendCodeblock(env.variables[found.name], 'text');
      md.appendMarkdown(vscode.l10n.t('from environment **{0}**', env.name));
    } else {
      md.appendMarkdown(vscode.l10n.t('`{0}` is not defined in environment **{1}**: sending would stop here.', reference, env.name));
    }
    return new vscode.Hover(md, range);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}

/** Asks for a variable's value and adds it to the active environment in the settings where that environment is defined. */
async function defineVariable(environments: Environments, name: unknown, value?: unknown): Promise<boolean> {
  const env = environments.active();
  if (typeof name !== 'string' || !env) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Choose an environment first (Webex Connect: Select Environment…).'));
    return false;
  }
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<Record<string, unknown>>('environments');
  const target =
    inspected?.workspaceValue && env.name in inspected.workspaceValue
      ? vscode.ConfigurationTarget.Workspace
      : inspected?.globalValue && env.name in inspected.globalValue
        ? vscode.ConfigurationTarget.Global
        : undefined;
  if (target === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Environment "{0}" is built in; add your own environment to the setting wxc.environments to define variables.', env.name));
    return false;
  }
  const entered =
    typeof value === 'string'
      ? value
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Value of {0} in environment {1}', `{{${name}}}`, env.name),
          prompt: vscode.l10n.t('Saved in the setting wxc.environments. Don\'t put a service key here: use Set Service Key….'),
          ignoreFocusOut: true,
        });
  if (entered === undefined) return false;
  const all = { ...((target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? {}) } as Record<string, { variables?: Record<string, string> }>;
  all[env.name] = { ...all[env.name], variables: { ...(all[env.name]?.variables ?? {}), [name]: entered } };
  await config.update('environments', all, target);
  return true;
}

export function registerMediaDiagnostics(context: vscode.ExtensionContext, environments: Environments): MediaDiagnostics {
  const diagnostics = new MediaDiagnostics(environments);
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument((d) => diagnostics.refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => diagnostics.schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.forget(d)),
    environments.onDidChange(() => diagnostics.refreshAll()),
    vscode.languages.registerCodeActionsProvider(PAYLOAD_SELECTOR, diagnostics, { providedCodeActionKinds: MediaDiagnostics.kinds }),
    vscode.languages.registerHoverProvider(PAYLOAD_SELECTOR, diagnostics),
    vscode.commands.registerCommand(CommandIds.defineVariable, (name?: unknown, _uri?: unknown, value?: unknown) => defineVariable(environments, name, value)),
  );
  diagnostics.refreshAll();
  return diagnostics;
}
