/**
 * The scaffold of a whole payload of any kind, shared by the "New WhatsApp Message…" command,
 * the `wa-<kind>` snippets, the schema's default snippets and the samples. Tab order follows what
 * a user fills in: the message first, then the recipient and the app id.
 */
import { DefaultStops, Json, MessageKind, SnippetStops, Stops } from './kind';
import { kindById } from './';
import { NOTIFY_URL_VARIABLE } from '../payload/variables';

export { escapeSnippetText } from './kind';
export { DEFAULT_CAPTION, exampleMediaUrl } from './media';

/** Where the samples' media files are published (the project's pages), so samples are real payloads. */
export const SAMPLE_MEDIA_BASE = 'https://wxc-tools.github.io/webex-connect-whatsapp/media/';

function kind(id: string): MessageKind {
  const found = kindById(id);
  if (!found) throw new Error(`Unknown message kind ${id}`);
  return found;
}

/** Optional envelope fields a scaffold can carry. */
export interface ScaffoldOptions {
  /** `"notifyurl": "{{notifyurl}}"`: delivery reports to the receiver (offered while it runs; such a payload can't be sent while it is stopped). */
  readonly notifyUrl?: boolean;
  /**
   * Whom it goes to, written in (a reply to customers): their waids and the app id they wrote to,
   * instead of the `{{waid}}` and `{{WAAppid}}` places. Without an app id, `{{WAAppid}}` stays.
   */
  readonly to?: { readonly waids: readonly string[]; readonly appid?: string };
}

/** A whole payload of a kind, its places handed out by `stops`. */
export function payloadScaffold(k: MessageKind, stops: Stops, mediaBase?: string, options: ScaffoldOptions = {}): { [key: string]: Json } {
  const content = k.scaffold(stops, mediaBase);
  const extras = k.scaffoldExtras?.(stops) ?? {};
  const to = options.to;
  const waids = to && to.waids.length > 0 ? to.waids.map((w) => stops.fixed(w)) : [stops.text('{{waid}}')];
  const appid = to?.appid ? stops.fixed(to.appid) : stops.text('{{WAAppid}}');
  const envelope = { deliverychannel: 'whatsapp', appid, destination: [{ waid: waids }], ...(options.notifyUrl ? { notifyurl: `{{${NOTIFY_URL_VARIABLE}}}` } : {}) };
  if (k.placement === 'message') return { ...envelope, message: content };
  return { ...envelope, channels: { 'OTT-Messaging': { wa: { type: k.id, [k.id]: content, ...extras } } } };
}

/** The content object of a kind (`wa.<kind>` or `message`) as a snippet body, tab stops from 1. */
export function contentSnippetBody(id: string): Json {
  return kind(id).scaffold(new SnippetStops());
}

/** A whole payload as a snippet body (strings in VS Code snippet syntax; numbers as raw `^…` strings). */
export function payloadSnippetBody(id: string, options: ScaffoldOptions = {}): { [key: string]: Json } {
  return payloadScaffold(kind(id), new SnippetStops(), undefined, options);
}

/**
 * Serialises a snippet body to snippet text. JSON.stringify would double the backslashes of
 * snippet escapes (`\}` → `\\}`), so those are put back; raw `"^…"` strings (numbers, booleans)
 * lose their quotes. The bodies hold no other backslash.
 */
function toSnippetText(body: Json): string {
  return JSON.stringify(body, null, '\t')
    .replace(/"\^([^"]*)"/g, '$1')
    .replace(/\\\\([$}\\,|])/g, '\\$1');
}

/** The whole payload as snippet text, for `SnippetString` and the snippets file. */
export function payloadSnippet(id: string, options: ScaffoldOptions = {}): string {
  return toSnippetText(payloadSnippetBody(id, options));
}

/**
 * What the scaffold becomes when every place keeps its default (a schema-valid payload);
 * with `mediaBase`, media URLs point there instead of at the placeholder host.
 */
export function skeletonPayload(id: string, mediaBase?: string, options: ScaffoldOptions = {}): { [key: string]: Json } {
  return payloadScaffold(kind(id), new DefaultStops(), mediaBase, options);
}
