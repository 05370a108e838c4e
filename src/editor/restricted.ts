import * as vscode from 'vscode';

/** Says why network features are off in Restricted Mode, with the way to turn them on; returns the text. */
export function restrictedModeMessage(feature: string): string {
  const message = vscode.l10n.t(
    '{0} is off in Restricted Mode: this workspace is not trusted, and its settings could send your service key elsewhere. Trust the workspace to use it; writing and checking payloads works as it is.',
    feature,
  );
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window.showWarningMessage(message, manage).then((a) => {
    if (a === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return message;
}
