import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { Environments, environmentFromArg } from './environments';

const PREFIX = 'wxc.webhookSecret/';

/**
 * Webhook secrets, one per environment, kept only in VS Code's secret storage: with one set, the
 * delivery receiver takes only reports signed with it (x-hub-signature). Read often (every
 * report), so they are cached in memory and dropped from the cache when secret storage changes.
 */
export class WebhookSecrets implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  private readonly listener: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.listener = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.cache.delete(e.key.slice(PREFIX.length));
    });
  }

  /** The secret of an environment, or undefined (reports need no signature). */
  get(environment: string | undefined): Promise<string | undefined> {
    if (environment === undefined) return Promise.resolve(undefined);
    let secret = this.cache.get(environment);
    if (!secret) {
      secret = Promise.resolve(this.secrets.get(PREFIX + environment)).then((s) => (s === '' ? undefined : s));
      this.cache.set(environment, secret);
    }
    return secret;
  }

  async store(environment: string, secret: string): Promise<void> {
    this.cache.delete(environment);
    await this.secrets.store(PREFIX + environment, secret);
  }

  async clear(environment: string): Promise<boolean> {
    const had = (await this.get(environment)) !== undefined;
    this.cache.delete(environment);
    await this.secrets.delete(PREFIX + environment);
    return had;
  }

  dispose(): void {
    this.listener.dispose();
  }
}

export function registerWebhookSecrets(context: vscode.ExtensionContext, environments: Environments): WebhookSecrets {
  const secrets = new WebhookSecrets(context.secrets);
  context.subscriptions.push(
    secrets,
    // Optional arguments (environment name, secret) let scripts and tests set one without the prompt.
    vscode.commands.registerCommand(CommandIds.setWebhookSecret, async (envArg?: unknown, secretArg?: unknown) => {
      const env = await environmentFromArg(environments, envArg);
      if (!env) return false;
      let secret = typeof secretArg === 'string' ? secretArg.trim() : '';
      if (!secret) {
        const entered = await vscode.window.showInputBox({
          title: vscode.l10n.t('Webhook secret for {0}', env.label),
          prompt: vscode.l10n.t('The hub secret of the notify URL in Webex Connect. With it, the delivery receiver takes only reports signed with it (x-hub-signature). Kept in VS Code\'s secret storage, never in a file.'),
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Paste the webhook secret.') : undefined),
        });
        if (entered === undefined) return false;
        secret = entered.trim();
      }
      await secrets.store(env.name, secret);
      void vscode.window.showInformationMessage(vscode.l10n.t('Webhook secret for {0} saved in secret storage: its delivery reports must now be signed.', env.label));
      return true;
    }),
    vscode.commands.registerCommand(CommandIds.clearWebhookSecret, async (envArg?: unknown) => {
      const env = await environmentFromArg(environments, envArg);
      if (!env) return false;
      const had = await secrets.clear(env.name);
      void vscode.window.showInformationMessage(
        had ? vscode.l10n.t('Webhook secret for {0} removed: its delivery reports are taken unsigned.', env.label) : vscode.l10n.t('No webhook secret was stored for {0}.', env.label),
      );
      return had;
    }),
  );
  return secrets;
}
