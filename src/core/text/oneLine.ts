/**
 * Untrusted text (what a customer wrote, a name, an id) made fit for a one-line place in a view:
 * a tree row's label, a quick pick row. It stays text: nothing is interpreted, only laid out.
 */

/** One line (a row's label; the whole text goes in its tooltip): every run of whitespace and control characters (newlines, tabs, NUL, line separators) as one space, cut to `max` with "…". */
export function oneLine(text: string, max = 80): string {
  const line = text.replace(/[\s\p{Cc}\u2028\u2029]+/gu, ' ').trim();
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
