/**
 * The message envelope: where the WhatsApp object sits, and who a payload goes to. Prepare-to-send,
 * the send summary and the sandbox all count recipients the way the API's per-request limit does,
 * through this module.
 */
import { isObject } from '../json/values';

/** Where the WhatsApp message object sits in a payload. */
export const WA_PATH = ['channels', 'OTT-Messaging', 'wa'] as const;

/** `channels.OTT-Messaging.wa` of a payload value, when it is an object: the one walk there. */
export function waOf(payload: unknown): Record<string, unknown> | undefined {
  const channels = isObject(payload) ? payload.channels : undefined;
  const ott = isObject(channels) ? channels['OTT-Messaging'] : undefined;
  const wa = isObject(ott) ? ott.wa : undefined;
  return isObject(wa) ? wa : undefined;
}

/** Every waid and bsuid id across all entries of a `destination` array, in order. */
export function destinationIds(destination: unknown): { waid: unknown[]; bsuid: unknown[] } {
  const ids = { waid: [] as unknown[], bsuid: [] as unknown[] };
  if (!Array.isArray(destination)) return ids;
  for (const entry of destination) {
    if (!isObject(entry)) continue;
    // A loop, not push(...ids): spreading a few hundred thousand ids overflows the call stack,
    // and the sandbox counts whatever a client sends.
    if (Array.isArray(entry.waid)) for (const id of entry.waid) ids.waid.push(id);
    if (Array.isArray(entry.bsuid)) for (const id of entry.bsuid) ids.bsuid.push(id);
  }
  return ids;
}

/** How many recipient ids (waid and bsuid) a payload addresses; 0 for anything that is not a payload object. */
export function countRecipients(payload: unknown): number {
  if (!isObject(payload)) return 0;
  const ids = destinationIds(payload.destination);
  return ids.waid.length + ids.bsuid.length;
}
