/** Where a payload carries media: media messages, reply-button header media and template media parameters. */
import type { JsonPath } from '../json/jsonc';
import { isObject, own, valueAt } from '../json/values';
import { WA_PATH, waOf } from '../payload/envelope';
import { MEDIA_TYPES, MediaType, isMediaType } from './table';

/**
 * Where a media object sits and how it names its link: a media message's `wa.<type>` (`url` and
 * `mimeType`), a reply-button header's media (`url`, no MIME type) or a template's media
 * parameter (`link`, no MIME type). Without a MIME type the URL's extension is checked against
 * every extension the type takes.
 */
export interface MediaPlace {
  readonly type: MediaType;
  readonly path: JsonPath;
  readonly urlKey: 'url' | 'link';
  /** Whether the object carries a `mimeType` (media messages only). */
  readonly withMime: boolean;
}

/** Every media object of a payload value: media messages, reply-button header media, template media parameters. */
export function mediaPlaces(value: unknown): MediaPlace[] {
  const out: MediaPlace[] = [];
  const wa = waOf(value);
  if (wa) {
    for (const t of MEDIA_TYPES) if (own(wa, t) && isObject(wa[t])) out.push({ type: t, path: [...WA_PATH, t], urlKey: 'url', withMime: true });
    const header = valueAt(wa, ['reply', 'header']);
    if (isObject(header) && isMediaType(header.type) && isObject(header[header.type])) out.push({ type: header.type, path: [...WA_PATH, 'reply', 'header', header.type], urlKey: 'url', withMime: false });
  }
  const parameters = valueAt(value, ['message', 'parameters']);
  if (isObject(parameters)) {
    for (const t of ['image', 'video', 'document'] as const) if (isObject(parameters[t])) out.push({ type: t, path: ['message', 'parameters', t], urlKey: 'link', withMime: false });
  }
  return out;
}

export interface MediaTarget {
  readonly type: MediaType;
  readonly url: string;
  readonly mimeType: string;
  /** Where the media object sits, for locating its url in the text. */
  readonly path: JsonPath;
}

/**
 * The media of a payload value with their URLs as strings: media messages (in media-type order),
 * then a reply-button header's media and a template's media parameter (their mimeType '').
 */
export function mediaTargets(value: unknown): MediaTarget[] {
  return mediaPlaces(value).flatMap(({ type, path, urlKey }) => {
    const media = valueAt(value, path) as Record<string, unknown>;
    const url = media[urlKey];
    return typeof url === 'string' ? [{ type, url, mimeType: typeof media.mimeType === 'string' ? media.mimeType : '', path }] : [];
  });
}
