/**
 * Characters a URL may not hold as they are (RFC 3986): spaces, non-ASCII letters, quotes,
 * backslashes, `|`, `^`, a `%` that starts no `%XX`… A browser encodes them silently; a
 * server-side downloader may not, and WhatsApp's then fails (7701). Pure text functions.
 */
import { t } from '../text/l10n';
import { variableReferencePattern } from '../payload/variables';

// Unreserved and reserved characters (RFC 3986 §2.2–2.3); `%` is handled on its own.
const ALLOWED = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/;
const PERCENT_ESCAPE = /^%[0-9A-Fa-f]{2}/;

export interface EncodingProblem {
  /** The characters to encode, each once, in order of appearance. */
  readonly characters: string[];
  /** The text with each of them percent-encoded (UTF-8), `{{variables}}` and `%XX` escapes kept, whitespace around it dropped. */
  readonly encoded: string;
}

/** Where the part after the host starts: the path, query or fragment; 0 when the text has no `scheme://host`. */
function afterAuthority(text: string): number {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(text);
  return m ? m[0].length : 0;
}

const encodeChar = (c: string) =>
  [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * The characters of a URL (as written, possibly with `{{variables}}`) that must be percent-encoded,
 * and the URL with them encoded; undefined when there are none. The host is left alone (a
 * non-ASCII host name is written in punycode, not percent-encoded).
 */
export function encodingProblem(written: string): EncodingProblem | undefined {
  // Whitespace around the URL is a slip of the paste, not part of it: the fix drops it.
  const text = written.trim();
  const characters: string[] = [];
  for (const c of written.slice(0, written.length - written.trimStart().length) + written.slice(written.trimEnd().length)) {
    if (!characters.includes(c)) characters.push(c);
  }
  const start = afterAuthority(text);
  // Spans of {{variables}}: kept exactly as written.
  const kept: [number, number][] = [];
  for (const m of text.matchAll(variableReferencePattern())) kept.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  let encoded = text.slice(0, start);
  let i = start;
  let k = 0;
  while (i < text.length) {
    while (k < kept.length && kept[k][1] <= i) k++;
    if (k < kept.length && kept[k][0] <= i) {
      encoded += text.slice(i, kept[k][1]);
      i = kept[k][1];
      continue;
    }
    const c = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (c === '%' ? PERCENT_ESCAPE.test(text.slice(i, i + 3)) : ALLOWED.test(c)) {
      encoded += c;
    } else {
      if (!characters.includes(c)) characters.push(c);
      encoded += encodeChar(c);
    }
    i += c.length;
  }
  return characters.length > 0 ? { characters, encoded } : undefined;
}

/** A character as a person would name it in a message: "a space", "é", "a tab". */
export function describeCharacter(c: string): string {
  if (c === ' ') return t('a space');
  if (c === '\u00a0') return t('a no-break space');
  if (c === '\t') return t('a tab');
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}"`;
}
