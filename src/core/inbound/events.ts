/**
 * What the customer sends back, as Webex Connect posts it to an app's outbound webhook: an
 * incoming message (`"event": "MO"`), a tap on a reply button or a list row (`"event":
 * "postback"`), or an event this module does not know (kept, its fields as text). Read from the
 * parsed body, never throwing: what a customer writes is untrusted text, kept as text and cut to
 * the lengths below so a stored event stays small whatever a sender posts.
 */
import { createHash } from 'node:crypto';
import { isObject, jsonText } from '../json/values';
import { cutText } from '../text/cut';
import { t } from '../text/l10n';
import { readAttachments, readContacts, readLocation, type InboundAttachment, type InboundContact, type InboundLocation } from './parts';

export type { InboundAttachment, InboundContact, InboundLocation } from './parts';

/** The longest message text kept (WhatsApp's own limit for a text body). */
export const INBOUND_TEXT_MAX = 4096;
/** The longest other text field kept (names, ids, titles, captions, an unknown event's field values). */
export const INBOUND_FIELD_MAX = 1024;
/** How many fields of an unknown event are kept (in the order they came). */
export const INBOUND_UNKNOWN_FIELDS_MAX = 50;
/** How far in the future an event's own time may be (clock skew) before receivedAt is used instead. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

/** What every event has. */
interface InboundCommon {
  /** A stable id of the event's body (Webex Connect retries a post: the same body is the same event). */
  readonly id: string;
  /** When it happened: the event's `ts`/`datetime` when readable, else receivedAt (ISO, UTC). */
  readonly at: string;
  /** When the receiver took it (ISO). */
  readonly receivedAt: string;
  /** The customer (`waid`); empty when the event named none. */
  readonly waid: string;
  /** The app the customer wrote to (`appId`); may be empty. */
  readonly appId: string;
  /** The customer's WhatsApp profile name (`username`); may be empty. */
  readonly name: string;
  /** What could not be read as expected (a field that is not JSON, a time that is not a time), in the user's language. */
  readonly notes: readonly string[];
}

/** An incoming message (`MO`): text, media, location, contacts. */
export interface InboundMessage extends InboundCommon {
  readonly type: 'message';
  /** `message`: what the customer wrote (or a caption's text); may be empty. */
  readonly text: string;
  readonly attachments: readonly InboundAttachment[];
  readonly contacts: readonly InboundContact[];
  readonly location?: InboundLocation;
  /** Webex Connect's id of the message (`tid`); may be empty. */
  readonly tid: string;
}

/** A tap on a reply button or a list row (`postback`), joined to its send by `transid`. */
export interface InboundTap extends InboundCommon {
  readonly type: 'tap';
  /** The transid of the message that carried the button: the event's `transid` without its `_<n>`. */
  readonly transid: string;
  /** The event's `transid` as sent (`<transid>_<n>`). */
  readonly rawTransid: string;
  /** The button's or row's id (`buttonPayload`). */
  readonly payload: string;
  /** The button's or row's title (`buttonText`). */
  readonly title: string;
}

/** One field of an event, as text. */
export interface InboundField {
  readonly name: string;
  readonly value: string;
}

/** An event this module does not know: kept, every field as text, never dropped. */
export interface InboundUnknown extends InboundCommon {
  readonly type: 'unknown';
  /** The `event` field as sent; may be empty. */
  readonly event: string;
  /** Its top-level fields in order (objects as JSON text), at most INBOUND_UNKNOWN_FIELDS_MAX. */
  readonly fields: readonly InboundField[];
}

export type InboundEvent = InboundMessage | InboundTap | InboundUnknown;

/** A delivery report's body (`{"deliveryInfoNotification": …}`), as opposed to the customer's events. */
export function isDeliveryReportBody(body: unknown): boolean {
  return isObject(body) && Object.hasOwn(body, 'deliveryInfoNotification');
}

/**
 * Whether a parsed body is one of the customer's events: any JSON object that is not a delivery
 * report (an event of a kind this module does not know is kept as `unknown`, not refused).
 */
export function isInboundEvent(body: unknown): body is Record<string, unknown> {
  return isObject(body) && !isDeliveryReportBody(body);
}

/** A field as text: strings as they are, numbers and booleans written out, anything else empty. */
export function fieldText(v: unknown, max = INBOUND_FIELD_MAX): string {
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  return cutText(s, max);
}

/** An own field of the body (never one from Object.prototype). */
const field = (body: Record<string, unknown>, name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined);

/** The id of a body: the first 24 hex digits of the SHA-256 of its JSON. */
function idOf(body: unknown): string {
  return createHash('sha256').update(jsonText(body)).digest('hex').slice(0, 24);
}

/** The ISO time of `ts` or `datetime` (ISO text, or Unix seconds or milliseconds), when readable and not far in the future. */
function timeOf(body: Record<string, unknown>, receivedAt: string, notes: string[]): string {
  const received = Date.parse(receivedAt);
  for (const name of ['ts', 'datetime']) {
    const v = field(body, name);
    if (v === undefined || v === '' || v === null) continue;
    const ms = epochOf(v);
    if (ms === undefined) {
      notes.push(t('"{0}" is not a time ({1}); the time it was received is shown.', name, cutText(jsonText(v), 80)));
      continue;
    }
    if (Number.isFinite(received) && ms > received + FUTURE_SKEW_MS) {
      notes.push(t('"{0}" is in the future ({1}); the time it was received is shown.', name, new Date(ms).toISOString()));
      continue;
    }
    return new Date(ms).toISOString();
  }
  return receivedAt;
}

/** Milliseconds since 1970 of an ISO date-time or a Unix time in seconds or milliseconds; undefined otherwise. */
function epochOf(v: unknown): number | undefined {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{9,13}$/.test(v))) {
    const n = Number(v);
    const ms = n < 1e11 ? n * 1000 : n;
    return Number.isFinite(ms) && ms > 0 && ms < 8.64e15 ? ms : undefined;
  }
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The transid of the send a tap answers: `<transid>_<n>` without `_<n>`. */
export function sendTransidOf(rawTransid: string): string {
  const m = /^(.+)_\d+$/.exec(rawTransid);
  return m ? m[1] : rawTransid;
}

function eventName(body: Record<string, unknown>): string {
  return fieldText(field(body, 'event'));
}

/** Whether a body reads as a tap: a postback, or (a list row pick, whose field names the samples don't show) any event with a button payload or title and a transid. */
function isTap(body: Record<string, unknown>, event: string): boolean {
  if (event.toLowerCase() === 'postback') return true;
  if (event.toUpperCase() === 'MO') return false;
  const has = (name: string) => typeof field(body, name) === 'string' && field(body, name) !== '';
  return (has('buttonPayload') || has('buttonText')) && (has('transid') || has('tid'));
}

/**
 * Reads one of the customer's events from its parsed body, never throwing: an `MO` is a message,
 * a `postback` (or a list row pick) a tap, anything else an unknown event with its fields as
 * text. `receivedAt`: when the receiver took it (ISO).
 */
export function readInboundEvent(body: unknown, receivedAt: string): InboundEvent {
  const notes: string[] = [];
  if (!isObject(body)) {
    notes.push(t('The body is not a JSON object.'));
    return { type: 'unknown', id: idOf(body), at: receivedAt, receivedAt, waid: '', appId: '', name: '', notes, event: '', fields: [{ name: '', value: cutText(jsonText(body), INBOUND_FIELD_MAX) }] };
  }
  const common = {
    id: idOf(body),
    at: timeOf(body, receivedAt, notes),
    receivedAt,
    waid: fieldText(field(body, 'waid')),
    appId: fieldText(field(body, 'appId')),
    name: fieldText(field(body, 'username')),
    notes,
  };
  const event = eventName(body);
  if (event.toUpperCase() === 'MO') {
    // Read in this order, so the notes are in the order of the fields.
    const attachments = readAttachments(field(body, 'attachments'), notes);
    const contacts = readContacts(field(body, 'contacts'), notes);
    const location = readLocation(field(body, 'location'), notes);
    return {
      type: 'message',
      ...common,
      text: fieldText(field(body, 'message'), INBOUND_TEXT_MAX),
      attachments,
      contacts,
      ...(location ? { location } : {}),
      tid: fieldText(field(body, 'tid')),
    };
  }
  if (isTap(body, event)) {
    const rawTransid = fieldText(field(body, 'transid')) || fieldText(field(body, 'tid'));
    if (!rawTransid) notes.push(t('The tap names no "transid", so the message it answers is not known.'));
    return { type: 'tap', ...common, transid: sendTransidOf(rawTransid), rawTransid, payload: fieldText(field(body, 'buttonPayload')), title: fieldText(field(body, 'buttonText')) };
  }
  return { type: 'unknown', ...common, event, fields: fieldsOf(body) };
}

/** An object's own fields, in order, as text (objects and arrays as their JSON), bounded. */
function fieldsOf(body: Record<string, unknown>): InboundField[] {
  return Object.keys(body)
    .slice(0, INBOUND_UNKNOWN_FIELDS_MAX)
    .map((name) => {
      const v = body[name];
      const value = typeof v === 'string' ? v : v !== null && typeof v === 'object' ? jsonText(v) : String(v);
      return { name: cutText(name, INBOUND_FIELD_MAX), value: cutText(value, INBOUND_FIELD_MAX) };
    });
}
