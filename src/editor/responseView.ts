import * as vscode from 'vscode';

export const RESPONSE_SCHEME = 'wxc-response';

/** Read-only documents showing a send's report (virtual: nothing is written to disk). */
export class ResponseViews implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.path) ?? vscode.l10n.t('This response is no longer available. Open it again from "Webex Connect: Show Send History".');
  }

  /** Registers a report under an id and returns its URI. */
  uriFor(id: string, report: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/response-${id}.md` });
    this.reports.set(uri.path, report);
    this.changed.fire(uri);
    return uri;
  }

  /** Opens a report beside the payload. */
  async show(id: string, report: string): Promise<vscode.Uri> {
    const uri = this.uriFor(id, report);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
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
