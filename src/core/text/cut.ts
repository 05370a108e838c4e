/** Cutting untrusted text to a stored length: what a sender posts can be any size, what is kept is bounded. */

/** The mark a cut text ends with. */
export const CUT_MARK = '…';

/**
 * `text` at most `max` characters (UTF-16 units) long: longer text keeps its first `max - 1`
 * characters and ends with "…". A surrogate pair is never split (the cut moves back one unit).
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - CUT_MARK.length);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + CUT_MARK;
}

/** A JSON-like value with every string in it (at any depth, keys excepted) cut to `max` characters. */
export function cutStrings<T>(value: T, max: number): T {
  if (typeof value === 'string') return cutText(value, max) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => cutStrings(v, max)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: cutStrings(v, max), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}

/** The size of a value as stored (its JSON, in UTF-8 bytes). */
export function storedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}
