/**
 * Whether the delivery receiver starts when the extension activates
 * (`wxc.deliveryReceiver.startOnOpen`). Only the user's own settings can ask for it: a repository's
 * `.vscode/settings.json` must not make the editor open a port, so a workspace or folder value is
 * ignored. No `vscode` import, so the rule is tested on its own.
 */
export interface StartOnOpenInspected {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

export function startsOnOpen(inspected: StartOnOpenInspected | undefined): boolean {
  return inspected?.globalValue === true;
}
