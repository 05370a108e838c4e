/**
 * Network failures, described once for every request this extension makes (the send and the media
 * check): what kind of failure a Node/node-fetch error is, and a sentence saying what happened.
 * Each caller adds its own advice (a send points at the environment's settings, the media check
 * at what WhatsApp's servers need).
 */
import { t } from '../text/l10n';

export type NetworkFailure = 'refused' | 'dns' | 'reset' | 'timeout' | 'tls' | 'cancelled' | 'network';

/**
 * Why a request failed, one step finer than its kind: the request's own deadline passing (the
 * server may have the request) differs from a connection attempt timing out (it never arrived).
 */
export type FailureCause = 'cancelled' | 'deadline' | 'refused' | 'dns' | 'reset' | 'connect-timeout' | 'tls' | 'network';

export interface NetworkFailureDescription {
  readonly kind: NetworkFailure;
  readonly cause: FailureCause;
  /** The system error code (`ECONNREFUSED`, …), or '' when there is none. */
  readonly code: string;
  /** What happened, in a sentence that names the host; the caller adds what to do. */
  readonly what: string;
  /** Whether the request may have reached the server. */
  readonly mayHaveArrived: boolean;
}

/** How a request ended, besides the error it threw. */
export interface FailureCircumstances {
  readonly url: URL;
  /** The request's own deadline passed. */
  readonly timedOut: boolean;
  /** The caller cancelled it. */
  readonly cancelled: boolean;
  readonly timeoutMs: number;
}

/** The system error code of a failed request (node-fetch puts it on the error or its cause). */
export function errorCode(err: unknown): string {
  const e = err as { code?: unknown; errno?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.errno ?? e?.cause?.code;
  return typeof code === 'string' ? code : '';
}

/** Classifies a request error by its code. */
export function classifyNetworkError(err: unknown): { kind: Exclude<NetworkFailure, 'cancelled'>; code: string } {
  const code = errorCode(err);
  switch (code) {
    case 'ECONNREFUSED':
      return { kind: 'refused', code };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'dns', code };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return { kind: 'reset', code };
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return { kind: 'timeout', code };
    default:
      return { kind: /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) ? 'tls' : 'network', code };
  }
}

/** Says what happened to a request that got no answer. */
export function describeNetworkFailure(err: unknown, how: FailureCircumstances): NetworkFailureDescription {
  const host = how.url.host;
  if (how.cancelled) return { kind: 'cancelled', cause: 'cancelled', code: '', what: t('Cancelled.'), mayHaveArrived: true };
  if (how.timedOut) {
    return { kind: 'timeout', cause: 'deadline', code: '', what: t('No answer from {0} within {1} s.', host, how.timeoutMs / 1000), mayHaveArrived: true };
  }
  const { kind, code } = classifyNetworkError(err);
  switch (kind) {
    case 'refused':
      return { kind, cause: 'refused', code, what: t('{0} refused the connection ({1}): nothing listens there.', host, code), mayHaveArrived: false };
    case 'dns':
      return { kind, cause: 'dns', code, what: t('The host {0} could not be found ({1}).', how.url.hostname, code), mayHaveArrived: false };
    case 'reset':
      return { kind, cause: 'reset', code, what: t('{0} closed the connection before answering ({1}).', host, code), mayHaveArrived: true };
    case 'timeout':
      return { kind, cause: 'connect-timeout', code, what: t('The connection to {0} timed out ({1}).', host, code), mayHaveArrived: false };
    case 'tls':
      return { kind, cause: 'tls', code, what: t('The TLS certificate of {0} was not accepted ({1}).', host, code), mayHaveArrived: false };
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      const what = code ? t('The request to {0} failed ({1}): {2}', host, code, detail) : t('The request to {0} failed: {1}', host, detail);
      return { kind, cause: 'network', code, what, mayHaveArrived: true };
    }
  }
}

/** A short title for a kind of network failure, for notifications, history and views. */
export function networkFailureTitle(kind: NetworkFailure): string {
  switch (kind) {
    case 'refused':
      return t('Connection refused');
    case 'dns':
      return t('Host not found');
    case 'tls':
      return t('TLS certificate not accepted');
    case 'timeout':
      return t('Timed out');
    case 'reset':
      return t('Connection reset');
    case 'cancelled':
      return t('Cancelled');
    case 'network':
      return t('Network error');
  }
}

/** A description's sentence followed by the caller's advice, if any. */
export function withAdvice(what: string, advice: string): string {
  return advice ? `${what} ${advice}` : what;
}

/** One abort signal for a request: fires on a timeout or when `external` aborts, and says which. */
export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  /** Whether the caller's own signal aborted it (not the timeout). */
  cancelled(): boolean;
  dispose(): void;
}

/** Starts a deadline of `timeoutMs` that also follows the caller's cancellation. */
export function startDeadline(timeoutMs: number, external?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, timeoutMs);
  const onCancel = () => controller.abort();
  external?.addEventListener('abort', onCancel);
  return {
    signal: controller.signal,
    timedOut: () => expired,
    cancelled: () => !expired && external?.aborted === true,
    dispose: () => {
      clearTimeout(timer);
      external?.removeEventListener('abort', onCancel);
    },
  };
}
