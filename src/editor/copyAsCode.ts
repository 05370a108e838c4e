import * as vscode from 'vscode';
import type { CodeLanguage } from '../core/send/code';
import { scrub } from '../core/send/scrub';
import { CommandIds } from './commandIds';
import { credentialForms } from './copyAsCurl';
import { targetDocument } from './documents';
import { Environments } from './environments';
import { notifyUrlOmittedNote } from '../core/send/prepare';
import { preparePayload } from './preparePayload';
import { ServiceKeys } from './serviceKeys';
import { ServiceSecrets } from './serviceSecrets';

/** The language last copied, offered first the next time. */
const LAST_LANGUAGE_KEY = 'wxc.copyAsCode.language';

// The generator (httpsnippet, dist/httpsnippet.js) loads on the first Copy as Code, not at activation.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
const codeModule = () => require('../core/send/code') as typeof import('../core/send/code');

interface LanguageItem extends vscode.QuickPickItem {
  readonly language: CodeLanguage;
}

/** The languages, the last one used first. */
async function pickLanguage(state: vscode.Memento): Promise<CodeLanguage | undefined> {
  const { CODE_LANGUAGES, codeLanguageLabel, isCodeLanguage } = codeModule();
  const last = state.get<unknown>(LAST_LANGUAGE_KEY);
  const ordered = isCodeLanguage(last) ? [last, ...CODE_LANGUAGES.filter((l) => l !== last)] : [...CODE_LANGUAGES];
  const items: LanguageItem[] = ordered.map((language) => ({
    label: codeLanguageLabel(language),
    description: language === last ? vscode.l10n.t('last used') : undefined,
    language,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Copy the request as code in…') });
  return picked?.language;
}

/**
 * The `wxc.copyAsCode` command: the resolved payload as a request in a language, the credential
 * read by the code from WXC_SERVICE_KEY (WXC_JWT). `language` skips the pick (keybindings, tests).
 */
export async function copyAsCode(
  deps: { environments: Environments; keys: ServiceKeys; serviceSecrets: ServiceSecrets; log: vscode.LogOutputChannel; state: vscode.Memento },
  arg?: unknown,
  language?: unknown,
): Promise<string | undefined> {
  const document = await targetDocument(arg);
  if (!document) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a WhatsApp payload (a *.wa.json file) to copy it as code.'));
    return undefined;
  }
  const env = deps.environments.active() ?? (await deps.environments.pick());
  if (!env) return undefined;
  if (!env.endpoint.ok) {
    void vscode.window.showErrorMessage(env.endpoint.error);
    return undefined;
  }
  // Code runs elsewhere: without a receiver here, "{{notifyurl}}" is left out (and said so).
  const prepared = preparePayload(document, env, deps.log, { omitUnfilledNotifyUrl: true });
  if (!prepared.ok) return undefined;
  if (!env.auth.ok) {
    void vscode.window.showErrorMessage(env.auth.error);
    return undefined;
  }
  const auth = env.auth;
  const code = codeModule();
  const chosen = code.isCodeLanguage(language) ? language : await pickLanguage(deps.state);
  if (!chosen) return undefined;
  await deps.state.update(LAST_LANGUAGE_KEY, chosen);
  let text: string;
  try {
    text = code.buildCode(chosen, { url: env.endpoint.url, body: prepared.body, auth: auth.scheme });
  } catch (err) {
    deps.log.error(`Copy as Code (${chosen}): ${(err as Error).message}`);
    void vscode.window.showErrorMessage((err as Error).message);
    return undefined;
  }
  text = scrub(text, await credentialForms(env, deps.keys, deps.serviceSecrets));
  await vscode.env.clipboard.writeText(text);
  const label = code.codeLanguageLabel(chosen);
  const copied =
    auth.scheme === 'jwt'
      ? vscode.l10n.t('Copied {0} code for {1}. Set {2} to a JWT (HS256, iss {3}, signed with the Base64-decoded service secret) before running it.', label, env.label, code.credentialVariable('jwt'), auth.serviceId)
      : vscode.l10n.t('Copied {0} code for {1}. Set {2} in the environment before running it.', label, env.label, code.credentialVariable('key'));
  void vscode.window.showInformationMessage(prepared.notifyUrlOmitted ? `${copied} ${notifyUrlOmittedNote()}` : copied);
  return text;
}

export function registerCopyAsCode(
  context: vscode.ExtensionContext,
  deps: { environments: Environments; keys: ServiceKeys; serviceSecrets: ServiceSecrets; log: vscode.LogOutputChannel },
): void {
  const withState = { ...deps, state: context.globalState };
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.copyAsCode, (arg?: unknown, language?: unknown) => copyAsCode(withState, arg, language)));
}
