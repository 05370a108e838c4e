/**
 * The media preflight of a send, shared by the editor and the command line: the media rules'
 * warnings on the payload as it will be sent, and (unless the endpoint is this machine) what
 * fetching each media URL found. Returns sentences; showing them and asking is the caller's.
 */
import { isLoopbackHost } from '../net/hosts';
import { parsePayload } from '../json/jsonc';
import { checkMedia } from '../checks/media';
import type { ProbeFinding } from '../media/probe';

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

/** The findings of media probes that should stop a send (info is not a problem), each prefixed by its URL. */
export function probeProblems(reports: readonly { url: string; findings: readonly ProbeFinding[] }[]): string[] {
  return reports.flatMap((r) => r.findings.filter((f) => f.severity !== 'info').map((f) => `${r.url}: ${f.message}`));
}
