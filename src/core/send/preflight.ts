/**
 * The media preflight of a send, shared by the editor and the command line: the media rules'
 * warnings on the payload as it will be sent, and (unless the endpoint is this machine) what
 * fetching each media URL found. Only public hosts are fetched: a URL on this computer or a
 * private network would answer here and never to WhatsApp, and fetching it from here is not the
 * payload's business. Returns sentences; showing them and asking is the caller's.
 */
import { isLoopbackHost, isPublicHost, unreachableReason } from '../net/hosts';
import { parsePayload } from '../json/jsonc';
import { checkMedia } from '../checks/media';
import { MediaTarget, mediaTargets } from '../media/places';
import type { ProbeFinding, ProbeOptions } from '../media/probe';

/** The media rules' warnings on a resolved payload value, one sentence each. */
export function preflightRuleProblems(value: unknown): string[] {
  return checkMedia(parsePayload(JSON.stringify(value, null, 2)))
    .filter((f) => f.severity === 'warning')
    .map((f) => f.message);
}

/** Whether the preflight fetches media before sending to `endpoint`: not for this machine (the sandbox never fetches it). */
export function preflightFetchesMedia(endpoint: URL): boolean {
  return !isLoopbackHost(endpoint.hostname);
}

/** Whether a media URL is http(s) on a host that is not public (the rules already say WhatsApp can't fetch it). */
function onHostNotPublic(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && !isPublicHost(parsed.hostname);
  } catch {
    return false;
  }
}

/** The media of a resolved payload the preflight fetches: all but those on hosts that are not public. */
export function preflightTargets(value: unknown): MediaTarget[] {
  return mediaTargets(value).filter((target) => !onHostNotPublic(target.url));
}

/**
 * The probe options of a preflight: a redirect to a host that is not public is reported, not
 * followed, and a name that resolves to an address that is not public is not connected to.
 */
export function preflightProbeOptions(timeoutMs: number, signal?: AbortSignal): ProbeOptions {
  return { timeoutMs, signal, refuse: (url) => unreachableReason(url.hostname), publicAddressesOnly: true };
}

/** The findings of media probes that should stop a send (info is not a problem), each prefixed by its URL. */
export function probeProblems(reports: readonly { url: string; findings: readonly ProbeFinding[] }[]): string[] {
  return reports.flatMap((r) => r.findings.filter((f) => f.severity !== 'info').map((f) => `${r.url}: ${f.message}`));
}
