/**
 * The one HTTP POST of a message: node-fetch, the `key` header (or a JWT as `Authorization: Bearer`), a timeout, cancellation, no
 * redirects followed and no retries (a retried POST can send a paid message twice). Failures come
 * back as values with a message that says what happened and what to check; the key or token is
 * scrubbed from everything returned.
 */
import { t } from '../text/l10n';
import { FailureCause, FailureCircumstances, NetworkFailure, describeNetworkFailure, networkFailureTitle, startDeadline, withAdvice } from '../net/failures';
import { nodeFetch } from '../net/fetch';
import { ApiAnswer, interpretAnswer } from './responses';
import { scrub } from './scrub';

/**
 * Who sends, so that advice names what that user can change: the editor's setting
 * wxc.timeoutSeconds, or the command line's option --timeout.
 */
export type SendSurface = 'editor' | 'cli';

export interface PostRequest {
  readonly url: URL;
  /** The service key, sent as the `key` header; ignored when `jwt` is given. */
  readonly serviceKey?: string;
  /** A token for this send, sent as `Authorization: Bearer …` instead of (never beside) the key. */
  readonly jwt?: string;
  /** The exact bytes to send. */
  readonly body: string;
  readonly timeoutMs: number;
  /** Aborted when the user cancels. */
  readonly signal?: AbortSignal;
  readonly surface: SendSurface;
  /**
   * Called once the connection is made (for https, once TLS is set up): from then on the request's
   * bytes are on their way and the message may be accepted. Before it, cancelling sends nothing.
   */
  readonly onConnected?: () => void;
}

export type FailureKind = NetworkFailure | 'redirect';

/** A short title for each failure, for notifications, history and response views. */
export function failureTitle(kind: FailureKind): string {
  return kind === 'redirect' ? t('Redirect not followed') : networkFailureTitle(kind);
}

export type PostResult =
  | {
      readonly ok: true;
      readonly httpStatus: number;
      readonly durationMs: number;
      readonly bodyText: string;
      readonly answer: ApiAnswer;
    }
  | {
      readonly ok: false;
      readonly kind: FailureKind;
      readonly message: string;
      readonly durationMs: number;
      /** Whether the request may have reached the server (and the message may have been accepted). */
      readonly mayHaveBeenSent: boolean;
      readonly httpStatus?: number;
    };

/** Largest answer read; a bigger one is cut (the API's answers are a few hundred bytes). */
const MAX_ANSWER_BYTES = 1024 * 1024;


/** How each surface's user gives a send more time. */
function raiseTimeout(surface: SendSurface): string {
  return surface === 'cli' ? t('Raise --timeout (seconds, up to 600) if the network is slow.') : t('Raise the setting wxc.timeoutSeconds if the network is slow.');
}

/** What to do after each kind of network failure of a send, and whether the message may have gone. */
function sendAdvice(cause: FailureCause, surface: SendSurface): string {
  switch (cause) {
    case 'deadline':
      return `${t('The message may still have been accepted: check the delivery reports before sending again.')} ${raiseTimeout(surface)}`;
    case 'refused':
      return t('Check the region or baseUrl of the environment (setting wxc.environments).');
    case 'dns':
      return t('Check the region or baseUrl (setting wxc.environments) and your network or proxy.');
    case 'reset':
      return t('The message may have been accepted: check the delivery reports before sending again.');
    case 'connect-timeout':
      return t('Check your network or proxy.');
    case 'tls':
      return t('A proxy may be intercepting HTTPS; the message was not sent.');
    case 'cancelled':
    case 'network':
      return '';
  }
}

/** A failed send described: the shared sentence for what happened, then the send's advice. */
export function describeSendFailure(err: unknown, how: FailureCircumstances, surface: SendSurface): { kind: FailureKind; message: string; mayHaveBeenSent: boolean } {
  const failure = describeNetworkFailure(err, how);
  return { kind: failure.kind, message: withAdvice(failure.what, sendAdvice(failure.cause, surface)), mayHaveBeenSent: failure.mayHaveArrived };
}

/** Reads at most `limit` bytes of a body. */
async function readLimited(body: NodeJS.ReadableStream | null, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!body) return { text: '', truncated: false };
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = limit - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      truncated = true;
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

/** The credential's header: the JWT when there is one (it would win over a key sent beside it), else the key. */
function authHeader(req: PostRequest): Record<string, string> {
  return req.jwt !== undefined ? { Authorization: `Bearer ${req.jwt}` } : { key: req.serviceKey ?? '' };
}

/**
 * An agent of its own for one request that says when its connection is made (node-fetch does not
 * expose the socket). Node writes a request's buffered bytes when the socket connects (for TLS,
 * when the handshake is done), so before `onConnected` nothing has left this machine.
 */
function connectionWatcher(url: URL, onConnected: () => void): import('node:http').Agent {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded with node-fetch, when a send needs it */
  const secure = url.protocol === 'https:';
  const agent: import('node:http').Agent = secure ? new (require('node:https') as typeof import('node:https')).Agent() : new (require('node:http') as typeof import('node:http')).Agent();
  /* eslint-enable @typescript-eslint/no-require-imports */
  type Create = (options: object, callback?: unknown) => import('node:net').Socket;
  const withCreate = agent as unknown as { createConnection: Create };
  const create = withCreate.createConnection.bind(agent);
  withCreate.createConnection = (options, callback) => {
    const socket = create(options, callback);
    socket.once(secure ? 'secureConnect' : 'connect', onConnected);
    return socket;
  };
  return agent;
}

/** POSTs a message once. Never throws; never retries; never follows a redirect. */
export async function postMessage(req: PostRequest): Promise<PostResult> {
  const secrets = [req.serviceKey, req.jwt];
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const deadline = startDeadline(req.timeoutMs, req.signal);
  try {
    const res = await nodeFetch()(req.url.href, {
      method: 'POST',
      headers: { ...authHeader(req), 'Content-Type': 'application/json', Accept: 'application/json' },
      body: req.body,
      redirect: 'manual',
      signal: deadline.signal,
      compress: true,
      ...(req.onConnected ? { agent: connectionWatcher(req.url, req.onConnected) } : {}),
    });
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location') ?? t('no location');
      return {
        ok: false,
        kind: 'redirect',
        httpStatus: res.status,
        durationMs: elapsed(),
        mayHaveBeenSent: false,
        message: scrub(
          t(
            "{0} answered HTTP {1}, a redirect to {2}. Redirects are not followed when sending (the key would go with them): put the final address in the environment's baseUrl (setting wxc.environments).",
            req.url.host,
            res.status,
            location,
          ),
          secrets,
        ),
      };
    }
    const { text, truncated } = await readLimited(res.body, MAX_ANSWER_BYTES);
    const bodyText = scrub(truncated ? `${text}\n… ${t('(answer cut at {0} MB)', MAX_ANSWER_BYTES / 1024 / 1024)}` : text, secrets);
    return { ok: true, httpStatus: res.status, durationMs: elapsed(), bodyText, answer: interpretAnswer(res.status, bodyText, res.headers.get('content-type') ?? '', truncated) };
  } catch (err) {
    const failure = describeSendFailure(err instanceof Error ? err : new Error(String(err)), { url: req.url, timedOut: deadline.timedOut(), cancelled: deadline.cancelled(), timeoutMs: req.timeoutMs }, req.surface);
    return { ok: false, ...failure, message: scrub(failure.message, secrets), durationMs: elapsed() };
  } finally {
    deadline.dispose();
  }
}
