/** The receiver's addresses as others see them: a new path token, a public base URL checked, an environment's notify URL. */
import { randomBytes } from 'node:crypto';
import { isLoopbackHost, unreachableReason } from '../../net/hosts';
import { t } from '../../text/l10n';

/** A new path token: 32 random bytes, base64url. */
export function newReceiverToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A public base URL as the user typed it (a forwarded port, a tunnel): trimmed (a leading or
 * trailing space makes a notify URL invalid), https (http only for this machine), no user name or
 * password, no query or fragment, and a host Webex Connect can reach from the internet: a public one
 * (core/net/hosts), or this machine, which the sandbox and the local receiver use (a tenant's send
 * with a notifyurl on this machine is asked about at send time, core/send/notifyReach). A private
 * or special-use host is refused: the tenant's reports would never arrive. Returns the base
 * without a trailing slash, or why it is unusable. With `endpoint` (where the environment sends),
 * this machine is refused too unless that API is on this machine as well.
 */
export function checkPublicBaseUrl(raw: string, endpoint?: URL): { readonly url: string } | { readonly error: string } {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: t('"{0}" is not a URL. Give the public https:// address of the forwarded port, e.g. https://abc123-8787.euw.devtunnels.ms.', text) };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { error: t('The public URL must start with https:// (Webex Connect posts delivery reports to HTTPS only); {0} does not.', url.origin) };
  }
  if (url.username || url.password) return { error: t('The public URL must not hold a user name or password.') };
  if (url.search || url.hash) return { error: t('The public URL must not have a query (?…) or fragment (#…); the receiver adds its own path.') };
  // This machine is reachable only from an API on this machine (the sandbox): `endpoint`, when given, says where the reports come from.
  const local = isLoopbackHost(url.hostname) && (endpoint === undefined || isLoopbackHost(endpoint.hostname));
  const reason = local ? undefined : unreachableReason(url.hostname);
  if (reason) {
    return { error: t("Webex Connect can't reach {0} ({1}): it posts delivery reports from the internet. Give the public https:// address of a forwarded port or a tunnel; for the sandbox on this computer, use http://127.0.0.1:<port>.", url.hostname, reason) };
  }
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/**
 * The notify URL of an environment: `<base>/<token>/<environment>`. `base` is a public base URL
 * (checked with checkPublicBaseUrl; throws its error when unusable) or the receiver's local
 * `http://127.0.0.1:<port>`; a base that already ends in `/<token>` (Receiver.localBaseUrl) does
 * not get it twice. Without an environment the URL ends at the token.
 */
export function notifyUrlFor(base: string, token: string, environment?: string): string {
  const checked = checkPublicBaseUrl(base);
  if ('error' in checked) throw new Error(checked.error);
  const root = checked.url.endsWith(`/${token}`) ? checked.url : `${checked.url}/${token}`;
  return environment === undefined || environment === '' ? root : `${root}/${encodeURIComponent(environment)}`;
}
