/** Keeping secrets out of anything shown, logged or stored. */

const REDACTED = '‹redacted›';

/**
 * Replaces every occurrence of each secret (and of its URL-encoded form) in `text`.
 * Secrets shorter than 4 characters are skipped: they would mangle ordinary text.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}
