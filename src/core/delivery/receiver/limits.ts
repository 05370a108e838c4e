/** How much and how long the receiver waits: the body's size, the header and body deadlines, and reading a body within them. */
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import { answer, type Log, where } from './refusals';
import type { Route } from './routes';
import { t } from '../../text/l10n';

export const RECEIVER_MAX_BODY_BYTES = 64 * 1024;
export const RECEIVER_BODY_TIMEOUT_MS = 10_000;

/** A receiver's limits, the options' own or the defaults. */
export interface Limits {
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly headersTimeoutMs: number;
}

/** The limits of ReceiverOptions: those it gives, the defaults for the rest. */
export function limitsOf(options: Partial<Limits>): Limits {
  return {
    maxBodyBytes: options.maxBodyBytes ?? RECEIVER_MAX_BODY_BYTES,
    bodyTimeoutMs: options.bodyTimeoutMs ?? RECEIVER_BODY_TIMEOUT_MS,
    headersTimeoutMs: options.headersTimeoutMs ?? RECEIVER_BODY_TIMEOUT_MS,
  };
}

/** node:http's own timeouts for these limits: the header deadline, and a request deadline past the body's. */
export function serverTimeouts(limits: Limits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs + 5000,
    // Node checks the two timeouts above on this beat (30 s by default, far too coarse here).
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    keepAliveTimeout: 5000,
  };
}

/**
 * Reads a request's body and hands it to `then`, within the limits: a body declared or grown past
 * the size limit is answered 413, one not complete by the deadline 408 (and the connection closed),
 * a client that leaves halfway is logged; in each case `then` is not called.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, route: Route, limits: Limits, log: Log, then: (body: Buffer) => void): void {
  const { maxBodyBytes, bodyTimeoutMs } = limits;
  const declared = Number(req.headers['content-length']);
  if (declared > maxBodyBytes) {
    log(t('Delivery receiver: refused a body {0}: {1} bytes declared, at most {2} (413)', where(route), String(declared), String(maxBodyBytes)));
    return answer(req, res, 413, 'body too large');
  }

  const chunks: Buffer[] = [];
  let bytes = 0;
  let done = false;
  const stop = () => {
    done = true;
    clearTimeout(timer);
    chunks.length = 0;
  };
  const timer = setTimeout(() => {
    if (done) return;
    stop();
    log(t('Delivery receiver: refused a body {0}: not complete after {1} ms (408)', where(route), String(bodyTimeoutMs)));
    answer(req, res, 408, 'body too slow', {}, true);
  }, bodyTimeoutMs);
  req.on('data', (chunk: Buffer) => {
    if (done) return;
    bytes += chunk.length;
    if (bytes > maxBodyBytes) {
      stop();
      log(t('Delivery receiver: refused a body {0}: more than {1} bytes (413)', where(route), String(maxBodyBytes)));
      return answer(req, res, 413, 'body too large');
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (done) return;
    const body = Buffer.concat(chunks);
    stop();
    then(body);
  });
  req.on('error', () => stop());
  req.on('close', () => {
    if (!done && !req.complete) {
      stop();
      log(t('Delivery receiver: a client left before its request was complete {0}', where(route)));
    }
  });
}
