/**
 * The bodies Webex Connect posts to an app's outbound webhook for the customer's events, in its
 * shape (reference: "Inbound"): the sandbox posts them when it plays the customer, tests build
 * events with them. `attachments`, `contacts` and `location` are JSON-encoded strings, as there.
 */
import { randomUUID } from 'node:crypto';
import type { InboundAttachment, InboundContact, InboundLocation } from './parts';

/** Who writes, to which app, when (ISO; now by default). */
export interface EventOrigin {
  readonly waid: string;
  readonly appId: string;
  readonly username?: string;
  readonly at?: string;
}

/** The `dataIntegration` block every event carries (its context as Webex Connect fills it for an app webhook). */
function dataIntegration(appId: string) {
  return { context: { serviceId: '', serviceName: '', flowId: '', flowName: '', messagingAPI: 'true' }, appContext: { appId } };
}

/** An incoming message (`"event": "MO"`): text, and media, contacts or a location as JSON strings (`""` when none). */
export function moEventBody(
  origin: EventOrigin,
  message: { text?: string; attachments?: readonly Partial<InboundAttachment>[]; contacts?: readonly Partial<InboundContact>[]; location?: Partial<InboundLocation>; tid?: string },
): Record<string, unknown> {
  const at = origin.at ?? new Date().toISOString();
  const attachments = (message.attachments ?? []).map((a) => ({ mime_type: a.mimeType ?? '', caption: a.caption ?? '', url: a.url ?? '', ...(a.filename ? { filename: a.filename } : {}) }));
  const contacts = (message.contacts ?? []).map((c) => ({ name: { formatted_name: c.name ?? '' }, phones: (c.phones ?? []).map((phone) => ({ phone })), emails: (c.emails ?? []).map((email) => ({ email })) }));
  return {
    event: 'MO',
    channel: 'WhatsApp',
    appId: origin.appId,
    waid: origin.waid,
    userId: origin.waid,
    username: origin.username ?? '',
    tid: message.tid ?? randomUUID(),
    message: message.text ?? '',
    system: 'whatsapp',
    ts: at,
    datetime: at,
    attachments: attachments.length > 0 ? JSON.stringify(attachments) : '',
    contacts: contacts.length > 0 ? JSON.stringify(contacts) : '',
    location: message.location ? JSON.stringify(message.location) : '',
    dataIntegration: dataIntegration(origin.appId),
  };
}

/** A tap on a reply button or list row (`"event": "postback"`) of the message sent with `transid`; its transid and tid are `<transid>_<n>`. */
export function postbackEventBody(origin: EventOrigin, tap: { transid: string; buttonPayload: string; buttonText: string; n?: number }): Record<string, unknown> {
  const at = origin.at ?? new Date().toISOString();
  const id = `${tap.transid}_${tap.n ?? 0}`;
  return {
    event: 'postback',
    channel: 'WhatsApp',
    appId: origin.appId,
    waid: origin.waid,
    userId: origin.waid,
    username: origin.username ?? '',
    clientUUID: randomUUID(),
    'x-wx-gtrid': randomUUID(),
    transid: id,
    tid: id,
    buttonText: tap.buttonText,
    buttonPayload: tap.buttonPayload,
    errors: [],
    identityKeyHash: '',
    ts: at,
    dataIntegration: dataIntegration(origin.appId),
  };
}
