/**
 * What a send's answer means, decided in one place: from the HTTP result, the message that was
 * sent and where it went, the code, meaning, advice and headline, the outcome a script or test
 * acts on, what the notification says and the record the history keeps (the response page is
 * built from that record, by responsePage in ./responsePage). Pure: the editor only shows and stores
 * what this returns.
 */
import { PostResult, FailureKind, failureTitle } from './http';
import { t } from '../text/l10n';
import type { PreparedMessage } from './prepare';
import { Outcome } from './responses';
import { scrub } from './scrub';
import { TOKEN_LIFETIME_SECONDS } from './jwt';
import { SendRecord } from './record';

/** Where and when a message was sent. */
export interface SendContext {
  /** The record's id (the response view's name). */
  readonly id: string;
  /** The environment's label, e.g. `dev (eu)`. */
  readonly environment: string;
  /** The environment's name in the settings, e.g. `dev`. */
  readonly environmentName: string;
  readonly endpoint: URL;
  /** The payload file, as shown to the user. */
  readonly file: string;
  /** ISO time the send started. */
  readonly at: string;
  /** Strings that must not appear in anything returned (the service key; the JWT and its secret). */
  readonly secrets: readonly string[];
  /** How the send authenticated (environmentAuth); `key` when not given. */
  readonly auth?: 'key' | 'jwt';
}

/**
 * What a refused JWT most likely got wrong, from the mistakes public code makes: the secret used as
 * it is instead of Base64-decoded, the app id as issuer instead of the service id, a clock off.
 */
function jwtAdvice(code: string): string | undefined {
  switch (code) {
    case '7001':
      return t(
        'The JWT was refused. Check that the service secret is the one from the service\'s API tab ("Webex Connect: Set Service Secret…"; it is Base64 and is decoded before signing, not used as text), and that "serviceId" in wxc.environments is the service\'s id, not the app id or the service key. A clock minutes fast makes the token look issued in the future: check this computer\'s time too.',
      );
    case '7002':
      return t('No credential reached the API. Set the service secret with "Webex Connect: Set Service Secret…".');
    case '7005':
      return t('The JWT was refused as expired. Each send mints a new token valid for {0} minutes from this computer\'s clock: check that the clock is right (time zone and automatic time), then send again.', TOKEN_LIFETIME_SECONDS / 60);
    default:
      return undefined;
  }
}

export interface SendDecision {
  /** `queued`, `rejected` (another code), `unreadable` (no code in the answer), or the failure kind. */
  readonly outcome: Outcome | FailureKind;
  /** Whether the message was queued (1001). */
  readonly success: boolean;
  /** The API's code, `HTTP <status>` for an answer without one, or the failure kind. */
  readonly code: string;
  /** The code in the API's answer, when there is one. */
  readonly apiCode?: string;
  readonly meaning: string;
  readonly advice: string;
  /** `1001 Queued`, `7001 Authentication failed`, `HTTP 500 with an HTML page`, `Timed out`. */
  readonly headline: string;
  readonly transid?: string;
  /** What happened and what to do, in a sentence or two. */
  readonly message: string;
  /** The notification's text (shorter than `message` for a queued message). */
  readonly notification: string;
  /** Whether the answer says the credential (service key, or the JWT's secret) is wrong or missing, so setting it is the way on. */
  readonly keyProblem: boolean;
  /** What the history keeps, and the response view is built from. */
  readonly record: SendRecord;
  /** One line for the log. */
  readonly logLine: string;
}

/** The parts of a prepared message a send's record describes. */
export type SentMessage = Pick<PreparedMessage, 'body' | 'messageType' | 'recipients'>;

/** Decides everything a send's result means; never shows anything, never throws. */
export function decideSend(result: PostResult, message: SentMessage, context: SendContext): SendDecision {
  const hide = (text: string) => scrub(text, context.secrets);
  let outcome: Outcome | FailureKind;
  let code: string;
  let apiCode: string | undefined;
  let meaning: string;
  let advice: string;
  let headline: string;
  let transid: string | undefined;
  let text: string;
  if (result.ok) {
    const a = result.answer;
    outcome = a.outcome;
    apiCode = a.code;
    code = a.code ?? `HTTP ${result.httpStatus}`;
    meaning = a.meaning;
    advice = (context.auth === 'jwt' && a.code !== undefined ? jwtAdvice(a.code) : undefined) ?? a.advice;
    headline = a.code ? `${a.code} ${a.meaning}` : a.meaning;
    transid = a.transid;
    text = `${headline}. ${advice}`;
  } else {
    outcome = result.kind;
    code = result.kind;
    meaning = failureTitle(result.kind);
    advice =
      result.kind === 'cancelled'
        ? result.mayHaveBeenSent
          ? t('Cancelled after the request left: {0} may still have accepted the message. Check the delivery reports before sending again.', context.endpoint.host)
          : t('Cancelled before anything was sent.')
        : result.message;
    headline = meaning;
    text = advice;
  }
  const success = outcome === 'queued';
  const record: SendRecord = {
    id: context.id,
    at: context.at,
    file: context.file,
    environment: context.environment,
    environmentName: context.environmentName,
    endpoint: context.endpoint.href,
    messageType: message.messageType,
    recipients: message.recipients,
    durationMs: result.durationMs,
    httpStatus: result.httpStatus,
    code: hide(code),
    meaning: hide(meaning),
    headline: hide(headline),
    success,
    transid: transid === undefined ? undefined : hide(transid),
    advice: hide(advice),
    responseBody: result.ok ? hide(result.answer.prettyBody) : undefined,
    sentBody: hide(message.body),
  };
  const notification = success ? t('Queued (1001) with {0}. transid {1}', context.environment, record.transid ?? '—') : hide(text);
  const timing = `${result.durationMs} ms${result.httpStatus ? `, HTTP ${result.httpStatus}` : ''}`;
  return {
    outcome,
    success,
    code: record.code,
    apiCode: apiCode === undefined ? undefined : hide(apiCode),
    meaning: record.meaning,
    advice: record.advice,
    headline: record.headline,
    transid: record.transid,
    message: hide(text),
    notification,
    keyProblem: apiCode === '7001' || apiCode === '7002',
    record,
    logLine: hide(`${context.file} with ${context.environment}: ${headline}${transid ? ` transid=${transid}` : ''} (${timing})`),
  };
}
