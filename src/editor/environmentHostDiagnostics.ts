import * as vscode from 'vscode';
import { lineStarts, positionAt } from '../core/json/jsonc';
import { SettingsHostPitfall, hostPitfallsInSettings } from '../core/send/hostPitfall';

/** An offset as a VS Code position (0-based; core counts from 1). */
function positionIn(text: string, starts: number[], offset: number): vscode.Position {
  const { line, column } = positionAt(text, offset, starts);
  return new vscode.Position(line - 1, column - 1);
}

/** The rule the diagnostics carry (shown as their code). */
const RULE = 'host-pitfall';

/** A settings file that can define wxc.environments: a settings.json (user, workspace, folder, profile) or a .code-workspace file. */
export function isSettingsDocument(document: vscode.TextDocument): boolean {
  const name = document.uri.path.split('/').pop()?.toLowerCase() ?? '';
  return name === 'settings.json' || name.endsWith('.code-workspace');
}

/**
 * The host pitfall (a baseUrl on `<region>.webexconnect.io` without `api.`, or a region that doesn't
 * exist) as a warning on the baseUrl where a settings file defines the environment, with a quick fix
 * per documented host. The file changes only when the user picks a fix.
 */
class EnvironmentHostDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('wxc-environments');
  private readonly found = new Map<string, { version: number; pitfalls: SettingsHostPitfall[] }>();

  refresh(document: vscode.TextDocument): void {
    if (isSettingsDocument(document)) this.publish(document.uri, document.getText(), document.version);
  }

  /**
   * The workspace's own settings files (each folder's .vscode/settings.json, the .code-workspace file)
   * that are not open, read from disk, so their warnings are in the Problems view before one is opened.
   */
  async refreshWorkspaceFiles(): Promise<void> {
    const files = (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'));
    if (vscode.workspace.workspaceFile?.scheme === 'file') files.push(vscode.workspace.workspaceFile);
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const uri of files) {
      if (open.has(uri.toString())) continue;
      try {
        this.publish(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), undefined);
      } catch {
        this.collection.delete(uri); // no such file
      }
    }
  }

  private publish(uri: vscode.Uri, text: string, version: number | undefined): void {
    // Most settings files say nothing about Webex Connect: don't parse those.
    const pitfalls = text.includes('wxc.environments') ? hostPitfallsInSettings(text) : [];
    if (version !== undefined) this.found.set(uri.toString(), { version, pitfalls });
    const starts = lineStarts(text);
    this.collection.set(
      uri,
      pitfalls.map((p) => {
        const range = new vscode.Range(positionIn(text, starts, p.offset), positionIn(text, starts, p.offset + p.length));
        const diagnostic = new vscode.Diagnostic(range, vscode.l10n.t('Environment "{0}": {1}', p.environment, p.message), vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'Webex Connect';
        diagnostic.code = RULE;
        return diagnostic;
      }),
    );
  }

  forget(document: vscode.TextDocument): void {
    if (!isSettingsDocument(document)) return;
    this.found.delete(document.uri.toString());
    this.collection.delete(document.uri);
    // A workspace settings file keeps its warnings while closed (read again from disk: edits may not have been saved).
    void this.refreshWorkspaceFiles();
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const found = this.found.get(document.uri.toString());
    if (!found || found.version !== document.version) return [];
    const actions: vscode.CodeAction[] = [];
    for (const p of found.pitfalls) {
      const place = new vscode.Range(document.positionAt(p.offset), document.positionAt(p.offset + p.length));
      if (!place.intersection(range)) continue;
      const diagnostic = this.collection.get(document.uri)?.find((d) => d.range.isEqual(place));
      for (const suggestion of p.suggestions) {
        const action = new vscode.CodeAction(vscode.l10n.t('Use {0}', suggestion), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, place, JSON.stringify(suggestion));
        if (diagnostic) action.diagnostics = [diagnostic];
        // One documented host for a known region is the fix; for an unknown region the user picks.
        action.isPreferred = p.suggestions.length === 1;
        actions.push(action);
      }
    }
    return actions;
  }

  dispose(): void {
    this.collection.dispose();
  }
}

export function registerEnvironmentHostDiagnostics(context: vscode.ExtensionContext): void {
  const diagnostics = new EnvironmentHostDiagnostics();
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider([{ language: 'jsonc' }, { language: 'json' }], diagnostics, { providedCodeActionKinds: EnvironmentHostDiagnostics.kinds }),
    vscode.workspace.onDidOpenTextDocument((d) => diagnostics.refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => diagnostics.refresh(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.forget(d)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('wxc.environments')) void diagnostics.refreshWorkspaceFiles();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void diagnostics.refreshWorkspaceFiles()),
  );
  for (const document of vscode.workspace.textDocuments) diagnostics.refresh(document);
  void diagnostics.refreshWorkspaceFiles();
}
