import * as vscode from 'vscode';
import { CURL_JWT_VARIABLE, CURL_KEY_VARIABLE, buildCurl } from '../core/send/curl';
import { decodeServiceSecret, secretForms } from '../core/send/jwt';
import { scrub } from '../core/send/scrub';
import { CommandIds } from './commandIds';
import { targetDocument } from './documents';
import { Environment, Environments } from './environments';
import { notifyUrlOmittedNote } from '../core/send/prepare';
import { preparePayload } from './preparePayload';
import { ServiceKeys } from './serviceKeys';
import { ServiceSecrets } from './serviceSecrets';

/** Everything of the environment's credentials that must not be in a copied command (they never are put in; this makes sure). */
export async function credentialForms(env: Environment, keys: ServiceKeys, secrets: ServiceSecrets): Promise<string[]> {
  const key = await keys.get(env);
  const secret = await secrets.get(env);
  const decoded = secret === undefined ? undefined : decodeServiceSecret(secret);
  return [...(key ? [key] : []), ...(secret ? secretForms(secret, decoded?.ok ? decoded.bytes : undefined) : [])];
}

/** The `wxc.copyAsCurl` command: the resolved payload as a curl command, the key as $WXC_SERVICE_KEY (a JWT as $WXC_JWT). */
export async function copyAsCurl(environments: Environments, keys: ServiceKeys, secrets: ServiceSecrets, log: vscode.LogOutputChannel, arg?: unknown): Promise<string | undefined> {
  const document = await targetDocument(arg);
  if (!document) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a WhatsApp payload (a *.wa.json file) to copy it as cURL.'));
    return undefined;
  }
  const env = environments.active() ?? (await environments.pick());
  if (!env) return undefined;
  if (!env.endpoint.ok) {
    void vscode.window.showErrorMessage(env.endpoint.error);
    return undefined;
  }
  // A copied command runs elsewhere: without a receiver here, "{{notifyurl}}" is left out (and said so).
  const prepared = preparePayload(document, env, log, { omitUnfilledNotifyUrl: true });
  if (!prepared.ok) return undefined;
  if (!env.auth.ok) {
    void vscode.window.showErrorMessage(env.auth.error);
    return undefined;
  }
  const scheme = env.auth.scheme;
  const command = scrub(buildCurl(env.endpoint.url, prepared.body, scheme), await credentialForms(env, keys, secrets));
  await vscode.env.clipboard.writeText(command);
  const copied =
    scheme === 'jwt'
      ? vscode.l10n.t('Copied a curl command for {0}. Set {1} in your shell to a JWT (HS256, iss {2}, signed with the Base64-decoded service secret) before running it.', env.label, CURL_JWT_VARIABLE, env.auth.serviceId)
      : vscode.l10n.t('Copied a curl command for {0}. Set {1} in your shell before running it.', env.label, CURL_KEY_VARIABLE);
  void vscode.window.showInformationMessage(prepared.notifyUrlOmitted ? `${copied} ${notifyUrlOmittedNote()}` : copied);
  return command;
}

export function registerCopyAsCurl(context: vscode.ExtensionContext, deps: { environments: Environments; keys: ServiceKeys; serviceSecrets: ServiceSecrets; log: vscode.LogOutputChannel }): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.copyAsCurl, (arg?: unknown) => copyAsCurl(deps.environments, deps.keys, deps.serviceSecrets, deps.log, arg)),
  );
}
