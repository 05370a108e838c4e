/** The receiver's contract: what startReceiver takes (ReceiverOptions) and what it gives back (Receiver). */
import type { DeliveryReport } from '../reports';

export interface ReceiverOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** Default: 32 random bytes, base64url. */
  token?: string;
  /** The webhook secret for an environment (the path's last segment, decoded), or undefined: no signature needed. */
  secretFor(environment: string | undefined): string | undefined | Promise<string | undefined>;
  onReport(report: DeliveryReport, meta: { receivedAt: string; environment?: string }): void;
  /** Never given the secret or the token. */
  log?(line: string): void;
  /** 64 KB by default. */
  maxBodyBytes?: number;
  /** A body not complete this long after its headers is answered 408; 10 s by default (Webex Connect's own timeout). */
  bodyTimeoutMs?: number;
  /** Headers not complete this long after the connection opened get 408; 10 s by default. */
  headersTimeoutMs?: number;
}

export interface Receiver {
  readonly port: number;
  /** `http://127.0.0.1:<port>/<token>`; an environment's notify URL is `${base}/${encodeURIComponent(env)}`. */
  readonly localBaseUrl: string;
  /** `/<token>` */
  readonly path: string;
  /** The path's token, for notifyUrlFor() with a public base URL. Never log it. */
  readonly token: string;
  close(): Promise<void>;
}
