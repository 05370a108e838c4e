/**
 * Regular expressions (as sources) shared by the schema and the checks: URLs that may hold
 * `{{variables}}`, WhatsApp ids, case-insensitive spellings.
 */
import { VARIABLE_REFERENCE_SOURCE } from './variables';

const VAR = VARIABLE_REFERENCE_SOURCE;

/** Regex source matching `text` with ASCII letters in any case. */
export function caseInsensitiveSource(text: string): string {
  return [...text]
    .map((c) => {
      if (/[a-z]/i.test(c)) return `[${c.toLowerCase()}${c.toUpperCase()}]`;
      return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
    })
    .join('');
}

/** An absolute http(s) URL whose parts may hold `{{variables}}`, or one whole variable. */
const URL_SOURCE = `[hH][tT][tT][pP][sS]?://(?:[A-Za-z0-9\\[]|${VAR})(?:[^\\s<>{}"]|${VAR})*`;
export const MEDIA_URL_PATTERN = `^(?:${URL_SOURCE}|${VAR})$`;
export const NOTIFY_URL_PATTERN = `^(?:${URL_SOURCE}|${VAR})?$`;

/** International number without `+` (7–15 digits), a normalized id (`IN.2149…`), or a variable. */
export const WAID_PATTERN = `^(?:[1-9][0-9]{6,14}|[A-Za-z]{2}\\.[A-Za-z0-9_-]+|${VAR})$`;
