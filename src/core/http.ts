/**
 * The one HTTP POST of a message: node-fetch, the `key` header, a timeout, cancellation, no
 * redirects followed and no retries (a retried POST can send a paid message twice). Failures come
 * back as values with a message that says what happened and what to check; the key is scrubbed
 * from everything returned.
 */
import { classifyNetworkError, startDeadline } from './netErrors';
import { nodeFetch } from './nodeFetch';
import { ApiAnswer, interpretAnswer } from './responses';
import { scrub } from './scrub';

export interface PostRequest {
  readonly url: URL;
  readonly serviceKey: string;
  /** The exact bytes to send. */
  readonly body: string;
  readonly timeoutMs: number;
  /** Aborted when the user cancels. */
  readonly signal?: AbortSignal;
}

export type FailureKind = 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'cancelled' | 'redirect' | 'network';

/** A short title for each failure, for notifications, history and response views. */
export const FAILURE_TITLES: Readonly<Record<FailureKind, string>> = {
  refused: 'Connection refused',
  dns: 'Host not found',
  tls: 'TLS certificate not accepted',
  timeout: 'Timed out',
  reset: 'Connection reset',
  cancelled: 'Cancelled',
  redirect: 'Redirect not followed',
  network: 'Network error',
};

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


function describeFailure(err: unknown, url: URL, timedOut: boolean, cancelled: boolean, timeoutMs: number): { kind: FailureKind; message: string; mayHaveBeenSent: boolean } {
  const host = url.host;
  if (cancelled) {
    return { kind: 'cancelled', message: 'Cancelled.', mayHaveBeenSent: true };
  }
  if (timedOut) {
    return {
      kind: 'timeout',
      message: `No answer from ${host} within ${timeoutMs / 1000} s. The message may still have been accepted: check the delivery reports before sending again. Raise the setting wxc.timeoutSeconds if the network is slow.`,
      mayHaveBeenSent: true,
    };
  }
  const { kind, code } = classifyNetworkError(err);
  switch (kind) {
    case 'refused':
      return { kind: 'refused', message: `${host} refused the connection (ECONNREFUSED): nothing listens there. Check the region or baseUrl of the environment (setting wxc.environments).`, mayHaveBeenSent: false };
    case 'dns':
      return { kind: 'dns', message: `The host ${url.hostname} could not be found (${code}). Check the region or baseUrl (setting wxc.environments) and your network or proxy.`, mayHaveBeenSent: false };
    case 'reset':
      return { kind: 'reset', message: `${host} closed the connection before answering (${code}). The message may have been accepted: check the delivery reports before sending again.`, mayHaveBeenSent: true };
    case 'timeout':
      return { kind: 'timeout', message: `The connection to ${host} timed out (${code}). Check your network or proxy.`, mayHaveBeenSent: false };
    case 'tls':
      return { kind: 'tls', message: `The TLS certificate of ${host} was not accepted (${code}). A proxy may be intercepting HTTPS; the message was not sent.`, mayHaveBeenSent: false };
    default:
      break;
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { kind: 'network', message: `The request to ${host} failed${code ? ` (${code})` : ''}: ${detail}`, mayHaveBeenSent: true };
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

/** POSTs a message once. Never throws; never retries; never follows a redirect. */
export async function postMessage(req: PostRequest): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const deadline = startDeadline(req.timeoutMs, req.signal);
  try {
    const res = await nodeFetch()(req.url.href, {
      method: 'POST',
      headers: { key: req.serviceKey, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: req.body,
      redirect: 'manual',
      signal: deadline.signal,
      compress: true,
    });
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location') ?? 'no location';
      return {
        ok: false,
        kind: 'redirect',
        httpStatus: res.status,
        durationMs: elapsed(),
        mayHaveBeenSent: false,
        message: scrub(`${req.url.host} answered HTTP ${res.status}, a redirect to ${location}. Redirects are not followed when sending (the key would go with them): put the final address in the environment's baseUrl (setting wxc.environments).`, [req.serviceKey]),
      };
    }
    const { text, truncated } = await readLimited(res.body, MAX_ANSWER_BYTES);
    const bodyText = scrub(truncated ? `${text}\n… (answer cut at ${MAX_ANSWER_BYTES / 1024 / 1024} MB)` : text, [req.serviceKey]);
    return { ok: true, httpStatus: res.status, durationMs: elapsed(), bodyText, answer: interpretAnswer(res.status, bodyText, res.headers.get('content-type') ?? '', truncated) };
  } catch (err) {
    const failure = describeFailure(err instanceof Error ? err : new Error(String(err)), req.url, deadline.timedOut(), deadline.cancelled(), req.timeoutMs);
    return { ok: false, ...failure, message: scrub(failure.message, [req.serviceKey]), durationMs: elapsed() };
  } finally {
    deadline.dispose();
  }
}
