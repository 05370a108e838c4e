/**
 * The skeleton of a media message payload, shared by the "New WhatsApp Message…" command,
 * the `wa-<type>` snippets, the schema's default snippets and the samples.
 * Tab order follows what a user fills in: media URL, MIME type, caption, filename, recipient, app id.
 */
import { MEDIA, MediaSpec, MediaType } from './media';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Escapes text for use as a snippet placeholder default (`$`, `}` and `\` are special). */
export function escapeSnippetText(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** Hands out tab stop numbers in order. */
class TabStops {
  private next = 1;
  placeholder(defaultText: string): string {
    return `\${${this.next++}:${escapeSnippetText(defaultText)}}`;
  }
  choice(options: readonly string[]): string {
    return `\${${this.next++}|${options.map((o) => o.replace(/[,|\\$}]/g, (c) => `\\${c}`)).join(',')}|}`;
  }
}

/**
 * The URL the scaffolds put in: a placeholder host (reserved for examples) that the media checks
 * flag until the user types the real link; its extension matches the first MIME type.
 */
export function exampleMediaUrl(spec: MediaSpec): string {
  return `https://cdn.example.com/media/${spec.exampleFile}`;
}

/** Where the samples' media files are published (the project's pages), so samples are real payloads. */
export const SAMPLE_MEDIA_BASE = 'https://wxc-tools.github.io/webex-connect-whatsapp/media/';

export const DEFAULT_CAPTION = 'Caption text';

function mediaBody(spec: MediaSpec, stops: TabStops): { [key: string]: Json } {
  const body: { [key: string]: Json } = {
    url: stops.placeholder(exampleMediaUrl(spec)),
    mimeType: stops.choice(spec.mimeTypes.map((m) => m.mime)),
  };
  if (spec.caption) body.caption = stops.placeholder(DEFAULT_CAPTION);
  if (spec.filename) body.filename = stops.placeholder(spec.exampleFile);
  return body;
}

/** A media object as a snippet body (strings in VS Code snippet syntax), tab stops from 1. */
export function mediaSnippetBody(type: MediaType): { [key: string]: Json } {
  return mediaBody(MEDIA[type], new TabStops());
}

/** A whole payload as a snippet body (strings in VS Code snippet syntax). */
export function payloadSnippetBody(type: MediaType): { [key: string]: Json } {
  const stops = new TabStops();
  const media = mediaBody(MEDIA[type], stops);
  const waid = stops.placeholder('{{waid}}');
  const appid = stops.placeholder('{{WAAppid}}');
  return {
    deliverychannel: 'whatsapp',
    appid,
    destination: [{ waid: [waid] }],
    channels: { 'OTT-Messaging': { wa: { type, [type]: media } } },
  };
}

/**
 * Serialises a snippet body to snippet text. JSON.stringify would double the backslashes of
 * snippet escapes (`\}` → `\\}`), so those are put back; the bodies hold no other backslash.
 */
function toSnippetText(body: Json): string {
  return JSON.stringify(body, null, '\t').replace(/\\\\([$}\\,|])/g, '\\$1');
}

/** The whole payload as snippet text, for `SnippetString` and the snippets file. */
export function payloadSnippet(type: MediaType): string {
  return toSnippetText(payloadSnippetBody(type));
}

/**
 * What the skeleton becomes when every placeholder keeps its default (a schema-valid payload);
 * with `mediaBase`, the media URL points there instead of at the placeholder host.
 */
export function skeletonPayload(type: MediaType, mediaBase?: string): { [key: string]: Json } {
  const spec = MEDIA[type];
  const url = mediaBase ? new URL(spec.exampleFile, mediaBase).href : exampleMediaUrl(spec);
  const media: { [key: string]: Json } = { url, mimeType: spec.mimeTypes[0].mime };
  if (spec.caption) media.caption = DEFAULT_CAPTION;
  if (spec.filename) media.filename = spec.exampleFile;
  return {
    deliverychannel: 'whatsapp',
    appid: '{{WAAppid}}',
    destination: [{ waid: ['{{waid}}'] }],
    channels: { 'OTT-Messaging': { wa: { type, [type]: media } } },
  };
}
