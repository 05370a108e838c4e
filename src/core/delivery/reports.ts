/**
 * Delivery reports: what Webex Connect posts to a payload's `notifyurl` after "1001 Queued"
 * (Submitted 7501, Delivered 7500, Read 7502, or Failed with a code), read, checked and explained.
 * The receiver (plain Node), the sandbox, the editor's Sends view and the command line all use
 * this one module: one reading of a report, one signature check, one table of delivery codes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { t } from '../text/l10n';
import { isObject } from '../json/values';

/** The states a send's recipient goes through; `Queued` is the send's own answer, the rest come in reports. */
export type DeliveryState = 'Queued' | 'Submitted' | 'Delivered' | 'Read' | 'Failed';

/** One delivery report as read from its body (strings only: a report is untrusted text). */
export interface DeliveryReport {
  readonly transid: string;
  /** The recipient the report is about (`destination`), as Webex Connect wrote it; may be empty. */
  readonly destination: string;
  /** `Submitted`, `Delivered`, `Read` or `Failed`; a status this table does not know is kept as `Failed` only when its code is not a success code. */
  readonly state: Exclude<DeliveryState, 'Queued'>;
  /** The delivery code, e.g. `7500`. */
  readonly code: string;
  /** The report's own words (`Description`), e.g. `Delivered`. */
  readonly description: string;
  /** The report's `timeStamp` (ISO, as sent); empty when missing. */
  readonly timeStamp: string;
  readonly additionalInfo: string;
  readonly correlationid: string;
  readonly callbackData: string;
  /** `deliveryStatus` exactly as sent, when it is not one of the four known states. */
  readonly rawStatus?: string;
}

export interface DeliveryCodeInfo {
  readonly meaning: string;
  /** What to do next, naming the command that helps. */
  readonly advice: string;
  /** The failure is about the message's media (offer Check Media URLs). */
  readonly media?: boolean;
}

/**
 * The meaning and advice of a delivery code, in the user's language; undefined for a code not in
 * the table. A function, not a table built at load time, so a bundle loaded in activate() applies.
 */
export function deliveryCodeInfo(code: string): DeliveryCodeInfo | undefined {
  switch (code) {
    case '7500':
      return { meaning: t('Delivered'), advice: t('The message reached the phone.') };
    case '7501':
      return { meaning: t('Submitted'), advice: t('WhatsApp accepted the message and is delivering it.') };
    case '7502':
      return { meaning: t('Read'), advice: t('The customer opened the message. (Read never arrives when they turned read receipts off.)') };
    case '7701':
      return { meaning: t('Media download error'), advice: t('WhatsApp could not download the media from its URL. The URL must be public https and answer without a login: run "Webex Connect: Check Media URLs".'), media: true };
    case '7714':
      return { meaning: t('Message too long'), advice: t('A text is longer than WhatsApp allows (a text body at most 4096 characters, a caption at most 1024). Shorten it and send again.') };
    case '7727':
      return { meaning: t('Media not found'), advice: t('WhatsApp found no media at the URL (or could not upload it). Check that the URL points at the file itself: run "Webex Connect: Check Media URLs".'), media: true };
    case '7861':
      return { meaning: t('Unsupported MIME type'), advice: t('WhatsApp refused the media\'s MIME type. Use a type WhatsApp supports for this message type and make the server send the same Content-Type: run "Webex Connect: Check Media URLs".'), media: true };
    case '7706':
      return { meaning: t('Rate limit reached'), advice: t('Too many messages were sent to this recipient or from this number in a short time. Wait before sending again.') };
    case '7710':
      return { meaning: t('Outside the 24-hour window'), advice: t('The customer has not written in the last 24 hours, so only a template message can reach them: send a template.') };
    case '7715':
      return { meaning: t('Invalid recipient type'), advice: t('The recipient is not a WhatsApp user this message can go to. Check the destination.') };
    case '7721':
      return { meaning: t('Required parameter missing'), advice: t('WhatsApp found a parameter missing (often a template parameter). Compare the payload with the template\'s definition.') };
    case '7722':
      return { meaning: t('Invalid parameter value'), advice: t('WhatsApp refused a parameter\'s value (often a template parameter: empty, or with more than 4 spaces in a row). Correct the value and send again.') };
    case '7733':
      return { meaning: t('Sender equals recipient'), advice: t('The message was addressed to the WhatsApp number that sends it. Use another destination.') };
    case '7865':
      return { meaning: t('Not on WhatsApp'), advice: t('The number is not registered on WhatsApp. Check the destination (country code, no leading 0 or +).') };
    case '7737':
      return { meaning: t('Invalid WhatsApp destination'), advice: t('The destination is not a valid WhatsApp id. Check the number\'s format: country code and number, digits only.') };
    default:
      return undefined;
  }
}

const KNOWN_STATES: ReadonlySet<string> = new Set(['Submitted', 'Delivered', 'Read', 'Failed']);
const SUCCESS_CODES: Readonly<Record<string, Exclude<DeliveryState, 'Queued' | 'Failed'>>> = { '7500': 'Delivered', '7501': 'Submitted', '7502': 'Read' };

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A report read from a body, or why the body is not one. */
export type ReadReport = { readonly report: DeliveryReport } | { readonly error: string };

/** Reads a delivery report body (`{"deliveryInfoNotification": {"deliveryInfo": {…}, "transid": …}}`). */
export function readDeliveryReport(body: string): ReadReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { error: t('The body is not JSON.') };
  }
  return deliveryReportOf(parsed);
}

/** Reads a delivery report from a parsed body. */
export function deliveryReportOf(parsed: unknown): ReadReport {
  const notification = isObject(parsed) ? parsed.deliveryInfoNotification : undefined;
  if (!isObject(notification)) return { error: t('The body has no "deliveryInfoNotification" object.') };
  const info = notification.deliveryInfo;
  if (!isObject(info)) return { error: t('The report has no "deliveryInfo" object.') };
  const transid = text(notification.transid);
  if (!transid) return { error: t('The report has no "transid".') };
  const code = text(info.code);
  const status = text(info.deliveryStatus);
  if (!code && !status) return { error: t('The report has neither a "code" nor a "deliveryStatus".') };
  // Object.hasOwn: a code of "constructor" or "__proto__" must not pick up Object.prototype's members.
  const state: DeliveryReport['state'] = KNOWN_STATES.has(status) ? (status as DeliveryReport['state']) : Object.hasOwn(SUCCESS_CODES, code) ? SUCCESS_CODES[code] : 'Failed';
  return {
    report: {
      transid,
      destination: text(info.destination),
      state,
      code,
      description: text(info.Description ?? info.description),
      timeStamp: text(info.timeStamp),
      additionalInfo: text(info.additionalInfo),
      correlationid: text(notification.correlationid),
      callbackData: text(notification.callbackData),
      ...(status && !KNOWN_STATES.has(status) ? { rawStatus: status } : {}),
    },
  };
}

/** The body Webex Connect would post for a report (the sandbox sends it; tests build reports with it). */
export function deliveryReportBody(report: Pick<DeliveryReport, 'transid' | 'destination' | 'state' | 'code'> & Partial<DeliveryReport>): string {
  return JSON.stringify({
    deliveryInfoNotification: {
      deliveryInfo: {
        deliveryChannel: 'whatsapp',
        Description: report.description ?? deliveryCodeInfo(report.code)?.meaning ?? report.state,
        destinationType: 'waid',
        timeStamp: report.timeStamp || new Date().toISOString(),
        code: report.code,
        additionalInfo: report.additionalInfo ?? '',
        deliveryStatus: report.state,
        destination: report.destination,
      },
      subtid: '',
      correlationid: report.correlationid ?? '',
      callbackData: report.callbackData ?? '',
      transid: report.transid,
    },
  });
}

export type SignatureAlgorithm = 'sha256' | 'sha512';

/** The `x-hub-signature` value for a body: `sha256=<hex>` (or sha512). */
export function signDeliveryReport(body: string | Buffer, secret: string, algorithm: SignatureAlgorithm = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
}

/**
 * Whether an `x-hub-signature` header is a valid HMAC of the raw body with the secret. Accepts
 * `sha256=`/`sha512=` prefixes or a bare digest, hex or base64; the algorithm is told by the
 * prefix or else tried both ways (the reference says not to assume a fixed length). Constant-time.
 */
export function signatureMatches(body: string | Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !secret) return false;
  const value = header.trim();
  const prefixed = /^(sha256|sha512)=(.+)$/i.exec(value);
  const algorithms: SignatureAlgorithm[] = prefixed ? [prefixed[1].toLowerCase() as SignatureAlgorithm] : ['sha256', 'sha512'];
  const given = (prefixed ? prefixed[2] : value).trim();
  for (const algorithm of algorithms) {
    const digest = createHmac(algorithm, secret).update(body).digest();
    const candidates = /^[0-9a-f]+$/i.test(given) ? [Buffer.from(given, 'hex')] : [];
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(given)) candidates.push(Buffer.from(given, 'base64'));
    for (const candidate of candidates) {
      if (candidate.length === digest.length && timingSafeEqual(candidate, digest)) return true;
    }
  }
  return false;
}
