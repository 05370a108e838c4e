/**
 * The events the sandbox's customers post, in Webex Connect's shape (reference, "Inbound"): an
 * incoming message (`"event": "MO"`) with `attachments`, `contacts` and `location` as
 * JSON-encoded strings, and a button or row tap (`"event": "postback"`) whose `transid` and `tid`
 * are the tapped message's transid with `_0` appended.
 */
import { randomUUID } from 'node:crypto';

/** The appId of an event for a customer the sandbox sent nothing to (the built-in environment's WAAppid). */
export const DEFAULT_APP_ID = 'sandbox-whatsapp-app';
const SERVICE = { serviceId: 'sandbox-service', serviceName: 'Webex Connect sandbox', flowId: 'sandbox-flow', flowName: 'Sandbox customer events', messagingAPI: 'v1' };

export interface Attachment {
  readonly url: string;
  readonly mimeType: string;
  readonly caption?: string;
}

export interface Location {
  readonly latitude: number;
  readonly longitude: number;
  readonly name?: string;
  readonly address?: string;
}

/** What the customer writes: one of a text, a location, contacts or an attachment. */
export type Written =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'location'; readonly location: Location }
  | { readonly kind: 'contacts'; readonly contacts: readonly unknown[] }
  | { readonly kind: 'attachment'; readonly attachment: Attachment };

export interface Who {
  readonly waid: string;
  readonly appId: string;
  /** The customer's profile name. */
  readonly username: string;
}

/** `ts` with this machine's offset (`2026-12-03T18:16:35.123+05:30`), as postbacks carry it. */
export function localTimestamp(ms: number): string {
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function dataIntegration(who: Who): Record<string, unknown> {
  return { context: { ...SERVICE }, appContext: { appId: who.appId, channel: 'WhatsApp' } };
}

/** An MO event: the customer wrote. */
export function moEvent(who: Who, written: Written, now: number): Record<string, unknown> {
  const iso = new Date(now).toISOString();
  const attachments =
    written.kind === 'attachment'
      ? JSON.stringify([{ mime_type: written.attachment.mimeType, ...(written.attachment.caption !== undefined ? { caption: written.attachment.caption } : {}), url: written.attachment.url }])
      : '[]';
  return {
    event: 'MO',
    channel: 'WhatsApp',
    appId: who.appId,
    waid: who.waid,
    userId: who.waid,
    username: who.username,
    tid: randomUUID(),
    message: written.kind === 'text' ? written.text : written.kind === 'attachment' ? (written.attachment.caption ?? '') : '',
    system: '',
    attachments,
    contacts: written.kind === 'contacts' ? JSON.stringify(written.contacts) : '',
    location: written.kind === 'location' ? JSON.stringify(written.location) : '',
    ts: iso,
    datetime: iso,
    dataIntegration: dataIntegration(who),
  };
}

/** A postback event: the customer tapped a button or row of the message `transid`. */
export function postbackEvent(who: Who, tap: { transid: string; buttonPayload: string; buttonText: string }, now: number): Record<string, unknown> {
  const tid = `${tap.transid}_0`;
  return {
    event: 'postback',
    channel: 'WhatsApp',
    appId: who.appId,
    waid: who.waid,
    userId: who.waid,
    username: who.username,
    buttonText: tap.buttonText,
    buttonPayload: tap.buttonPayload,
    transid: tid,
    tid,
    clientUUID: randomUUID(),
    'x-wx-gtrid': randomUUID(),
    errors: [],
    identityKeyHash: '',
    ts: localTimestamp(now),
    dataIntegration: dataIntegration(who),
  };
}
