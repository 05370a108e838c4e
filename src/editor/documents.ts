import * as vscode from 'vscode';

/** The document a command acts on: the URI it was given (CodeLens, menus, scripts), else the active editor's. */
export async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  return vscode.window.activeTextEditor?.document;
}

/** How a document is named to the user: its workspace-relative path, or its name when it is not a file. */
export function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri) : uri.path.split('/').pop() ?? uri.toString();
}
