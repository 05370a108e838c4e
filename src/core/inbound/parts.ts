/**
 * The parts of an incoming message that Webex Connect posts as JSON-encoded strings, not objects:
 * `attachments`, `contacts` and `location` (empty is `""` or `"[]"`). Each is read from its string
 * (an object or array given as is is read too); a string that is not JSON, or JSON of another
 * shape, leaves a note, never a throw. Every text is cut to a stored length.
 */
import { isObject, jsonText } from '../json/values';
import { cutText } from '../text/cut';
import { t } from '../text/l10n';

const FIELD_MAX = 1024;
const URL_MAX = 2048;
/** How many attachments and contacts of one message are kept (WhatsApp sends one attachment per message). */
export const INBOUND_PARTS_MAX = 20;
/** How many phones and e-mail addresses of one contact are kept. */
const CONTACT_ENTRIES_MAX = 10;
/** How much of a part that could not be read is quoted in its note. */
const QUOTE_MAX = 200;

/** A media file the customer sent: a link, never loaded. */
export interface InboundAttachment {
  readonly mimeType: string;
  readonly url: string;
  readonly caption: string;
  /** A document's file name; may be empty. */
  readonly filename: string;
}

/** A contact card the customer shared. */
export interface InboundContact {
  readonly name: string;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

/** A location the customer shared. */
export interface InboundLocation {
  /** Absent when the event's value is not a latitude (−90…90). */
  readonly latitude?: number;
  /** Absent when the event's value is not a longitude (−180…180). */
  readonly longitude?: number;
  readonly name: string;
  readonly address: string;
  readonly url: string;
}

const text = (v: unknown, max = FIELD_MAX): string => cutText(typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '', max);
const get = (o: Record<string, unknown>, ...names: string[]): unknown => {
  for (const name of names) if (Object.hasOwn(o, name) && o[name] !== undefined && o[name] !== null) return o[name];
  return undefined;
};

/**
 * The JSON inside a part's string, or the value itself when it is not a string; undefined for an
 * empty part (absent, null, `""`, `"[]"`, `"{}"`) and for one that is not JSON (with a note).
 */
function decoded(name: string, value: unknown, notes: string[]): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return value;
  const s = value.trim();
  if (s === '') return undefined;
  try {
    return JSON.parse(s);
  } catch {
    notes.push(t('"{0}" is not JSON, so it could not be read: {1}', name, cutText(value, QUOTE_MAX)));
    return undefined;
  }
}

/** The note for a part of another shape, quoting it. */
function shapeNote(name: string, value: unknown, expected: string, notes: string[]): void {
  notes.push(t('"{0}" is not {1}, so it could not be read: {2}', name, expected, cutText(typeof value === 'string' ? value : jsonText(value), QUOTE_MAX)));
}

/** A list part: an array of objects (a lone object counts as a list of one). */
function listOf(name: string, value: unknown, expected: string, notes: string[]): Record<string, unknown>[] {
  const parsed = decoded(name, value, notes);
  if (parsed === undefined) return [];
  const items = Array.isArray(parsed) ? parsed : isObject(parsed) && Object.keys(parsed).length > 0 ? [parsed] : isObject(parsed) ? [] : undefined;
  if (!items || !items.every(isObject)) {
    shapeNote(name, value, expected, notes);
    return (items ?? []).filter(isObject).slice(0, INBOUND_PARTS_MAX);
  }
  if (items.length > INBOUND_PARTS_MAX) notes.push(t('"{0}" has {1} entries; the first {2} are kept.', name, items.length, INBOUND_PARTS_MAX));
  return items.slice(0, INBOUND_PARTS_MAX);
}

/** The attachments of a message (`[{"mime_type", "caption", "url"}]`). */
export function readAttachments(value: unknown, notes: string[]): InboundAttachment[] {
  return listOf('attachments', value, t('a list of attachments'), notes).map((a) => ({
    mimeType: text(get(a, 'mime_type', 'mimeType', 'contentType', 'type')),
    url: text(get(a, 'url', 'link'), URL_MAX),
    caption: text(get(a, 'caption')),
    filename: text(get(a, 'filename', 'fileName', 'name')),
  }));
}

/** A contact's name: WhatsApp's `name.formatted_name` (or first and last), or a plain string. */
function contactName(c: Record<string, unknown>): string {
  const name = get(c, 'name');
  if (typeof name === 'string') return text(name);
  if (!isObject(name)) return '';
  const formatted = get(name, 'formatted_name', 'formattedName');
  if (typeof formatted === 'string' && formatted !== '') return text(formatted);
  return text([get(name, 'first_name', 'firstName'), get(name, 'last_name', 'lastName')].filter((p) => typeof p === 'string' && p !== '').join(' '));
}

/** The entries of a contact's list (`phones: [{"phone"}]`, `emails: [{"email"}]`), or of plain strings. */
function entries(c: Record<string, unknown>, list: string, key: string): string[] {
  const v = get(c, list);
  if (!Array.isArray(v)) return [];
  return v
    .map((e) => (isObject(e) ? text(get(e, key, 'wa_id')) : text(e)))
    .filter((s) => s !== '')
    .slice(0, CONTACT_ENTRIES_MAX);
}

/** The contact cards of a message (WhatsApp's contacts array, JSON-encoded). */
export function readContacts(value: unknown, notes: string[]): InboundContact[] {
  return listOf('contacts', value, t('a list of contacts'), notes).map((c) => ({ name: contactName(c), phones: entries(c, 'phones', 'phone'), emails: entries(c, 'emails', 'email') }));
}

/** A coordinate within ±limit, from a number or numeric text; undefined otherwise. */
function coordinate(v: unknown, limit: number): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

/** The location of a message (`{"latitude", "longitude", "name", "address", "url"}`, JSON-encoded; a list of one is read too). */
export function readLocation(value: unknown, notes: string[]): InboundLocation | undefined {
  const parsed = decoded('location', value, notes);
  if (parsed === undefined) return undefined;
  const one = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : parsed;
  if (Array.isArray(one) && one.length === 0) return undefined;
  if (!isObject(one)) {
    shapeNote('location', value, t('a location'), notes);
    return undefined;
  }
  if (Object.keys(one).length === 0) return undefined;
  const latitude = coordinate(get(one, 'latitude', 'lat'), 90);
  const longitude = coordinate(get(one, 'longitude', 'long', 'lng'), 180);
  if (latitude === undefined || longitude === undefined) shapeNote('location', value, t('a location with a latitude and a longitude'), notes);
  return {
    ...(latitude !== undefined ? { latitude } : {}),
    ...(longitude !== undefined ? { longitude } : {}),
    name: text(get(one, 'name')),
    address: text(get(one, 'address')),
    url: text(get(one, 'url'), URL_MAX),
  };
}
