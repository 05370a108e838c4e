/**
 * The parts the kinds build their bubbles from (./bubble): texts filled in, formatted and cut at
 * their limit, fields read from the payload, media tiles and whether the preview may load them.
 */
import { isObject } from '../json/values';
import { MediaType } from '../media/table';
import { urlExtension } from '../media/urls';
import { isPlaceholderHost, isPublicHost } from '../net/hosts';
import { variableReferencePattern } from '../payload/variables';
import { formatWhatsApp } from '../text/formatting';
import type { MediaTile, RichText, Segment } from './bubble';
import type { PreviewInput } from './kind';

/** The number of UTF-16 units of the first `count` code points of `text`. */
function unitsOf(text: string, count: number): number {
  let units = 0;
  for (let n = 0; n < count && units < text.length; n++) units += text.codePointAt(units)! > 0xffff ? 2 : 1;
  return units;
}

/**
 * A text as WhatsApp shows it: `{{names}}` filled in by `lookup` (what it can't fill stays,
 * marked), formatted, and cut at `limit` code points.
 */
export function richText(raw: string, lookup: (name: string) => string | undefined, limit?: number): RichText {
  let filled = '';
  let from = 0;
  const unfilled: [number, number, string][] = [];
  for (const m of raw.matchAll(variableReferencePattern())) {
    filled += raw.slice(from, m.index);
    const value = lookup(m[1]);
    if (value === undefined) {
      unfilled.push([filled.length, filled.length + m[0].length, m[1]]);
      filled += m[0];
    } else filled += value;
    from = m.index + m[0].length;
  }
  filled += raw.slice(from);
  const chars = [...filled].length;
  const cut = limit !== undefined && chars > limit ? unitsOf(filled, limit) : undefined;
  const bounds = new Set<number>(unfilled.flatMap(([s, e]) => [s, e]));
  if (cut !== undefined) bounds.add(cut);
  const segments: Segment[] = [];
  for (const piece of formatWhatsApp(filled, unfilled.map(([s, e]) => [s, e]))) {
    const { start, ...style } = piece;
    const end = start + piece.text.length;
    const cuts = [start, ...[...bounds].filter((b) => b > start && b < end).sort((a, b) => a - b), end];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const variable = unfilled.find(([s, e]) => s <= cuts[i] && cuts[i + 1] <= e)?.[2];
      const seg: Segment = { ...style, text: filled.slice(cuts[i], cuts[i + 1]) };
      segments.push({ ...seg, ...(variable !== undefined ? { variable } : {}), ...(cut !== undefined && cuts[i] >= cut ? { over: true as const } : {}) });
    }
  }
  return { segments, chars, ...(limit !== undefined ? { limit } : {}) };
}

/** The plain text of a rich text (what a screen reader or a test reads). */
export function plainText(text: RichText | undefined): string {
  return text ? text.segments.map((s) => s.text).join('') : '';
}

/** A string field of an object, when it is one. */
export function stringField(obj: unknown, key: string): string | undefined {
  return isObject(obj) && typeof obj[key] === 'string' ? (obj[key] as string) : undefined;
}

/** A string field as rich text (variables from the environment), when it is a string. */
export function textField(input: PreviewInput, obj: unknown, key: string, limit?: number): RichText | undefined {
  const raw = stringField(obj, key);
  return raw === undefined ? undefined : richText(raw, input.lookup, limit);
}

/** Whether the preview may load an address as an image: https, a public host (not a placeholder), no user name or password. */
export function isLoadableMediaUrl(url: string | undefined): boolean {
  if (!url || url.includes('{{')) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && !parsed.username && !parsed.password && isPublicHost(parsed.hostname) && !isPlaceholderHost(parsed.hostname);
}

/** A media tile from a media object (`url` or `link`, `filename`, `mimeType`, `caption`). */
export function mediaTile(input: PreviewInput, media: MediaType, obj: unknown, urlKey: 'url' | 'link', captionLimit?: number): MediaTile {
  const url = stringField(obj, urlKey) === undefined ? undefined : input.fill(stringField(obj, urlKey)!);
  const filename = stringField(obj, 'filename') === undefined ? undefined : input.fill(stringField(obj, 'filename')!);
  let extension: string | undefined;
  const dot = filename?.lastIndexOf('.') ?? -1;
  if (filename && dot > 0 && dot < filename.length - 1) extension = filename.slice(dot + 1).toLowerCase();
  else if (url) {
    try {
      extension = urlExtension(new URL(url)) || undefined;
    } catch {
      // not a URL yet: no extension to show
    }
  }
  const mime = stringField(obj, 'mimeType');
  const caption = captionLimit === undefined ? undefined : textField(input, obj, 'caption', captionLimit);
  return {
    media,
    loadable: isLoadableMediaUrl(url),
    ...(url !== undefined ? { url } : {}),
    ...(filename !== undefined ? { filename } : {}),
    ...(extension !== undefined ? { extension } : {}),
    ...(mime !== undefined ? { mime: input.fill(mime) } : {}),
    ...(caption !== undefined ? { caption } : {}),
  };
}
