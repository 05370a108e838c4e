import * as vscode from 'vscode';

/**
 * A view's Clear… command: a modal question (what it forgets, and what it keeps) with one Clear
 * button, then `clear`. Called with `true` it skips the question (tests, scripts). Resolves to
 * whether it cleared.
 */
export function registerClearCommand(id: string, question: string, detail: string, clear: () => Promise<void>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (confirmed?: unknown) => {
    if (confirmed !== true) {
      const button = vscode.l10n.t('Clear');
      const answer = await vscode.window.showWarningMessage(question, { modal: true, detail }, button);
      if (answer !== button) return false;
    }
    await clear();
    return true;
  });
}
