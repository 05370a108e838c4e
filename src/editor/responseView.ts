import * as vscode from 'vscode';

export const RESPONSE_SCHEME = 'wxc-response';

/**
 * A send's report as a page: a read-only virtual Markdown document (nothing is written to disk)
 * shown in VS Code's Markdown preview, which renders it under its own strict content security
 * policy. src/core escapes every string that came from an answer or a report, so it renders as text.
 * The preview follows the document: when a report arrives, the document changes and the page with it.
 */
export class ResponseViews implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.path) ?? vscode.l10n.t('This response is no longer available. Open it again from "Webex Connect: Show Send History".');
  }

  private uriOf(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/response-${id}.md` });
  }

  /** Registers a report under an id and returns its URI. */
  uriFor(id: string, report: string): vscode.Uri {
    const uri = this.uriOf(id);
    this.reports.set(uri.path, report);
    this.changed.fire(uri);
    return uri;
  }

  /** Replaces the report of a send already registered (an open view updates); a send never shown is left alone. */
  update(id: string, report: string): void {
    const uri = this.uriOf(id);
    if (!this.reports.has(uri.path) || this.reports.get(uri.path) === report) return;
    this.reports.set(uri.path, report);
    this.changed.fire(uri);
  }

  /** Opens a report, rendered, beside the payload. */
  async show(id: string, report: string): Promise<vscode.Uri> {
    const uri = this.uriFor(id, report);
    // The preview reads the document through the content provider; opening it first makes it known.
    await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerResponseViews(context: vscode.ExtensionContext): ResponseViews {
  const views = new ResponseViews();
  context.subscriptions.push(views, vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, views));
  return views;
}
