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
