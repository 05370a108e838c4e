/**
 * Conversations: per customer (waid), what was sent to them and what came back, in time order.
 * Each tap is joined to the send that carried its button (by transid) and named by its title; a
 * tap whose send is not known is kept and says so. Pure: the editor stores sends and events and
 * asks this module what a customer's conversation is.
 */
import type { InboundEvent, InboundMessage, InboundTap, InboundUnknown } from './events';
import { OUTSIDE_WINDOW_CODE, type WindowFacts } from './window';

/** One delivery report of a sent message, as a conversation shows it. */
export interface SentReport {
  readonly state: string;
  readonly code: string;
  readonly description: string;
  /** When it happened: the report's timeStamp when readable, else when it was received (ISO). */
  readonly at: string;
}

/** A recipient of a sent message and its reports. */
export interface SentRecipient {
  readonly waid: string;
  /** Where it stands: Queued, Submitted, Delivered, Read or Failed. */
  readonly state: string;
  /** Oldest first. */
  readonly reports: readonly SentReport[];
}

/** A button or list row a sent message carried. */
export interface SentChoice {
  readonly id: string;
  readonly title: string;
}

/** A message sent from this workspace (a queued send of the history), as conversations see it. */
export interface SentMessage {
  /** The send record's id. */
  readonly id: string;
  /** When it was sent (ISO). */
  readonly at: string;
  readonly transid?: string;
  /** Its kind: text, image, template, button, list, … */
  readonly messageType: string;
  /** The environment's label. */
  readonly environment: string;
  readonly recipients: readonly SentRecipient[];
  /** The reply buttons and list rows it carried. */
  readonly choices: readonly SentChoice[];
}

/** What a customer sent, or what was sent to them, at a time. */
export type ConversationItem =
  | { readonly kind: 'sent'; readonly at: string; readonly send: SentMessage; readonly recipient: SentRecipient }
  | { readonly kind: 'received'; readonly at: string; readonly event: InboundMessage | InboundUnknown }
  /** `send`: the message whose button or row was tapped, absent when it is not known (sent elsewhere, or gone from the history). */
  | { readonly kind: 'tap'; readonly at: string; readonly event: InboundTap; readonly send?: SentMessage; readonly title: string };

export interface Conversation {
  /** The customer's waid as the events and sends spell it (the first seen). */
  readonly waid: string;
  /** The customer's profile name from their latest event that had one; may be empty. */
  readonly name: string;
  /** Whether a message was sent to them from this workspace (else they only wrote in). */
  readonly sentTo: boolean;
  /** Oldest first; sends and events at the same time keep sends first. */
  readonly items: readonly ConversationItem[];
  /** The facts of the 24-hour window (see windowState). */
  readonly window: WindowFacts;
  /** The latest item's time (ISO). */
  readonly lastAt: string;
}

/** The key a waid is matched by: a phone number's digits (a `+`, spaces and dashes ignored), other ids as they are. */
export function waidKey(waid: string): string {
  const s = waid.trim();
  return /^\+?[\d\s().-]+$/.test(s) ? s.replace(/\D/g, '') : s;
}

const time = (iso: string): number => {
  const n = Date.parse(iso);
  return Number.isFinite(n) ? n : 0;
};

const later = (a: string | undefined, b: string): string => (a === undefined || time(b) > time(a) ? b : a);

/** The title a tap is shown with: its own (`buttonText`), else the one its send gave that id, else its id. */
function tapTitle(tap: InboundTap, send: SentMessage | undefined): string {
  if (tap.title) return tap.title;
  const choice = send?.choices.find((c) => c.id === tap.payload);
  return choice?.title || tap.payload;
}

interface Building {
  waid: string;
  name: string;
  nameAt: string;
  sentTo: boolean;
  items: ConversationItem[];
  lastInboundAt?: string;
  lastFailed7710At?: string;
}

/**
 * Every customer's conversation, the most recent first: the sends (one item per recipient they
 * addressed) and the events that named a waid. Events without a waid are not in any conversation
 * (the store keeps them apart).
 */
export function buildConversations(sends: readonly SentMessage[], events: readonly InboundEvent[]): Conversation[] {
  const byKey = new Map<string, Building>();
  const of = (waid: string): Building => {
    const key = waidKey(waid);
    let b = byKey.get(key);
    if (!b) byKey.set(key, (b = { waid, name: '', nameAt: '', sentTo: false, items: [] }));
    return b;
  };
  const byTransid = new Map<string, SentMessage>();
  for (const send of sends) {
    if (send.transid && !byTransid.has(send.transid)) byTransid.set(send.transid, send);
    for (const recipient of send.recipients) {
      if (!recipient.waid) continue;
      const b = of(recipient.waid);
      b.sentTo = true;
      b.items.push({ kind: 'sent', at: send.at, send, recipient });
      for (const r of recipient.reports) if (r.code === OUTSIDE_WINDOW_CODE) b.lastFailed7710At = later(b.lastFailed7710At, r.at);
    }
  }
  for (const event of events) {
    if (!event.waid) continue;
    const b = of(event.waid);
    if (event.name && time(event.at) >= time(b.nameAt)) {
      b.name = event.name;
      b.nameAt = event.at;
    }
    if (event.type === 'tap') {
      const send = byTransid.get(event.transid);
      b.items.push({ kind: 'tap', at: event.at, event, title: tapTitle(event, send), ...(send ? { send } : {}) });
    } else {
      b.items.push({ kind: 'received', at: event.at, event });
    }
    if (event.type !== 'unknown') b.lastInboundAt = later(b.lastInboundAt, event.at);
  }
  return [...byKey.values()].map(finish).sort((a, b) => time(b.lastAt) - time(a.lastAt));
}

function finish(b: Building): Conversation {
  // Stable: at the same time, sends (pushed first) stay before what came back.
  const items = b.items.map((item, i) => ({ item, i })).sort((x, y) => time(x.item.at) - time(y.item.at) || x.i - y.i).map((x) => x.item);
  const window: WindowFacts = {
    ...(b.lastInboundAt !== undefined ? { lastInboundAt: b.lastInboundAt } : {}),
    ...(b.lastFailed7710At !== undefined ? { lastFailed7710At: b.lastFailed7710At } : {}),
  };
  return { waid: b.waid, name: b.name, sentTo: b.sentTo, items, window, lastAt: items.length > 0 ? items[items.length - 1].at : '' };
}

/** One customer's conversation, or undefined when nothing was sent to or came from them. */
export function conversationOf(sends: readonly SentMessage[], events: readonly InboundEvent[], waid: string): Conversation | undefined {
  const key = waidKey(waid);
  const mine = events.filter((e) => e.waid && waidKey(e.waid) === key);
  const sentTo = sends
    .map((s) => ({ ...s, recipients: s.recipients.filter((r) => waidKey(r.waid) === key) }))
    .filter((s) => s.recipients.length > 0);
  // Taps join any send by transid (a tap's send may list the customer under another spelling).
  const taps = new Set(mine.filter((e): e is InboundTap => e.type === 'tap').map((e) => e.transid));
  const carriers = sends.filter((s) => s.transid && taps.has(s.transid) && !sentTo.some((m) => m.id === s.id)).map((s) => ({ ...s, recipients: [] }));
  return buildConversations([...sentTo, ...carriers], mine).find((c) => waidKey(c.waid) === key);
}
