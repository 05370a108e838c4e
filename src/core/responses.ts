/**
 * Reading the Messaging API's answer. The HTTP status is not reliable (the docs show the same
 * error with 200 and with 400), so the body's `code` decides. Success bodies hold an array,
 * error bodies an object.
 */

export interface CodeInfo {
  readonly meaning: string;
  /** What to do next, naming the command or setting that fixes it. */
  readonly advice: string;
}

export const RESPONSE_CODES: Readonly<Record<string, CodeInfo>> = {
  '1001': { meaning: 'Queued', advice: 'Accepted for delivery. Delivery reports (7500 Delivered, 7502 Read, …) arrive later on the notifyurl.' },
  '7000': { meaning: 'Invalid JSON', advice: 'The API could not read the body as JSON. Check the payload for syntax errors.' },
  '7001': { meaning: 'Authentication failed', advice: 'The service key was refused. Enter the key from the service\'s API tab again with "Webex Connect: Set Service Key…".' },
  '7002': { meaning: 'Service key missing', advice: 'No service key reached the API. Set one with "Webex Connect: Set Service Key…".' },
  '7003': { meaning: 'Mandatory parameters missing', advice: 'A mandatory field is missing: deliverychannel, appid, destination, the message (channels.OTT-Messaging.wa, or message for a template), or a parameter the template needs. The response body names it.' },
  '7004': { meaning: 'Invalid parameters or values', advice: 'A field has a value the API does not accept. Check the fields the editor underlines.' },
  '7005': { meaning: 'Request expired', advice: 'The request (or its JWT) expired. Send again.' },
  '7006': { meaning: 'Internal error', advice: 'Webex Connect failed internally. Try again later; if it persists, contact Webex Connect support with the transid.' },
  '7007': { meaning: 'Service inactive', advice: 'The service behind this key is inactive. Activate it in Webex Connect, or use another service\'s key.' },
  '7009': { meaning: 'More than 1000 destinations', advice: 'Split the recipients into requests of at most 1000 destinations.' },
  '7020': { meaning: 'Maximum transaction limit reached', advice: 'The service has reached its transaction limit. Wait, or ask for a higher limit.' },
  '7104': { meaning: 'Invalid app id', advice: 'The appid is not a WhatsApp app of this tenant. Check the WAAppid variable of the environment (setting wxc.environments).' },
  '7108': { meaning: 'Invalid template id', advice: 'The template id in "message.template" is not an approved template of this app: check it in Webex Connect (Tools → Templates). Describe your templates in the setting wxc.templates to have them checked as you type.' },
  '7200': { meaning: 'Unknown status', advice: 'The API gave no definite status. Check the message\'s delivery report before sending again.' },
};

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
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}\n… (${text.length - BODY_LIMIT} more characters not shown)` : text;
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
  const response = body && typeof body === 'object' ? (body as { response?: unknown }).response : undefined;
  const entry = Array.isArray(response) ? response[0] : response;
  const code = entry && typeof entry === 'object' ? str((entry as Record<string, unknown>).code) : undefined;
  if (!code) {
    const kind = truncated
      ? 'an answer too large to be the API\'s (cut at 1 MB)'
      : body === undefined
        ? contentType.includes('html')
          ? 'an HTML page'
          : 'a body that is not JSON'
        : 'JSON without a response code';
    return {
      outcome: 'unreadable',
      meaning: `HTTP ${httpStatus} with ${kind}`,
      advice:
        httpStatus >= 500
          ? 'The server failed. The message was probably not accepted; check the endpoint (setting wxc.environments) and try again later.'
          : 'This does not look like the Webex Connect Messaging API. Check the region or baseUrl of the environment (setting wxc.environments).',
      prettyBody: cut(body === undefined ? bodyText : JSON.stringify(body, null, 2)),
    };
  }
  const record = entry as Record<string, unknown>;
  const info = RESPONSE_CODES[code];
  const description = str(record.description);
  return {
    outcome: code === '1001' ? 'queued' : 'rejected',
    code,
    description,
    transid: str(record.transid),
    meaning: info?.meaning ?? description ?? 'Unknown code',
    advice: info?.advice ?? 'See the channel-specific status codes in the Webex Connect documentation.',
    prettyBody: cut(JSON.stringify(body, null, 2)),
  };
}
