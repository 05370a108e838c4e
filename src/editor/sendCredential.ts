/**
 * What a send authenticates with, by the environment's auth (environmentAuth in core/send/auth):
 * its service key, or its service secret (checked as Base64) to mint the send's JWT with; from the
 * variable user settings name, else secret storage, else asked for.
 */
import * as vscode from 'vscode';
import { decodeServiceSecret, mintJwt, secretForms } from '../core/send/jwt';
import { Environment } from './environments';
import { ServiceKeys } from './serviceKeys';
import { ServiceSecrets } from './serviceSecrets';

export interface SendCredential {
  readonly ok: true;
  readonly scheme: 'key' | 'jwt';
  readonly serviceKey?: string;
  /** Mints the send's token (called once the user has said yes, so its clock starts at the send). */
  readonly mint?: () => string;
  /** What must never be shown, logged or stored (the token minted is added by the caller). */
  readonly secrets: readonly string[];
}

/** Why there is none: `result` is the send's outcome (`auth`, `no-key`, `bad-secret`), `message` what the user was told. */
export interface NoCredential {
  readonly ok: false;
  readonly result: string;
  readonly message: string;
}

/** The credential, or the one the user enters when there is none (the prompt says why the process environment gave none). */
async function valueOrPrompt(store: ServiceKeys, env: Environment, reason: string, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const value = await store.get(env);
  if (value) return value;
  const why = store.whyNotFromEnv(env);
  if (why) log.warn(`${env.name}: ${why}`);
  return store.prompt(env, why ? `${why} ${reason}` : reason);
}

function missing(store: ServiceKeys, env: Environment, text: string): NoCredential {
  const why = store.whyNotFromEnv(env);
  const message = why ? `${text} ${why}` : text;
  void vscode.window.showWarningMessage(message);
  return { ok: false, result: 'no-key', message };
}

/** The credential the environment's auth needs; says why not (an error or a warning shown) when there is none. */
export async function sendCredential(
  env: Environment,
  stores: { keys: ServiceKeys; secrets: ServiceSecrets },
  log: vscode.LogOutputChannel,
): Promise<SendCredential | NoCredential> {
  if (!env.auth.ok) {
    void vscode.window.showErrorMessage(env.auth.error);
    return { ok: false, result: 'auth', message: env.auth.error };
  }
  if (env.auth.scheme === 'key') {
    const key = await valueOrPrompt(stores.keys, env, vscode.l10n.t('{0} has no service key yet. Paste the key from the API tab of your Webex Connect service to send.', env.label), log);
    if (!key) return missing(stores.keys, env, vscode.l10n.t('Not sent: {0} has no service key. Set one with "Webex Connect: Set Service Key…".', env.label));
    return { ok: true, scheme: 'key', serviceKey: key, secrets: [key] };
  }
  const text = await valueOrPrompt(
    stores.secrets,
    env,
    vscode.l10n.t('{0} sends with a JWT and has no service secret yet. Paste the service secret (Base64) from the API tab of your Webex Connect service to send.', env.label),
    log,
  );
  if (!text) return missing(stores.secrets, env, vscode.l10n.t('Not sent: {0} has no service secret to sign its JWT with. Set one with "Webex Connect: Set Service Secret…".', env.label));
  const decoded = decodeServiceSecret(text);
  if (!decoded.ok) {
    // Only a secret from the process environment can be malformed: a prompted or stored one was checked.
    const variable = stores.secrets.fromEnv(env).honoured?.variable ?? '';
    const message = vscode.l10n.t('Not sent: the environment variable {0} (secretFromEnv of {1}): {2}', variable, env.label, decoded.error);
    void vscode.window.showErrorMessage(message);
    return { ok: false, result: 'bad-secret', message };
  }
  const { serviceId } = env.auth;
  return { ok: true, scheme: 'jwt', mint: () => mintJwt(serviceId, decoded.bytes), secrets: secretForms(text, decoded.bytes) };
}
