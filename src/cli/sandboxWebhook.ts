/**
 * While `wxc send --follow` follows a send to the sandbox, the sandbox's customers' events go to
 * its receiver: it tells the sandbox so (PUT /sandbox/webhook), and afterwards puts back the
 * webhook there was (the editor's receiver, when npm start connected it), unless someone changed
 * it meanwhile. Nothing here is sent anywhere but the sandbox on this machine.
 */
import { nodeFetch } from '../core/net/fetch';
import { SANDBOX_IDENTITY, SANDBOX_PREFIX } from '../sandbox/sandboxRoutes';

/** How long each of these small requests may take. */
const REQUEST_TIMEOUT_MS = 5_000;

export interface WebhookTakeover {
  /** Puts the earlier webhook back (or clears it when there was none). Never throws. */
  restore(): Promise<void>;
}

/** A JSON request to the sandbox's own interface; undefined when it does not answer as the sandbox would. */
async function sandboxRequest(origin: string, path: string, method: 'GET' | 'PUT' | 'DELETE', body?: unknown): Promise<{ status: number; value: unknown } | undefined> {
  try {
    const res = await nodeFetch()(`${origin}${SANDBOX_PREFIX}${path}`, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let value: unknown;
    try {
      value = text ? JSON.parse(text) : undefined;
    } catch {
      value = undefined;
    }
    return { status: res.status, value };
  } catch {
    return undefined;
  }
}

const urlOf = (value: unknown): string | null => (typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string' ? (value as { url: string }).url : null);

/**
 * When the endpoint is the sandbox (GET /sandbox says so), points its customers' events at `url`
 * and returns how to undo it; undefined when it is not the sandbox or refused.
 */
export async function takeOverSandboxWebhook(endpoint: URL, url: string): Promise<WebhookTakeover | undefined> {
  const origin = endpoint.origin;
  const target = new URL(url).href;
  const identity = await sandboxRequest(origin, '', 'GET');
  const value = identity?.value as { sandbox?: unknown; webhook?: unknown } | undefined;
  if (identity?.status !== 200 || value?.sandbox !== SANDBOX_IDENTITY) return undefined;
  const previous = typeof value.webhook === 'string' ? value.webhook : null;
  const put = await sandboxRequest(origin, '/webhook', 'PUT', { url: target });
  if (put?.status !== 200) return undefined;
  return {
    restore: async () => {
      const now = await sandboxRequest(origin, '/webhook', 'GET');
      if (now?.status !== 200 || urlOf(now.value) !== target) return; // changed meanwhile: leave it
      await (previous === null ? sandboxRequest(origin, '/webhook', 'DELETE') : sandboxRequest(origin, '/webhook', 'PUT', { url: previous }));
    },
  };
}
