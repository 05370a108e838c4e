/**
 * What the editor asks of the local sandbox's own interface (/sandbox, see src/sandbox/sandboxRoutes.ts):
 * whether a base URL is the sandbox, where its customers' events go, and a customer's tap.
 */
import { isObject } from '../json/values';
import { isLoopbackHost } from './hosts';
import { loopbackJson } from './loopbackJson';

/** What GET /sandbox answers in `sandbox`. */
export const SANDBOX_IDENTITY = 'webex-connect-whatsapp-sandbox';

/** The origin of an endpoint URL when it is on this machine over http (only such a one can be the sandbox). */
export function loopbackOrigin(endpoint: URL): string | undefined {
  return endpoint.protocol === 'http:' && isLoopbackHost(endpoint.hostname) ? endpoint.origin : undefined;
}

/** What the sandbox says of itself: which start of it answers (a fresh id each time it starts) and where its customers' events go. */
export interface SandboxIdentity {
  readonly instance: string | undefined;
  readonly webhook: string | null;
}

/** What the server at `origin` says of itself when it is the sandbox (GET /sandbox), else undefined (another server, or none). */
export async function sandboxIdentity(origin: string): Promise<SandboxIdentity | undefined> {
  const answer = await loopbackJson(`${origin}/sandbox`, 'GET', undefined, 2000);
  if (!('status' in answer) || answer.status !== 200 || !isObject(answer.json) || answer.json.sandbox !== SANDBOX_IDENTITY) return undefined;
  const { instance, webhook } = answer.json;
  return { instance: typeof instance === 'string' ? instance : undefined, webhook: typeof webhook === 'string' ? webhook : null };
}

/** Whether the server at `origin` says it is the sandbox (GET /sandbox). */
export async function isSandbox(origin: string): Promise<boolean> {
  return (await sandboxIdentity(origin)) !== undefined;
}

const errorOf = (json: unknown, fallback: string): string => (isObject(json) && typeof json.error === 'string' ? json.error : fallback);

/** Where the sandbox's customers' events go now (GET /sandbox/webhook), or an error. */
export async function sandboxWebhook(origin: string): Promise<{ url: string | null } | { error: string }> {
  const answer = await loopbackJson(`${origin}/sandbox/webhook`, 'GET');
  if ('error' in answer) return answer;
  if (answer.status !== 200 || !isObject(answer.json)) return { error: `HTTP ${answer.status}` };
  return { url: typeof answer.json.url === 'string' ? answer.json.url : null };
}

/** Points the sandbox's customers' events at `url` (PUT /sandbox/webhook); resolves to undefined, or why not. */
export async function setSandboxWebhook(origin: string, url: string): Promise<string | undefined> {
  const answer = await loopbackJson(`${origin}/sandbox/webhook`, 'PUT', { url });
  if ('error' in answer) return answer.error;
  return answer.status === 200 ? undefined : errorOf(answer.json, `HTTP ${answer.status}`);
}

/** Stops the sandbox's customers' events (DELETE /sandbox/webhook). */
export async function clearSandboxWebhook(origin: string): Promise<string | undefined> {
  const answer = await loopbackJson(`${origin}/sandbox/webhook`, 'DELETE');
  if ('error' in answer) return answer.error;
  return answer.status === 204 ? undefined : `HTTP ${answer.status}`;
}

/** What became of a tap: posted to the webhook (202), kept but not posted (409, 502: `warning`), or refused. */
export type TapResult = { readonly posted: true } | { readonly posted: false; readonly warning: string } | { readonly error: string };

/** The customer `waid` taps the button or row `buttonPayload` (titled `buttonText`) of the message `transid`. */
export async function tapInSandbox(origin: string, waid: string, tap: { transid: string; buttonPayload: string; buttonText: string }): Promise<TapResult> {
  const answer = await loopbackJson(`${origin}/sandbox/customers/${encodeURIComponent(waid)}/messages`, 'POST', tap);
  if ('error' in answer) return answer;
  if (answer.status === 202) return { posted: true };
  if (answer.status === 409 || answer.status === 502) return { posted: false, warning: errorOf(answer.json, `HTTP ${answer.status}`) };
  return { error: errorOf(answer.json, `HTTP ${answer.status}`) };
}
