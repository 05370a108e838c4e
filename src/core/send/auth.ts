/**
 * How an environment authenticates its sends, decided in one place for the editor, the command
 * line and Copy as cURL / Copy as Code: the service key in a `key` header (the default), or a JWT
 * signed with the service secret in `Authorization: Bearer …` (`"auth": "jwt"` with a `serviceId`).
 */
import { t } from '../text/l10n';

/** The fields of an environment's setting that choose its authentication. */
export interface AuthSetting {
  readonly auth?: unknown;
  readonly serviceId?: unknown;
}

export type EnvironmentAuth =
  | { readonly ok: true; readonly scheme: 'key' }
  | { readonly ok: true; readonly scheme: 'jwt'; readonly serviceId: string }
  | { readonly ok: false; readonly error: string };

/** The environment's authentication, or why its setting does not say one that can be used. */
export function environmentAuth(setting: AuthSetting, name: string): EnvironmentAuth {
  const auth = setting.auth ?? 'key';
  if (auth === 'key') return { ok: true, scheme: 'key' };
  if (auth !== 'jwt') {
    return { ok: false, error: t('{0}: "auth" is "key" (the service key, the default) or "jwt" (a token signed with the service secret), not {1}.', name, JSON.stringify(auth)) };
  }
  const serviceId = typeof setting.serviceId === 'string' ? setting.serviceId.trim() : '';
  if (serviceId === '') {
    return { ok: false, error: t('{0}: "auth": "jwt" needs "serviceId", the id of the Webex Connect service (its API tab; not the app id), which the token is issued by.', name) };
  }
  return { ok: true, scheme: 'jwt', serviceId };
}
