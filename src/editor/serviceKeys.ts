import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { EnvironmentSecrets, registerSecretCommands } from './environmentSecrets';
import { Environment, Environments } from './environments';

/** Service keys, one per environment, kept only in VS Code's secret storage. */
export class ServiceKeys {
  constructor(private readonly stored: EnvironmentSecrets) {}

  /** The stored key, or the environment's built-in one (the local sandbox's). */
  async get(env: Environment): Promise<string | undefined> {
    return (await this.stored.get(env.name)) ?? env.builtinKey;
  }

  /** Asks for a key (hidden input) and stores it; resolves to it, or undefined when dismissed. */
  prompt(env: Environment, reason?: string): Promise<string | undefined> {
    return this.stored.prompt(env, reason);
  }
}

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
  return new ServiceKeys(stored);
}
