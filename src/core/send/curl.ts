/** A `curl` command for a prepared message, with the key as an environment variable, never itself. */

export const CURL_KEY_VARIABLE = 'WXC_SERVICE_KEY';

/** Quotes for a POSIX shell: single quotes, with embedded ones closed and escaped. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command; the body is pretty-printed for reading and sent with --data-binary as written. */
export function buildCurl(url: URL, body: string): string {
  const pretty = JSON.stringify(JSON.parse(body), null, 2);
  return [
    `curl -sS -X POST ${shellQuote(url.href)}`,
    `  -H "key: $${CURL_KEY_VARIABLE}"`,
    `  -H 'Content-Type: application/json'`,
    `  --data-binary ${shellQuote(pretty)}`,
  ].join(' \\\n');
}
