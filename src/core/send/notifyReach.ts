/**
 * Whether Webex Connect can post a send's delivery reports to its notifyurl: a tenant's servers
 * can't reach this computer or a private network, so such a notifyurl leaves the send Queued for
 * good. A send to this machine (the sandbox) posts its reports locally and is never judged.
 */
import { isObject } from '../json/values';
import { isLoopbackHost, unreachableReason } from '../net/hosts';

/** The notifyurl's host (never its path: it carries the receiver's token) and why it can't be reached. */
export interface UnreachableNotifyUrl {
  readonly host: string;
  readonly reason: string;
}

/** Why the payload's notifyurl can't be reached from Webex Connect when sent to `endpoint`, or undefined. */
export function unreachableNotifyUrl(value: unknown, endpoint: URL): UnreachableNotifyUrl | undefined {
  if (isLoopbackHost(endpoint.hostname)) return undefined;
  const notifyurl = isObject(value) ? value.notifyurl : undefined;
  if (typeof notifyurl !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(notifyurl.trim());
  } catch {
    return undefined; // the checks report a notifyurl that is no URL
  }
  const reason = unreachableReason(url.hostname);
  return reason ? { host: url.host, reason } : undefined;
}
