/**
 * An environment's key or JWT secret read from a variable of VS Code's process environment, named
 * by `keyFromEnv` / `secretFromEnv` (for machines where a key is provisioned that way, and for the
 * sandbox npm start runs). Only a name in user settings counts: a repository's workspace or folder
 * settings must not be able to make the extension read a variable, so a name set there is ignored,
 * and the user is told why. (Where the key may then go is hostTrust's to decide, as for a stored key.)
 */
import * as vscode from 'vscode';
import { SECTION } from './config';

export type FromEnvField = 'keyFromEnv' | 'secretFromEnv';

export interface FromEnv {
  /** The variable user settings name; `value` is undefined when it is not set (or empty). */
  readonly honoured?: { readonly variable: string; readonly value: string | undefined };
  /** A name that does not count (a workspace's, or not a variable name), and why, for the user. */
  readonly ignored?: { readonly variable: string; readonly reason: string };
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Entries = Record<string, Record<string, unknown> | undefined>;

function fieldOf(entries: Entries | undefined, name: string, field: FromEnvField): unknown {
  const entry = entries && Object.prototype.hasOwnProperty.call(entries, name) ? entries[name] : undefined;
  return entry !== null && typeof entry === 'object' ? entry[field] : undefined;
}

/** Where `field` of environment `name` is set (inspect() tells user settings from a workspace's), and the variable's value when it counts. */
export function credentialFromEnv(name: string, field: FromEnvField, env: NodeJS.ProcessEnv = process.env): FromEnv {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<Entries>('environments');
  const user = fieldOf(inspected?.globalValue, name, field);
  const workspace = fieldOf(inspected?.workspaceFolderValue, name, field) ?? fieldOf(inspected?.workspaceValue, name, field);
  let ignored: FromEnv['ignored'];
  // The same name in both is the user's; another one in the workspace's settings never counts.
  if (workspace !== undefined && workspace !== user) {
    ignored = {
      variable: String(workspace),
      reason: vscode.l10n.t(
        '"{0}" of environment "{1}" is ignored: it is in the workspace settings, and only your user settings may name an environment variable for the extension to read (a repository must not). Move it to your user settings, or store the secret with the Set… command.',
        field,
        name,
      ),
    };
  }
  if (user === undefined) return { ignored };
  if (typeof user !== 'string' || !VARIABLE_NAME.test(user)) {
    return {
      ignored: ignored ?? {
        variable: String(user),
        reason: vscode.l10n.t('"{0}" of environment "{1}" must be the name of an environment variable (letters, digits and _), not {2}.', field, name, JSON.stringify(user)),
      },
    };
  }
  return { honoured: { variable: user, value: env[user]?.trim() || undefined }, ignored };
}
