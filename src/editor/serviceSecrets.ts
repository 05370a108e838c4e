import * as vscode from 'vscode';
import { decodeServiceSecret } from '../core/send/jwt';
import { CommandIds } from './commandIds';
import { EnvironmentSecrets, registerSecretCommands } from './environmentSecrets';
import { Environments } from './environments';
import { EnvironmentCredentials } from './serviceKeys';

/** Service secrets of JWT environments (`"auth": "jwt"`), one per environment, kept only in VS Code's secret storage. */
export type ServiceSecrets = EnvironmentCredentials;

export function registerServiceSecrets(context: vscode.ExtensionContext, environments: Environments): ServiceSecrets {
  const stored = new EnvironmentSecrets(context.secrets, 'wxc.serviceSecret/', {
    title: (env) => vscode.l10n.t('Service secret for {0}', env.label),
    prompt: () =>
      vscode.l10n.t('The service secret from the API tab of your Webex Connect service (Base64 text), which signs a JWT for each send. It is kept in VS Code\'s secret storage, never in a file.'),
    invalid: (v) => {
      const decoded = decodeServiceSecret(v);
      return decoded.ok ? undefined : decoded.error;
    },
    saved: (env) => vscode.l10n.t('Service secret for {0} saved in secret storage.', env.label),
    removed: (env) => vscode.l10n.t('Service secret for {0} removed.', env.label),
    noneStored: (env) => vscode.l10n.t('No service secret was stored for {0}.', env.label),
  });
  registerSecretCommands(context, environments, stored, { set: CommandIds.setServiceSecret, clear: CommandIds.clearServiceSecret });
  return new EnvironmentCredentials(stored, 'secretFromEnv');
}
