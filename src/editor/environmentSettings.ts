import * as vscode from 'vscode';
import { SECTION } from './config';

/** An environment's entry of the setting wxc.environments, as written there. */
type EnvironmentEntry = { variables?: Record<string, string>; notifyBaseUrl?: string } & Record<string, unknown>;

/** Where an environment is defined (workspace or user settings); undefined when it is in neither (a folder's settings only). */
function targetOf(name: string): { config: vscode.WorkspaceConfiguration; target: vscode.ConfigurationTarget; entries: Record<string, EnvironmentEntry> } | undefined {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<Record<string, EnvironmentEntry>>('environments');
  if (inspected?.workspaceValue && name in inspected.workspaceValue) return { config, target: vscode.ConfigurationTarget.Workspace, entries: inspected.workspaceValue };
  if (inspected?.globalValue && name in inspected.globalValue) return { config, target: vscode.ConfigurationTarget.Global, entries: inspected.globalValue };
  return undefined;
}

/**
 * Whether an environment can be changed in the user or workspace settings; says why not when it
 * can't (it is defined only in a folder's own settings of a multi-root workspace). Ask before prompting.
 */
export function canUpdateEnvironment(name: string): boolean {
  if (targetOf(name)) return true;
  void vscode.window.showErrorMessage(vscode.l10n.t('Environment "{0}" is not in your user or workspace settings (a folder\'s own settings define it); change it in the settings file that defines it.', name));
  return false;
}

/**
 * Changes one environment's entry of wxc.environments where the user defined it, at their explicit
 * request (a quick fix, a command). Returns false, after saying why, when it is in neither settings.
 */
export async function updateEnvironmentSetting(name: string, edit: (entry: EnvironmentEntry) => EnvironmentEntry): Promise<boolean> {
  const where = targetOf(name);
  if (!where) return canUpdateEnvironment(name);
  const all = { ...where.entries };
  all[name] = edit({ ...all[name] });
  await where.config.update('environments', all, where.target);
  return true;
}
