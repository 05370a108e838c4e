/** The send history as conversations see it: each queued send with its recipients' states and reports, and the buttons and rows it carried. */
import { recipientRows } from '../delivery/timeline';
import type { SentChoice, SentMessage } from '../inbound/conversations';
import { waOf } from '../payload/envelope';
import { isObject } from '../json/values';
import { type HistoryEntry, sendViewOf, wasQueued } from './history';

const time = (stamp: string, receivedAt: string): string => {
  const n = Date.parse(stamp);
  return Number.isFinite(n) ? new Date(n).toISOString() : receivedAt;
};

/** The reply buttons (`reply.action.buttons[].reply`) and list rows (`list.action.sections[].rows[]`) of a sent body. */
export function choicesOf(sentBody: string | undefined): SentChoice[] {
  if (!sentBody) return [];
  let body: unknown;
  try {
    body = JSON.parse(sentBody);
  } catch {
    return [];
  }
  const wa = waOf(body);
  const out: SentChoice[] = [];
  const add = (v: unknown) => {
    if (isObject(v) && typeof v.id === 'string' && typeof v.title === 'string') out.push({ id: v.id, title: v.title });
  };
  const action = (kind: string) => {
    const message = wa && isObject(wa[kind]) ? (wa[kind] as Record<string, unknown>) : undefined;
    return message && isObject(message.action) ? message.action : undefined;
  };
  const buttons = action('reply')?.buttons;
  if (Array.isArray(buttons)) for (const b of buttons) add(isObject(b) ? b.reply : undefined);
  const sections = action('list')?.sections;
  if (Array.isArray(sections)) for (const s of sections) if (isObject(s) && Array.isArray(s.rows)) for (const r of s.rows) add(r);
  return out;
}

/** A history entry as a sent message, or undefined when it was not queued (nothing reached anyone). */
export function sentMessageOf(entry: HistoryEntry): SentMessage | undefined {
  if (!wasQueued(entry)) return undefined;
  const sentBody = 'sentBody' in entry ? entry.sentBody : undefined;
  return {
    id: entry.id,
    at: entry.at,
    ...(entry.transid ? { transid: entry.transid } : {}),
    messageType: entry.messageType,
    environment: entry.environment,
    recipients: recipientRows(sendViewOf(entry)).map((row) => ({
      waid: row.destination,
      state: row.state,
      reports: row.events.map((e) => ({ state: e.state, code: e.code, description: e.description, at: time(e.timeStamp, e.receivedAt) })),
    })),
    choices: choicesOf(sentBody),
  };
}

/** The queued sends of a history, newest first, as conversations see them. */
export function sentMessagesOf(history: readonly HistoryEntry[]): SentMessage[] {
  return history.map(sentMessageOf).filter((m): m is SentMessage => m !== undefined);
}
