/**
 * What a client may ask of the sandbox's customers, read strictly: every field's type, range and
 * length, no unknown field, exactly one thing written at a time. Anything else is a refusal that
 * says which field and why (answered 400).
 */
import { isObject } from '../core/json/values';
import type { Attachment, Location, Written } from './customerEvents';

export type Refused = { readonly refused: string };

/** A customer's action: writing something, or tapping a button or row of a message sent to it. */
export interface Tap {
  readonly transid: string;
  readonly buttonPayload: string;
  /** The title tapped; the sandbox fills it in from the message when it is not given. */
  readonly buttonText?: string;
}

export type CustomerAction = { readonly write: Written; readonly name?: string } | { readonly tap: Tap; readonly name?: string };

const TEXT_MAX = 4096;
const CAPTION_MAX = 1024;
const NAME_MAX = 256;
const ID_MAX = 256;
const CONTACTS_MAX = 20;
const WRITTEN = ['text', 'location', 'contacts', 'attachment'] as const;
const TAP = ['transid', 'buttonPayload', 'buttonText'] as const;
const WAID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The waid of a path segment, or why it is none. */
export function readWaid(segment: string): { waid: string } | Refused {
  let waid: string;
  try {
    waid = decodeURIComponent(segment);
  } catch {
    return { refused: 'the waid in the path is not valid percent-encoding' };
  }
  if (waid.startsWith('+')) return { refused: `waid ${JSON.stringify(waid)}: write the number without "+", in international form (16505551234)` };
  if (!WAID.test(waid)) return { refused: `waid ${JSON.stringify(waid.slice(0, 80))}: a WhatsApp id is letters, digits, ".", "_" or "-", at most 64 (16505551234)` };
  return { waid };
}

const unknownFields = (body: Record<string, unknown>, allowed: readonly string[]): string[] => Object.keys(body).filter((k) => !allowed.includes(k));

function textField(body: Record<string, unknown>, field: string, max: number, where = field): string | Refused | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return { refused: `"${where}" must be a string` };
  if (value.length > max) return { refused: `"${where}" is longer than ${max} characters (${value.length})` };
  return value;
}

const isRefused = (v: unknown): v is Refused => isObject(v) && typeof v.refused === 'string';

function readLocation(value: unknown): Location | Refused {
  if (!isObject(value)) return { refused: '"location" must be an object: { "latitude": number, "longitude": number, "name"?, "address"? }' };
  const extra = unknownFields(value, ['latitude', 'longitude', 'name', 'address']);
  if (extra.length) return { refused: `"location" has unknown fields: ${extra.join(', ')}` };
  const { latitude, longitude } = value;
  if (typeof latitude !== 'number' || !Number.isFinite(latitude) || latitude < -90 || latitude > 90) return { refused: '"location.latitude" must be a number from -90 to 90' };
  if (typeof longitude !== 'number' || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) return { refused: '"location.longitude" must be a number from -180 to 180' };
  const name = textField(value, 'name', NAME_MAX * 4, 'location.name');
  const address = textField(value, 'address', NAME_MAX * 4, 'location.address');
  if (isRefused(name)) return name;
  if (isRefused(address)) return address;
  return { latitude, longitude, ...(name !== undefined ? { name } : {}), ...(address !== undefined ? { address } : {}) };
}

function readContacts(value: unknown): readonly unknown[] | Refused {
  if (!Array.isArray(value) || value.length === 0 || value.length > CONTACTS_MAX) return { refused: `"contacts" must be an array of 1 to ${CONTACTS_MAX} contacts` };
  for (const [i, c] of value.entries()) {
    const name = isObject(c) && isObject(c.name) ? c.name.formatted_name : undefined;
    if (typeof name !== 'string' || name.trim() === '') return { refused: `"contacts[${i}].name.formatted_name" must be a non-empty string` };
  }
  return value;
}

function readAttachment(value: unknown): Attachment | Refused {
  if (!isObject(value)) return { refused: '"attachment" must be an object: { "url": "https://…", "mimeType": "image/jpeg", "caption"? }' };
  const extra = unknownFields(value, ['url', 'mimeType', 'caption']);
  if (extra.length) return { refused: `"attachment" has unknown fields: ${extra.join(', ')}` };
  const url = textField(value, 'url', 2048, 'attachment.url');
  if (url === undefined || isRefused(url)) return url ?? { refused: '"attachment.url" is missing' };
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return { refused: '"attachment.url" must be an http(s) URL' };
  const mimeType = value.mimeType;
  if (typeof mimeType !== 'string' || !/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i.test(mimeType)) return { refused: '"attachment.mimeType" must be a MIME type such as "image/jpeg"' };
  const caption = textField(value, 'caption', CAPTION_MAX, 'attachment.caption');
  if (isRefused(caption)) return caption;
  return { url, mimeType, ...(caption !== undefined ? { caption } : {}) };
}

function readWritten(body: Record<string, unknown>, field: (typeof WRITTEN)[number]): Written | Refused {
  switch (field) {
    case 'text': {
      const text = textField(body, 'text', TEXT_MAX);
      if (isRefused(text)) return text;
      if (!text || text.trim() === '') return { refused: '"text" must not be empty' };
      return { kind: 'text', text };
    }
    case 'location': {
      const location = readLocation(body.location);
      return isRefused(location) ? location : { kind: 'location', location };
    }
    case 'contacts': {
      const contacts = readContacts(body.contacts);
      return isRefused(contacts) ? contacts : { kind: 'contacts', contacts };
    }
    case 'attachment': {
      const attachment = readAttachment(body.attachment);
      return isRefused(attachment) ? attachment : { kind: 'attachment', attachment };
    }
  }
}

function readTap(body: Record<string, unknown>): Tap | Refused {
  const transid = textField(body, 'transid', ID_MAX);
  const buttonPayload = textField(body, 'buttonPayload', ID_MAX);
  const buttonText = textField(body, 'buttonText', ID_MAX);
  for (const v of [transid, buttonPayload, buttonText]) if (isRefused(v)) return v;
  if (!transid) return { refused: '"transid" must be the transid of the message whose button or row is tapped' };
  if (!buttonPayload) return { refused: '"buttonPayload" must be the id of the button or row tapped' };
  return { transid: transid as string, buttonPayload: buttonPayload as string, ...(buttonText !== undefined ? { buttonText: buttonText as string } : {}) };
}

/** The action a POST /sandbox/customers/{waid}/messages body asks for, or why it is refused. */
export function readCustomerAction(body: unknown): CustomerAction | Refused {
  if (!isObject(body)) return { refused: 'the body must be a JSON object: {"text": "…"}, {"location": {…}}, {"contacts": […]}, {"attachment": {…}} or {"transid", "buttonPayload", "buttonText"}' };
  const extra = unknownFields(body, [...WRITTEN, ...TAP, 'name']);
  if (extra.length) return { refused: `unknown fields: ${extra.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}` };
  const name = textField(body, 'name', NAME_MAX);
  if (isRefused(name)) return name;
  const withName = name !== undefined ? { name } : {};
  const written = WRITTEN.filter((k) => body[k] !== undefined);
  const tapping = TAP.some((k) => body[k] !== undefined);
  if (written.length + (tapping ? 1 : 0) !== 1) {
    return { refused: `give exactly one of "text", "location", "contacts", "attachment" or a tap ("transid" + "buttonPayload"); got ${written.length + (tapping ? 1 : 0) === 0 ? 'none' : [...written, ...(tapping ? ['a tap'] : [])].join(' and ')}` };
  }
  if (tapping) {
    const tap = readTap(body);
    return isRefused(tap) ? tap : { tap, ...withName };
  }
  const write = readWritten(body, written[0]);
  return isRefused(write) ? write : { write, ...withName };
}

/** `{"open": true|false}` of POST /sandbox/customers/{waid}/window, or why it is refused. */
export function readWindowChange(body: unknown): { open: boolean } | Refused {
  if (!isObject(body) || typeof body.open !== 'boolean' || Object.keys(body).length !== 1) return { refused: 'the body must be {"open": true} or {"open": false}' };
  return { open: body.open };
}

/** `{"url": "…"}` of PUT /sandbox/webhook, or why it is refused. */
export function readWebhookChange(body: unknown): { url: unknown } | Refused {
  if (!isObject(body) || !('url' in body) || Object.keys(body).length !== 1) return { refused: 'the body must be {"url": "http://127.0.0.1:PORT/…"}' };
  return { url: body.url };
}

export { isRefused };
