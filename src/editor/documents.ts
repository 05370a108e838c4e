import * as vscode from 'vscode';

/** The document a command acts on: the URI it was given (CodeLens, menus, scripts), else the active editor's. */
export async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  return vscode.window.activeTextEditor?.document;
}
