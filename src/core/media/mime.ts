/** MIME types of media: the one canonical spelling, what an extension is, and the extensions a MIME type takes. */
import { MEDIA_MIME_BY_EXTENSION, OTHER_KNOWN_EXTENSIONS } from '../generated/mediaExtensions';
import { MEDIA, MEDIA_TYPES, MediaSpec } from './table';

// A Map, not an object: a value such as "constructor" must not find Object.prototype.
let mimeAliases: ReadonlyMap<string, string> | undefined;

/**
 * The one canonical-MIME lookup: how WhatsApp documents the MIME type a spelling stands for
 * (trimmed, lower case, the docs' aliases such as `image/jpg` mapped), whatever the media type.
 * Parameters (`; charset=…`) are the caller's to drop.
 */
export function normalizeMime(value: string): string {
  mimeAliases ??= new Map(MEDIA_TYPES.flatMap((type) => Object.entries(MEDIA[type].aliases).map(([alias, mime]) => [alias.toLowerCase(), mime.toLowerCase()] as const)));
  const lower = value.trim().toLowerCase();
  return mimeAliases.get(lower) ?? lower;
}

/** The canonical MIME type a spelling stands for within a media type (case and aliases), if that type allows it. */
export function canonicalMime(spec: MediaSpec, value: string): string | undefined {
  const normal = normalizeMime(value);
  return spec.mimeTypes.find((m) => m.mime === normal)?.mime;
}

let otherExtensions: Set<string> | undefined;

/**
 * What a file extension is, as mime-types says (its table, reduced at build time to what this
 * needs): the MIME type when some media type takes it, `null` for a known extension of any other
 * type, undefined for an unknown one.
 */
export function extensionMime(ext: string): string | null | undefined {
  if (Object.prototype.hasOwnProperty.call(MEDIA_MIME_BY_EXTENSION, ext)) return MEDIA_MIME_BY_EXTENSION[ext];
  otherExtensions ??= new Set(OTHER_KNOWN_EXTENSIONS.split(' '));
  return otherExtensions.has(ext) ? null : undefined;
}

/** The extensions a canonical MIME type of a media type takes. */
export function extensionsFor(spec: MediaSpec, canonical: string): string[] {
  return [...(spec.mimeTypes.find((m) => m.mime === canonical)?.extensions ?? [])];
}
