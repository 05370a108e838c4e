/**
 * Reading the Messaging API's answer. The HTTP status is not reliable (the docs show the same
 * error with 200 and with 400), so the body's `code` decides. Success bodies hold an array,
 * error bodies an object.
 */
import { isObject } from '../json/values';
import { t } from '../text/l10n';

export interface CodeInfo {
  readonly meaning: string;
  /** What to do next, naming the command or setting that fixes it. */
  readonly advice: string;
}

/**
 * The meaning and advice of a body code, in the user's language; undefined for a code not in the
 * table. A function, not a table built at load time, so a bundle loaded in activate() applies.
 */
function responseCodeInfo(code: string): CodeInfo | undefined {
  switch (code) {
    case '1001':
      return { meaning: t('Queued'), advice: t('Accepted for delivery. Delivery reports (7500 Delivered, 7502 Read, …) arrive later on the notifyurl.') };
    case '7000':
      return { meaning: t('Invalid JSON'), advice: t('The API could not read the body as JSON. Check the payload for syntax errors.') };
    case '7001':
      return { meaning: t('Authentication failed'), advice: t('The service key was refused. Enter the key from the service\'s API tab again with "Webex Connect: Set Service Key…".') };
    case '7002':
      return { meaning: t('Service key missing'), advice: t('No service key reached the API. Set one with "Webex Connect: Set Service Key…".') };
    case '7003':
      return { meaning: t('Mandatory parameters missing'), advice: t('A mandatory field is missing: deliverychannel, appid, destination, the message (channels.OTT-Messaging.wa, or message for a template), or a parameter the template needs. The response body names it.') };
    case '7004':
      return { meaning: t('Invalid parameters or values'), advice: t('A field has a value the API does not accept. Check the fields the editor underlines.') };
    case '7005':
      return { meaning: t('Request expired'), advice: t('The request (or its JWT) expired. Send again.') };
    case '7006':
      return { meaning: t('Internal error'), advice: t('Webex Connect failed internally. Try again later; if it persists, contact Webex Connect support with the transid.') };
    case '7007':
      return { meaning: t('Service inactive'), advice: t('The service behind this key is inactive. Activate it in Webex Connect, or use another service\'s key.') };
    case '7009':
      return { meaning: t('More than 1000 destinations'), advice: t('Split the recipients into requests of at most 1000 destinations.') };
    case '7020':
      return { meaning: t('Maximum transaction limit reached'), advice: t('The service has reached its transaction limit. Wait, or ask for a higher limit.') };
    case '7104':
      return { meaning: t('Invalid app id'), advice: t('The appid is not a WhatsApp app of this tenant. Check the WAAppid variable of the environment (setting wxc.environments).') };
    case '7108':
      return { meaning: t('Invalid template id'), advice: t('The template id in "message.template" is not an approved template of this app: check it in Webex Connect (Tools → Templates). Describe your templates in the setting wxc.templates to have them checked as you type.') };
    case '7200':
      return { meaning: t('Unknown status'), advice: t('The API gave no definite status. Check the message\'s delivery report before sending again.') };
    default:
      return undefined;
  }
}

export type Outcome = 'queued' | 'rejected' | 'unreadable';

export interface ApiAnswer {
  readonly outcome: Outcome;
  /** The body's code, when there is one. */
  readonly code?: string;
  readonly description?: string;
  readonly transid?: string;
  /** Meaning from the code table, or the API's description for an unknown code. */
  readonly meaning: string;
  readonly advice: string;
  /** The body pretty-printed when it is JSON, else as received (cut to 64 KB). */
  readonly prettyBody: string;
}

const BODY_LIMIT = 64 * 1024;

function cut(text: string): string {
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}\n${t('… ({0} more characters not shown)', text.length - BODY_LIMIT)}` : text;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Interprets an HTTP answer of the Messaging API. */
export function interpretAnswer(httpStatus: number, bodyText: string, contentType = '', truncated = false): ApiAnswer {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const response = isObject(body) ? body.response : undefined;
  const entry = Array.isArray(response) ? response[0] : response;
  const code = isObject(entry) ? str(entry.code) : undefined;
  if (!code) {
    const meaning = truncated
      ? t("HTTP {0} with an answer too large to be the API's (cut at 1 MB)", httpStatus)
      : body === undefined
        ? contentType.includes('html')
          ? t('HTTP {0} with an HTML page', httpStatus)
          : t('HTTP {0} with a body that is not JSON', httpStatus)
        : t('HTTP {0} with JSON without a response code', httpStatus);
    return {
      outcome: 'unreadable',
      meaning,
      advice:
        httpStatus >= 500
          ? t('The server failed. The message was probably not accepted; check the endpoint (setting wxc.environments) and try again later.')
          : t('This does not look like the Webex Connect Messaging API. Check the region or baseUrl of the environment (setting wxc.environments).'),
      prettyBody: cut(body === undefined ? bodyText : JSON.stringify(body, null, 2)),
    };
  }
  const record = entry as Record<string, unknown>;
  const info = responseCodeInfo(code);
  const description = str(record.description);
  return {
    outcome: code === '1001' ? 'queued' : 'rejected',
    code,
    description,
    transid: str(record.transid),
    meaning: info?.meaning ?? description ?? t('Unknown code'),
    advice: info?.advice ?? t('See the channel-specific status codes in the Webex Connect documentation.'),
    prettyBody: cut(JSON.stringify(body, null, 2)),
  };
}
