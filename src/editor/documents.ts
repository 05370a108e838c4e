import * as vscode from 'vscode';
import { isPayloadDocument } from './payloadFiles';

/**
 * The document a command acts on: the URI it was given (CodeLens, menus, scripts), else the active
 * editor's when `acceptActive` takes it (the preview takes only a payload). When no text editor is
 * active (a webview, such as the preview or a response page, has the focus), the one payload in
 * view: a command run from the preview acts on the payload beside it, and never guesses between two.
 */
export async function targetDocument(arg: unknown, acceptActive: (document: vscode.TextDocument) => boolean = () => true): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (active) return acceptActive(active) ? active : undefined;
  const inView = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document).filter(isPayloadDocument))];
  return inView.length === 1 && acceptActive(inView[0]) ? inView[0] : undefined;
}

/** How a document is named to the user: its workspace-relative path, or its name when it is not a file. */
export function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri) : uri.path.split('/').pop() ?? uri.toString();
}
