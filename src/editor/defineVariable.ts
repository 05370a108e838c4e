import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { canUpdateEnvironment, updateEnvironmentSetting } from './environmentSettings';
import { Environments } from './environments';

/** Asks for a variable's value and adds it to the active environment in the settings where that environment is defined. */
async function defineVariable(environments: Environments, name: unknown, value?: unknown): Promise<boolean> {
  const env = environments.active();
  if (typeof name !== 'string' || !env) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Choose an environment first (Webex Connect: Select Environment…).'));
    return false;
  }
  if (!canUpdateEnvironment(env.name)) return false;
  const entered =
    typeof value === 'string'
      ? value
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Value of {0} in environment {1}', `{{${name}}}`, env.name),
          prompt: vscode.l10n.t('Saved in the setting wxc.environments. Don\'t put a service key here: use Set Service Key….'),
          ignoreFocusOut: true,
        });
  if (entered === undefined) return false;
  return updateEnvironmentSetting(env.name, (entry) => ({ ...entry, variables: { ...(entry.variables ?? {}), [name]: entered } }));
}

/** The command behind the "Define {{name}} in …" quick fix (arguments: name, the document's URI, and a value for scripts). */
export function registerDefineVariable(context: vscode.ExtensionContext, environments: Environments): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.defineVariable, (name?: unknown, _uri?: unknown, value?: unknown) => defineVariable(environments, name, value)),
  );
}
