import * as vscode from 'vscode';

/**
 * The document a command acts on: the URI it was given (CodeLens, menus, scripts), else the active
 * editor's when `acceptActive` takes it (the preview takes only a payload).
 */
export async function targetDocument(arg: unknown, acceptActive: (document: vscode.TextDocument) => boolean = () => true): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const active = vscode.window.activeTextEditor?.document;
  return active && acceptActive(active) ? active : undefined;
}

/** How a document is named to the user: its workspace-relative path, or its name when it is not a file. */
export function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri) : uri.path.split('/').pop() ?? uri.toString();
}

/** A document's length in characters, without building its text (getText() joins every line). */
export function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}
