/**
 * Where a service key may go. A workspace's settings can point an environment's baseUrl anywhere,
 * so a key is sent without asking only to a documented Webex Connect host or to this machine;
 * any other host needs the user's approval, remembered per environment and host.
 */
import { isDocumentedHost } from './endpoint';
import { isLoopbackHost } from '../net/hosts';

/** Approved hosts (host:port as URL.host gives it), by environment name; one each, so a changed host asks again. */
export type HostApprovals = Readonly<Record<string, string>>;

export type HostDecision = 'documented' | 'loopback' | 'approved' | 'ask';

/** Whether the key may go to `endpoint` for `environment` without asking. */
export function hostDecision(endpoint: URL, environment: string, approvals: HostApprovals): HostDecision {
  if (endpoint.protocol === 'https:' && isDocumentedHost(endpoint.hostname)) return 'documented';
  if (isLoopbackHost(endpoint.hostname)) return 'loopback';
  return Object.prototype.hasOwnProperty.call(approvals, environment) && approvals[environment] === endpoint.host ? 'approved' : 'ask';
}

/** The approvals with the endpoint's host approved for `environment` (replacing any earlier one). */
export function approveHost(approvals: HostApprovals, environment: string, endpoint: URL): HostApprovals {
  return { ...approvals, [environment]: endpoint.host };
}
