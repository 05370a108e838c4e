/** A `curl` command for a prepared message, with the key (or JWT) as an environment variable, never itself. */

export const CURL_KEY_VARIABLE = 'WXC_SERVICE_KEY';
/** The variable a copied command reads a JWT from (a token is short-lived: the user mints one for the run). */
export const CURL_JWT_VARIABLE = 'WXC_JWT';

/** Quotes for a POSIX shell: single quotes, with embedded ones closed and escaped. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command; the body is pretty-printed for reading and sent with --data-binary as written. */
export function buildCurl(url: URL, body: string, scheme: 'key' | 'jwt' = 'key'): string {
  const pretty = JSON.stringify(JSON.parse(body), null, 2);
  return [
    `curl -sS -X POST ${shellQuote(url.href)}`,
    scheme === 'jwt' ? `  -H "Authorization: Bearer $${CURL_JWT_VARIABLE}"` : `  -H "key: $${CURL_KEY_VARIABLE}"`,
    `  -H 'Content-Type: application/json'`,
    `  --data-binary ${shellQuote(pretty)}`,
  ].join(' \\\n');
}
