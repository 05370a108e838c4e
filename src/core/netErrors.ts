/** What kind of network failure a Node/node-fetch error is, shared by the send and the media check. */

export type NetworkFailure = 'refused' | 'dns' | 'reset' | 'timeout' | 'tls' | 'network';

/** The system error code of a failed request (node-fetch puts it on the error or its cause). */
export function errorCode(err: unknown): string {
  const e = err as { code?: unknown; errno?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.errno ?? e?.cause?.code;
  return typeof code === 'string' ? code : '';
}

/** Classifies a request error by its code. */
export function classifyNetworkError(err: unknown): { kind: NetworkFailure; code: string } {
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
