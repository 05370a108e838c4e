/**
 * Untrusted text (what a customer wrote, a name, an id) made fit for a one-line place in a view:
 * a tree row's label, a quick pick row. It stays text: nothing is interpreted, only laid out.
 */

/**
 * The bidi controls (as src/core/text/printable escapes them for a terminal): on a row they would
 * reorder what follows them on it too (the quote that closes a title, the time, the environment),
 * so a customer could make a row read as something it does not say.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line (a row's label; the whole text goes in its tooltip): every run of whitespace and control
 * characters (newlines, tabs, NUL, line separators) as one space, each bidi control shown as its
 * escape (`\u202e`), cut to `max` with "…".
 */
export function oneLine(text: string, max = 80): string {
  const line = text
    .replace(/[\s\p{Cc}\u2028\u2029]+/gu, ' ')
    .trim()
    .replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (line.length <= max) return line;
  let end = max - 1;
  // Never split a surrogate pair.
  const last = line.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return `${line.slice(0, end)}…`;
}

/**
 * Text for a quick pick, whose labels, descriptions and details draw `$(name)` as an icon: the
 * `$(` is broken with a zero-width space, so a customer's `$(alert)` shows as written, not as an icon.
 */
export function quickPickText(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}
