import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { SECTION } from './config';
import { Environments } from './environments';

/** Asks for a variable's value and adds it to the active environment in the settings where that environment is defined. */
async function defineVariable(environments: Environments, name: unknown, value?: unknown): Promise<boolean> {
  const env = environments.active();
  if (typeof name !== 'string' || !env) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Choose an environment first (Webex Connect: Select Environment…).'));
    return false;
  }
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<Record<string, unknown>>('environments');
  const target =
    inspected?.workspaceValue && env.name in inspected.workspaceValue
      ? vscode.ConfigurationTarget.Workspace
      : inspected?.globalValue && env.name in inspected.globalValue
        ? vscode.ConfigurationTarget.Global
        : undefined;
  if (target === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Environment "{0}" is built in; add your own environment to the setting wxc.environments to define variables.', env.name));
    return false;
  }
  const entered =
    typeof value === 'string'
      ? value
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Value of {0} in environment {1}', `{{${name}}}`, env.name),
          prompt: vscode.l10n.t('Saved in the setting wxc.environments. Don\'t put a service key here: use Set Service Key….'),
          ignoreFocusOut: true,
        });
  if (entered === undefined) return false;
  const all = { ...((target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? {}) } as Record<string, { variables?: Record<string, string> }>;
  all[env.name] = { ...all[env.name], variables: { ...(all[env.name]?.variables ?? {}), [name]: entered } };
  await config.update('environments', all, target);
  return true;
}

/** The command behind the "Define {{name}} in …" quick fix (arguments: name, the document's URI, and a value for scripts). */
export function registerDefineVariable(context: vscode.ExtensionContext, environments: Environments): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.defineVariable, (name?: unknown, _uri?: unknown, value?: unknown) => defineVariable(environments, name, value)),
  );
}
