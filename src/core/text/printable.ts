/**
 * Text from outside (a payload, a server's answer, a delivery report, a file name) made safe to
 * print on a terminal or in a CI log: control characters and the invisible characters that reorder
 * or break a line are shown as escapes (`\x1b`, `\u202e`) instead of acting. A payload could
 * otherwise erase its own error line (`ESC[2K`, CR), retitle the window (`ESC]0;`), ring the bell, or
 * make a line read differently from what it holds (bidi overrides, the "Trojan Source" trick).
 */

/**
 * What is escaped: C0 controls (tab, CR and LF included), DEL, C1 controls (U+0080–U+009F, which
 * some terminals take as ESC sequences: U+009B is CSI), the bidi controls (U+061C, U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators U+2028, U+2029.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the same, without LF
const UNPRINTABLE_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** One character as an escape: `\x1b` below U+0100, `\u202e` above. */
function escapeCharacter(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
}

export interface PrintableOptions {
  /** Keep line feeds (for text that is printed as several lines on purpose); CR is escaped all the same. */
  readonly keepLineFeeds?: boolean;
}

/**
 * The text with every control, bidi and line-separator character shown as an escape (`\x1b`,
 * `\x0a`, `\u202e`); one line unless `keepLineFeeds`. Escaping twice changes nothing more (an
 * escape is printable ASCII).
 */
export function terminalSafe(text: string, options: PrintableOptions = {}): string {
  return text.replace(options.keepLineFeeds ? UNPRINTABLE_BUT_LF : UNPRINTABLE, escapeCharacter);
}

/** The characters JSON.stringify leaves raw but a terminal acts on or hides: DEL, C1, bidi, U+2028/9. */
const JSON_RAW_UNPRINTABLE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (as JSON.stringify writes it) with the characters that JSON leaves raw but a terminal
 * acts on written as `\uXXXX` escapes: the same JSON value, safe to print. (JSON.stringify already
 * escapes C0; these can only stand inside its strings, where `\uXXXX` means the same character.)
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(JSON_RAW_UNPRINTABLE, (c) => `\\u${hex(c, 4)}`);
}
