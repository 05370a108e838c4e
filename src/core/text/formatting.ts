/**
 * WhatsApp's text formatting, as the customer's phone shows it: `*bold*`, `_italic_`, `~strike~`
 * and ```` ```monospace``` ````, plus http(s) links. Pure: text in, styled pieces out (the preview
 * renders them as text, never as HTML).
 *
 * The rules WhatsApp applies, as observed in its apps:
 * - a marker opens only at the start of the text or after a character that is not a letter or
 *   digit, and only when a non-space follows it (`2*3*4`, `snake_case_name` and `* not bold*` stay
 *   as written);
 * - it closes at the next same marker that follows a non-space and is not followed by a letter or
 *   digit; `*`, `_` and `~` do not reach across a line break; an unclosed marker is plain text;
 * - markers nest (`*_bold italic_*`); nothing is formatted inside ```` ``` ````, which may span lines;
 * - a link is one piece: markers inside it (`https://x.com/a_b_c`) are part of the link.
 */

export interface Styles {
  readonly bold?: true;
  readonly italic?: true;
  readonly strike?: true;
  readonly mono?: true;
}

/** A run of text with one style; `start` is where its text begins in the source (markers are dropped). */
export interface Piece extends Styles {
  readonly text: string;
  readonly start: number;
  /** An http(s) address the piece links to. */
  readonly href?: string;
}

const MARKERS: Readonly<Record<string, keyof Styles>> = { '*': 'bold', _: 'italic', '~': 'strike' };
const FENCE = '```';
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
// Up to the first space; trailing punctuation that usually ends a sentence is not part of it.
const LINK = /\bhttps?:\/\/[^\s<>"]+/gi;

const isWord = (c: string | undefined) => c !== undefined && WORD.test(c);
const isSpace = (c: string | undefined) => c === undefined || SPACE.test(c);

/** Where the links of a text are: [start, end) each, in order. */
export function linkRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(LINK)) {
    let end = m.index + m[0].length;
    while (end > m.index && /[.,;:!?)\]}'*_~]/.test(text[end - 1])) {
      // A closing bracket that has its opening one inside the link stays (Wikipedia-style URLs).
      if (text[end - 1] === ')' && text.slice(m.index, end).split('(').length > text.slice(m.index, end).split(')').length - 1) break;
      end--;
    }
    if (end > m.index + 'https://'.length - 1) out.push([m.index, end]);
  }
  return out;
}

/**
 * The styled pieces of a WhatsApp text. `atomic` ranges (links, unfilled `{{variables}}`) are never
 * split by a marker; links among them are given with `links`.
 */
export function formatWhatsApp(text: string, atomic: readonly [number, number][] = []): Piece[] {
  const links = linkRanges(text);
  const blocks = [...links, ...atomic].sort((a, b) => a[0] - b[0]);
  const blockAt = new Map<number, number>();
  for (const [s, e] of blocks) blockAt.set(s, Math.max(e, blockAt.get(s) ?? 0));
  const hrefAt = new Map(links.map(([s, e]) => [s, text.slice(s, e)]));
  const out: Piece[] = [];

  const emit = (from: number, to: number, styles: Styles) => {
    // Plain text and links as separate pieces, so a link can carry the styles around it.
    let at = from;
    while (at < to) {
      let next = to;
      for (const [s, e] of links) {
        if (e <= at || s >= to) continue;
        if (s <= at) {
          out.push({ ...styles, text: text.slice(at, Math.min(e, to)), start: at, href: hrefAt.get(s) });
          at = Math.min(e, to);
          next = -1;
          break;
        }
        next = Math.min(next, s);
      }
      if (next === -1) continue;
      out.push({ ...styles, text: text.slice(at, next), start: at });
      at = next;
    }
  };

  /** Where the marker opened at `open` closes before `to`, or -1. */
  const closer = (marker: string, open: number, to: number): number => {
    for (let j = open + marker.length; j < to; j++) {
      const block = blockAt.get(j);
      if (block !== undefined) {
        j = block - 1;
        continue;
      }
      if (marker !== FENCE && text[j] === '\n') return -1;
      if (!text.startsWith(marker, j)) continue;
      if (marker === FENCE) return j > open + 3 ? j : -1;
      if (j > open + 1 && !isSpace(text[j - 1]) && !isWord(text[j + 1])) return j;
    }
    return -1;
  };

  const parse = (from: number, to: number, styles: Styles) => {
    let plain = from;
    for (let i = from; i < to; i++) {
      const block = blockAt.get(i);
      if (block !== undefined) {
        i = block - 1;
        continue;
      }
      const canOpen = i === 0 || !isWord(text[i - 1]);
      if (!canOpen) continue;
      if (text.startsWith(FENCE, i)) {
        const end = closer(FENCE, i, to);
        if (end < 0) continue;
        emit(plain, i, styles);
        out.push({ ...styles, mono: true, text: text.slice(i + 3, end), start: i + 3 });
        i = end + 2;
        plain = end + 3;
        continue;
      }
      const style = MARKERS[text[i]];
      if (!style || isSpace(text[i + 1]) || styles[style]) continue;
      const end = closer(text[i], i, to);
      if (end < 0) continue;
      emit(plain, i, styles);
      parse(i + 1, end, { ...styles, [style]: true });
      i = end;
      plain = end + 1;
    }
    emit(plain, to, styles);
  };

  parse(0, text.length, {});
  return out.filter((p) => p.text.length > 0);
}
