/**
 * Fixes for a MIME type WhatsApp refuses for its message (the schema reports it, e.g. "image/gif"
 * in an image): the type the URL's extension says the file is, or the one the value itself names
 * (`jpeg`, `image/x-png`, `audio/mp3`), offered only when WhatsApp accepts it for that message.
 */
import { JsonPath, ParsedPayload, placesOf } from '../json/jsonc';
import { valueAt } from '../json/values';
import { canonicalMime, extensionMime, normalizeMime } from '../media/mime';
import { mediaPlaces } from '../media/places';
import { MediaSpec, MEDIA } from '../media/table';
import { urlExtension } from '../media/urls';
import { t } from '../text/l10n';
import { FixSite, quickFixOf, setFix } from './findings';

const stringAt = (parsed: ParsedPayload, path: JsonPath): string | undefined => {
  const value = valueAt(parsed.value, path);
  return typeof value === 'string' ? value : undefined;
};

/** The accepted MIME type a file extension stands for within a media type, if any. */
function acceptedFor(spec: MediaSpec, ext: string): string | undefined {
  const mime = ext ? extensionMime(ext.toLowerCase()) : undefined;
  return mime ? canonicalMime(spec, mime) : undefined;
}

/** What the URL's file extension says, when the URL is written out (no variables). */
function fromUrl(spec: MediaSpec, url: string | undefined): string | undefined {
  if (!url || url.includes('{{')) return undefined;
  try {
    return acceptedFor(spec, urlExtension(new URL(url)));
  } catch {
    return undefined;
  }
}

/** What the value names itself: an extension for a type (`jpeg`), or a subtype that is one (`image/x-png`, `audio/mp3`). */
function fromValue(spec: MediaSpec, mime: string): string | undefined {
  const normal = normalizeMime(mime);
  const sub = normal.includes('/') ? normal.slice(normal.indexOf('/') + 1) : normal;
  return acceptedFor(spec, sub.replace(/^x-/, ''));
}

/** The fix sites for refused MIME types of media messages (none when the text has syntax errors). */
export function mimeFixes(parsed: ParsedPayload): FixSite[] {
  if (parsed.problems.length > 0) return [];
  const wanted: { path: JsonPath; mimes: string[] }[] = [];
  for (const place of mediaPlaces(parsed.value)) {
    if (!place.withMime) continue;
    const spec = MEDIA[place.type];
    const path = [...place.path, 'mimeType'];
    const mime = stringAt(parsed, path);
    if (mime === undefined || mime.includes('{{') || canonicalMime(spec, mime)) continue;
    const mimes = [fromUrl(spec, stringAt(parsed, [...place.path, place.urlKey])), fromValue(spec, mime)].filter((m): m is string => m !== undefined);
    if (mimes.length > 0) wanted.push({ path, mimes: [...new Set(mimes)] });
  }
  if (wanted.length === 0) return [];
  const placeAt = placesOf(parsed, wanted.map((w) => w.path));
  return wanted.flatMap(({ path, mimes }) => {
    const place = placeAt(path);
    return place ? mimes.map((m) => ({ offset: place.offset, length: place.length, fix: quickFixOf(parsed, setFix(t('Set mimeType to "{0}"', m), path, m)) })) : [];
  });
}
