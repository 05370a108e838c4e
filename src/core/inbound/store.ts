/**
 * The customer's events as kept in workspace state: bounded in count and bytes whatever a sender
 * posts. Events of customers a message was sent to are kept in one list; events of customers
 * nobody sent to (and events naming no customer) in another, smaller one, so a stranger's flood
 * never pushes out a real conversation. Oldest first; the oldest go first. Pure.
 */
import { isObject } from '../json/values';
import { cutStrings, storedBytes } from '../text/cut';
import { t } from '../text/l10n';
import type { InboundEvent, InboundField } from './events';
import { waidKey } from './conversations';

/** How many events of customers sent to are kept. */
export const INBOUND_EVENTS_MAX = 2000;
/** Their size, all together, in bytes of JSON. */
export const INBOUND_BYTES_MAX = 2 * 1024 * 1024;
/** How many events of customers nobody sent to (or naming none) are kept. */
export const INBOUND_APART_MAX = 200;
/** Their size, all together. */
export const INBOUND_APART_BYTES_MAX = 256 * 1024;
/** The size of one stored event: a bigger one has its texts cut shorter until it fits. */
export const INBOUND_EVENT_BYTES_MAX = 16 * 1024;

/** What workspace state holds of the customer's events. */
export interface StoredInbound {
  /** Events of customers a message was sent to, oldest first. */
  readonly events: readonly InboundEvent[];
  /** Events of customers nobody sent to, and events that named no customer, oldest first. */
  readonly apart: readonly InboundEvent[];
}

export const EMPTY_INBOUND: StoredInbound = { events: [], apart: [] };

/** An event cut to INBOUND_EVENT_BYTES_MAX: its texts cut shorter, step by step; in the end, a note that it was too large. */
export function boundEvent(event: InboundEvent): InboundEvent {
  if (sizeOf(event) <= INBOUND_EVENT_BYTES_MAX) return event;
  for (const max of [256, 64, 16]) {
    const cut = cutStrings(event, max);
    // The ids that join an event to its customer and its send are short; keep them whole.
    const kept = { ...cut, id: event.id, at: event.at, receivedAt: event.receivedAt, waid: event.waid, ...(event.type === 'tap' ? { transid: event.transid } : {}) } as InboundEvent;
    if (storedBytes(kept) <= INBOUND_EVENT_BYTES_MAX) return kept;
  }
  const note = t('The event was too large to keep; only who and when are kept.');
  return { type: 'unknown', id: event.id, at: event.at, receivedAt: event.receivedAt, waid: event.waid.slice(0, 64), appId: '', name: '', notes: [note], event: '', fields: [] };
}

/** Each kept event's stored size, measured once (events are never changed once kept). */
const sizes = new WeakMap<InboundEvent, number>();
function sizeOf(event: InboundEvent): number {
  let size = sizes.get(event);
  if (size === undefined) sizes.set(event, (size = storedBytes(event)));
  return size;
}

/** The newest events of a list within a count and a byte budget (a comma each between them counted too). */
function newest(list: readonly InboundEvent[], count: number, bytes: number): InboundEvent[] {
  const out: InboundEvent[] = [];
  let total = 2;
  for (let i = list.length - 1; i >= 0 && out.length < count; i--) {
    const size = sizeOf(list[i]) + 1;
    if (total + size > bytes) break;
    total += size;
    out.push(list[i]);
  }
  return out.reverse();
}

const sameId = (id: string) => (e: InboundEvent) => e.id === id;

/**
 * The stored events with one more, or the same when it is a repeat (Webex Connect posts again
 * when it got no 200): in the customers' list when `sentTo(waid)`, else apart; cut to the bounds.
 */
export function addInbound(stored: StoredInbound, event: InboundEvent, sentTo: (waid: string) => boolean): { stored: StoredInbound; added: boolean } {
  if (stored.events.some(sameId(event.id)) || stored.apart.some(sameId(event.id))) return { stored, added: false };
  const kept = boundEvent(event);
  if (kept.waid && sentTo(kept.waid)) return { stored: { events: newest([...stored.events, kept], INBOUND_EVENTS_MAX, INBOUND_BYTES_MAX), apart: stored.apart }, added: true };
  return { stored: { events: stored.events, apart: newest([...stored.apart, kept], INBOUND_APART_MAX, INBOUND_APART_BYTES_MAX) }, added: true };
}

/** The events of customers now sent to moved from apart to the customers' list (in time order); the same when there are none. */
export function promoteInbound(stored: StoredInbound, sentTo: (waid: string) => boolean): StoredInbound {
  const moving = stored.apart.filter((e) => e.waid && sentTo(e.waid));
  if (moving.length === 0) return stored;
  const events = [...stored.events, ...moving].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
  return { events: newest(events, INBOUND_EVENTS_MAX, INBOUND_BYTES_MAX), apart: stored.apart.filter((e) => !moving.includes(e)) };
}

/** Every stored event, oldest first by arrival. */
export function allInbound(stored: StoredInbound): InboundEvent[] {
  return [...stored.events, ...stored.apart].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
}

/** A set of waid keys, as a sentTo predicate. */
export function sentToAny(waids: Iterable<string>): (waid: string) => boolean {
  const keys = new Set([...waids].map(waidKey));
  return (waid) => keys.has(waidKey(waid));
}

const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** One stored event read back (workspace state is JSON anyone could have edited): what can be read of it, or undefined. */
function readStoredEvent(v: unknown): InboundEvent | undefined {
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.receivedAt !== 'string') return undefined;
  const common = { id: v.id, at: s(v.at) || v.receivedAt, receivedAt: v.receivedAt, waid: s(v.waid), appId: s(v.appId), name: s(v.name), notes: strings(v.notes) };
  const objects = (x: unknown) => (Array.isArray(x) ? x.filter(isObject) : []);
  let event: InboundEvent;
  if (v.type === 'message') {
    const loc = isObject(v.location) ? v.location : undefined;
    const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
    event = {
      type: 'message',
      ...common,
      text: s(v.text),
      tid: s(v.tid),
      attachments: objects(v.attachments).map((a) => ({ mimeType: s(a.mimeType), url: s(a.url), caption: s(a.caption), filename: s(a.filename) })),
      contacts: objects(v.contacts).map((c) => ({ name: s(c.name), phones: strings(c.phones), emails: strings(c.emails) })),
      ...(loc
        ? {
            location: {
              ...(num(loc.latitude) ? { latitude: loc.latitude } : {}),
              ...(num(loc.longitude) ? { longitude: loc.longitude } : {}),
              name: s(loc.name),
              address: s(loc.address),
              url: s(loc.url),
            },
          }
        : {}),
    };
  } else if (v.type === 'tap') {
    event = { type: 'tap', ...common, transid: s(v.transid), rawTransid: s(v.rawTransid), payload: s(v.payload), title: s(v.title) };
  } else if (v.type === 'unknown') {
    const fields: InboundField[] = objects(v.fields).map((f) => ({ name: s(f.name), value: s(f.value) }));
    event = { type: 'unknown', ...common, event: s(v.event), fields };
  } else {
    return undefined;
  }
  return boundEvent(event);
}

/** The events as stored: the readable ones, within the bounds. */
export function readInbound(raw: unknown): StoredInbound {
  if (!isObject(raw)) return EMPTY_INBOUND;
  const list = (x: unknown) => (Array.isArray(x) ? x.map(readStoredEvent).filter((e): e is InboundEvent => e !== undefined) : []);
  return { events: newest(list(raw.events), INBOUND_EVENTS_MAX, INBOUND_BYTES_MAX), apart: newest(list(raw.apart), INBOUND_APART_MAX, INBOUND_APART_BYTES_MAX) };
}
