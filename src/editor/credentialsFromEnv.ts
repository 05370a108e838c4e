/**
 * An environment's key or JWT secret read from a variable of VS Code's process environment, named
 * by `keyFromEnv` / `secretFromEnv` (for machines where a key is provisioned that way, and for the
 * sandbox npm start runs). Only a name in user settings counts: a repository's workspace or folder
 * settings must not be able to make the extension read a variable, so a name set there is ignored,
 * and the user is told why.
 */
import * as vscode from 'vscode';
import { SECTION } from './config';

export type FromEnvField = 'keyFromEnv' | 'secretFromEnv';

export type FromEnv =
  | { readonly kind: 'none' }
  /** Named in user settings; `value` is undefined when the variable is not set (or empty). */
  | { readonly kind: 'honoured'; readonly variable: string; readonly value: string | undefined }
  /** Named where it does not count; `reason` says so, for the user. */
  | { readonly kind: 'ignored'; readonly variable: string; readonly reason: string };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Entries = Record<string, Record<string, unknown> | undefined>;

const named = (entries: Entries | undefined, name: string): Record<string, unknown> | undefined => {
  const entry = entries && Object.prototype.hasOwnProperty.call(entries, name) ? entries[name] : undefined;
  return entry !== null && typeof entry === 'object' ? entry : undefined;
};

/** Where `field` of environment `name` comes from (inspect() tells user settings from a workspace's), and the variable's value when it counts. */
export function credentialFromEnv(name: string, field: FromEnvField, env: NodeJS.ProcessEnv = process.env): FromEnv {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<Entries>('environments');
  // A workspace entry replaces the user's entry of the same name whole, so it decides.
  const workspaceEntry = named(inspected?.workspaceFolderValue, name) ?? named(inspected?.workspaceValue, name);
  if (workspaceEntry) {
    const variable = workspaceEntry[field];
    if (variable === undefined) return { kind: 'none' };
    return {
      kind: 'ignored',
      variable: String(variable),
      reason: vscode.l10n.t(
        '"{0}" of environment "{1}" is ignored: it is in the workspace settings, and only your user settings may name an environment variable for the extension to read (a repository must not). Move the environment to your user settings, or store the secret with the Set… command.',
        field,
        name,
      ),
    };
  }
  const variable = named(inspected?.globalValue, name)?.[field];
  if (variable === undefined) return { kind: 'none' };
  if (typeof variable !== 'string' || !VARIABLE_NAME.test(variable)) {
    return {
      kind: 'ignored',
      variable: String(variable),
      reason: vscode.l10n.t('"{0}" of environment "{1}" must be the name of an environment variable (letters, digits and _), not {2}.', field, name, JSON.stringify(variable)),
    };
  }
  return { kind: 'honoured', variable, value: env[variable] || undefined };
}
