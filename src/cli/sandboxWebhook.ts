/**
 * While `wxc send --follow` follows a send to the sandbox, the sandbox's customers' events go to
 * its receiver: it tells the sandbox so (PUT /sandbox/webhook), and afterwards puts back the
 * webhook there was (the editor's receiver, when npm start connected it), unless someone changed
 * it meanwhile. Nothing here is sent anywhere but the sandbox on this machine.
 */
import { clearSandboxWebhook, isSandbox, loopbackOrigin, sandboxWebhook, setSandboxWebhook } from '../core/net/sandboxApi';

export interface WebhookTakeover {
  /** Puts the earlier webhook back (or clears it when there was none). Never throws. */
  restore(): Promise<void>;
}

/**
 * When the endpoint is the sandbox (GET /sandbox says so), points its customers' events at `url`
 * and returns how to undo it; undefined when it is not the sandbox or refused.
 */
export async function takeOverSandboxWebhook(endpoint: URL, url: string): Promise<WebhookTakeover | undefined> {
  const origin = loopbackOrigin(endpoint);
  if (origin === undefined || !(await isSandbox(origin))) return undefined;
  const target = new URL(url).href;
  const before = await sandboxWebhook(origin);
  if ('error' in before) return undefined;
  const previous = before.url;
  if ((await setSandboxWebhook(origin, target)) !== undefined) return undefined;
  return {
    restore: async () => {
      const now = await sandboxWebhook(origin);
      if ('error' in now || now.url !== target) return; // changed meanwhile: leave it
      await (previous === null ? clearSandboxWebhook(origin) : setSandboxWebhook(origin, previous));
    },
  };
}
