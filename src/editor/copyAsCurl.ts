import * as vscode from 'vscode';
import { buildCurl } from '../core/send/curl';
import { scrub } from '../core/send/scrub';
import { CommandIds } from './commandIds';
import { targetDocument } from './documents';
import { Environments } from './environments';
import { preparePayload } from './preparePayload';
import { ServiceKeys } from './serviceKeys';

/** The `wxc.copyAsCurl` command: the resolved payload as a curl command, the key as $WXC_SERVICE_KEY. */
export async function copyAsCurl(environments: Environments, keys: ServiceKeys, log: vscode.LogOutputChannel, arg?: unknown): Promise<string | undefined> {
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
  const prepared = preparePayload(document, env, log);
  if (!prepared.ok) return undefined;
  const key = await keys.get(env);
  const command = scrub(buildCurl(env.endpoint.url, prepared.body), [key]);
  await vscode.env.clipboard.writeText(command);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied a curl command for {0}. Set WXC_SERVICE_KEY in your shell before running it.', env.label));
  return command;
}

export function registerCopyAsCurl(context: vscode.ExtensionContext, deps: { environments: Environments; keys: ServiceKeys; log: vscode.LogOutputChannel }): void {
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.copyAsCurl, (arg?: unknown) => copyAsCurl(deps.environments, deps.keys, deps.log, arg)));
}
