import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { Environment, Environments, environmentFromArg } from './environments';

/** Service keys, one per environment, kept only in VS Code's secret storage. */
export class ServiceKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private id(environment: string): string {
    return `wxc.serviceKey/${environment}`;
  }

  /** The stored key, or the environment's built-in one (the local sandbox's). */
  async get(env: Environment): Promise<string | undefined> {
    return (await this.secrets.get(this.id(env.name))) ?? env.builtinKey;
  }

  async store(environment: string, key: string): Promise<void> {
    await this.secrets.store(this.id(environment), key);
  }

  async clear(environment: string): Promise<boolean> {
    const had = (await this.secrets.get(this.id(environment))) !== undefined;
    await this.secrets.delete(this.id(environment));
    return had;
  }

  /** Asks for a key (hidden input) and stores it; resolves to it, or undefined when dismissed. */
  async prompt(env: Environment, reason?: string): Promise<string | undefined> {
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('Service key for {0}', env.label),
      prompt: reason ?? vscode.l10n.t('The key from the API tab of your Webex Connect service. It is kept in VS Code\'s secret storage, never in a file.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Paste the service key.') : /\s/.test(v.trim()) ? vscode.l10n.t('A service key has no spaces.') : undefined),
    });
    if (key === undefined) return undefined;
    await this.store(env.name, key.trim());
    return key.trim();
  }
}

export function registerServiceKeys(context: vscode.ExtensionContext, environments: Environments): ServiceKeys {
  const keys = new ServiceKeys(context.secrets);
  context.subscriptions.push(
    // Optional arguments (environment name, key) let scripts and tests set a key without the prompt.
    vscode.commands.registerCommand(CommandIds.setServiceKey, async (envArg?: unknown, keyArg?: unknown) => {
      const env = await environmentFromArg(environments, envArg);
      if (!env) return false;
      if (typeof keyArg === 'string' && keyArg.trim() !== '') {
        await keys.store(env.name, keyArg.trim());
      } else if ((await keys.prompt(env)) === undefined) {
        return false;
      }
      void vscode.window.showInformationMessage(vscode.l10n.t('Service key for {0} saved in secret storage.', env.label));
      return true;
    }),
    vscode.commands.registerCommand(CommandIds.clearServiceKey, async (envArg?: unknown) => {
      const env = await environmentFromArg(environments, envArg);
      if (!env) return false;
      const had = await keys.clear(env.name);
      void vscode.window.showInformationMessage(
        had ? vscode.l10n.t('Service key for {0} removed.', env.label) : vscode.l10n.t('No service key was stored for {0}.', env.label),
      );
      return had;
    }),
  );
  return keys;
}
