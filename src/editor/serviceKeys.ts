import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { type FromEnv, type FromEnvField, credentialFromEnv } from './credentialsFromEnv';
import { EnvironmentSecrets, registerSecretCommands } from './environmentSecrets';
import { Environment, Environments } from './environments';

/**
 * One kind of credential per environment (service keys; JWT service secrets): the value of the
 * process environment variable user settings name for it, else the one in VS Code's secret storage.
 */
export class EnvironmentCredentials {
  constructor(
    private readonly stored: EnvironmentSecrets,
    readonly field: FromEnvField,
  ) {}

  /** Where the environment says this credential comes from, apart from secret storage. */
  fromEnv(env: Environment): FromEnv {
    return credentialFromEnv(env.name, this.field);
  }

  /** The variable's value when user settings name one that is set, else the stored credential. */
  async get(env: Environment): Promise<string | undefined> {
    return this.fromEnv(env).honoured?.value ?? this.stored.get(env.name);
  }

  /** Asks for the credential (hidden input) and stores it; resolves to it, or undefined when dismissed. */
  prompt(env: Environment, reason?: string): Promise<string | undefined> {
    return this.stored.prompt(env, reason);
  }

  /** Why the process environment gave nothing, for a prompt or a message; empty when no variable is named. */
  whyNotFromEnv(env: Environment): string {
    const { honoured, ignored } = this.fromEnv(env);
    const unset =
      honoured && honoured.value === undefined ? vscode.l10n.t('The environment variable {0} that "{1}" names is not set in VS Code\'s environment.', honoured.variable, this.field) : '';
    return [ignored?.reason ?? '', unset].filter((s) => s !== '').join(' ');
  }
}

/** Service keys, one per environment. */
export type ServiceKeys = EnvironmentCredentials;

export function registerServiceKeys(context: vscode.ExtensionContext, environments: Environments): ServiceKeys {
  const stored = new EnvironmentSecrets(context.secrets, 'wxc.serviceKey/', {
    title: (env) => vscode.l10n.t('Service key for {0}', env.label),
    prompt: () => vscode.l10n.t('The key from the API tab of your Webex Connect service. It is kept in VS Code\'s secret storage, never in a file.'),
    invalid: (v) => (v.trim() === '' ? vscode.l10n.t('Paste the service key.') : /\s/.test(v.trim()) ? vscode.l10n.t('A service key has no spaces.') : undefined),
    saved: (env) => vscode.l10n.t('Service key for {0} saved in secret storage.', env.label),
    removed: (env) => vscode.l10n.t('Service key for {0} removed.', env.label),
    noneStored: (env) => vscode.l10n.t('No service key was stored for {0}.', env.label),
  });
  registerSecretCommands(context, environments, stored, { set: CommandIds.setServiceKey, clear: CommandIds.clearServiceKey });
  return new EnvironmentCredentials(stored, 'keyFromEnv');
}
