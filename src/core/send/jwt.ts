/**
 * The JWT of a send (Webex Connect's alternative to the `key` header): HS256, `iss` the service
 * id, `iat` now, `exp` a few minutes later, signed with the service secret after Base64-decoding
 * it. Made with Node's crypto (HMAC-SHA256), minted fresh for each send.
 */
import { createHmac } from 'node:crypto';
import { t } from '../text/l10n';

/** How long a minted token is good for: well under the 60 minutes Webex Connect allows. */
export const TOKEN_LIFETIME_SECONDS = 10 * 60;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

export type DecodedSecret = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly error: string };

/** A character as a message names it: whitespace in words (a pasted line break is otherwise invisible), the rest quoted. */
function shownCharacter(c: string): string {
  if (c === '\n' || c === '\r') return t('a line break');
  if (c === '\t') return t('a tab');
  return /\s/.test(c) ? t('a space') : JSON.stringify(c);
}

/** Why a text is not Base64, naming the first character or the length that is wrong. */
function whyNotBase64(text: string): string {
  const bad = /[^A-Za-z0-9+/=]/.exec(text);
  if (bad && /[-_]/.test(bad[0])) {
    return t('it holds {0} at character {1}: that is URL-safe Base64 (- and _ instead of + and /), but the service secret is standard Base64, as its API tab shows it', JSON.stringify(bad[0]), bad.index + 1);
  }
  if (bad) {
    return t('it holds {0} at character {1}; Base64 has only A–Z, a–z, 0–9, + and /, with = at the end', shownCharacter(bad[0]), bad.index + 1);
  }
  const pad = text.indexOf('=');
  if (pad >= 0 && pad < text.length - 2) return t('"=" may only end it (character {0} is followed by more)', pad + 1);
  return t('its length ({0} characters) is not that of Base64 text', text.length);
}

/**
 * The service secret's bytes (the secret is Base64 text: it is decoded before signing), or an error
 * that says what is wrong with it. Padding may be left off; anything else not Base64 is refused.
 */
export function decodeServiceSecret(text: string): DecodedSecret {
  const secret = text.trim();
  if (secret === '') return { ok: false, error: t('The service secret is empty. Paste the service secret from the API tab of your Webex Connect service.') };
  if (!BASE64.test(secret)) {
    return { ok: false, error: t('The service secret is not valid Base64: {0}. Copy the service secret again from the API tab of your Webex Connect service.', whyNotBase64(secret)) };
  }
  return { ok: true, bytes: Buffer.from(secret, 'base64') };
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A token for one send: HS256, issued by `serviceId` at `nowSeconds`, expiring TOKEN_LIFETIME_SECONDS later. */
export function mintJwt(serviceId: string, secret: Buffer, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ iss: serviceId, iat: nowSeconds, exp: nowSeconds + TOKEN_LIFETIME_SECONDS }));
  const signature = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

/**
 * The forms of a service secret that must be kept out of everything shown or stored: the text,
 * its URL-safe form, and its decoded bytes when they read as text (a secret that was a password).
 */
export function secretForms(text: string, bytes: Buffer | undefined): string[] {
  const forms = [text.trim()];
  if (bytes && bytes.length > 0) {
    forms.push(bytes.toString('base64url'));
    const asText = bytes.toString('utf8');
    // Printable text only: random bytes decode to noise that could match ordinary words by chance.
    if (asText.length >= 6 && /^[\x20-\x7e]+$/.test(asText)) forms.push(asText);
  }
  return forms;
}
