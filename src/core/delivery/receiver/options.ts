/** The receiver's contract: what startReceiver takes (ReceiverOptions) and what it gives back (Receiver). */
import type { DeliveryReport } from '../reports';
import type { InboundEvent } from '../../inbound/events';

/** Where a report or an event came: when the receiver took it (ISO), and the environment its path named. */
export interface ReceivedMeta {
  receivedAt: string;
  environment?: string;
}

export interface ReceiverOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** Default: 32 random bytes, base64url. */
  token?: string;
  /** The webhook secret for an environment (the path's last segment, decoded), or undefined: no signature needed. */
  secretFor(environment: string | undefined): string | undefined | Promise<string | undefined>;
  /**
   * Keeps a delivery report. The receiver answers 200 only once this returns (or its promise
   * resolves); a throw or a rejection is answered 500, so Webex Connect posts the report again.
   */
  onReport(report: DeliveryReport, meta: ReceivedMeta): unknown;
  /**
   * Keeps one of the customer's events (an app webhook's MO, postback, or an event of another
   * kind), on the same paths as reports and told apart by the body's shape; answered like
   * onReport. Without it, a body that is not a report is refused (400).
   */
  onEvent?(event: InboundEvent, meta: ReceivedMeta): unknown;
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
