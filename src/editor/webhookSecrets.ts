import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { EnvironmentSecrets, registerSecretCommands } from './environmentSecrets';
import { Environments } from './environments';

/**
 * Webhook secrets, one per environment, kept only in VS Code's secret storage: with one set, the
 * delivery receiver takes only reports signed with it (x-hub-signature).
 */
export function registerWebhookSecrets(context: vscode.ExtensionContext, environments: Environments): EnvironmentSecrets {
  const secrets = new EnvironmentSecrets(context.secrets, 'wxc.webhookSecret/', {
    title: (env) => vscode.l10n.t('Webhook secret for {0}', env.label),
    prompt: () =>
      vscode.l10n.t('The hub secret of the notify URL in Webex Connect. With it, the delivery receiver takes only reports signed with it (x-hub-signature). Kept in VS Code\'s secret storage, never in a file.'),
    invalid: (v) => (v.trim() === '' ? vscode.l10n.t('Paste the webhook secret.') : undefined),
    saved: (env) => vscode.l10n.t('Webhook secret for {0} saved in secret storage: its delivery reports must now be signed.', env.label),
    removed: (env) => vscode.l10n.t('Webhook secret for {0} removed: its delivery reports are taken unsigned.', env.label),
    noneStored: (env) => vscode.l10n.t('No webhook secret was stored for {0}.', env.label),
  });
  registerSecretCommands(context, environments, secrets, { set: CommandIds.setWebhookSecret, clear: CommandIds.clearWebhookSecret });
  return secrets;
}
