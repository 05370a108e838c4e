/**
 * The delivery receiver: a small HTTP server on 127.0.0.1 that takes the delivery reports Webex
 * Connect posts to a payload's `notifyurl` and hands each good one to `onReport`. Plain Node.
 *
 * Once its port is exposed (VS Code's Ports view, a tunnel) it faces the internet, so it trusts
 * nothing: one unguessable path (`/<token>` or `/<token>/<environment>`), POST and HEAD only,
 * JSON only, at most 64 KB, a deadline for slow bodies, the `x-hub-signature` HMAC of the raw body
 * when the environment has a webhook secret. Every refusal is a 4xx and a log line that names
 * neither the token nor the secret; nothing a client sends can crash it.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type DeliveryReport, readDeliveryReport, signatureMatches } from './reports';
import { isLoopbackHost } from '../net/hosts';
import { sameSecret } from '../net/secrets';
import { t } from '../text/l10n';

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

export const RECEIVER_MAX_BODY_BYTES = 64 * 1024;
export const RECEIVER_BODY_TIMEOUT_MS = 10_000;
const HOST = '127.0.0.1';
/** After a refusal, how much of the rest of a body is read and thrown away (so the client sees the answer, not a reset) before the connection is cut. */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 1000;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;


/** Log text from a client (an environment name): quoted, control characters escaped, bounded. */
const quoted = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** A new path token: 32 random bytes, base64url. */
export function newReceiverToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A public base URL as the user typed it (a forwarded port, a tunnel): trimmed (a leading or
 * trailing space makes a notify URL invalid), https (http only for this machine), no user name or
 * password, no query or fragment. Returns the base without a trailing slash, or why it is unusable.
 */
export function checkPublicBaseUrl(raw: string): { readonly url: string } | { readonly error: string } {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: t('"{0}" is not a URL. Give the public https:// address of the forwarded port, e.g. https://abc123-8787.euw.devtunnels.ms.', text) };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { error: t('The public URL must start with https:// (Webex Connect posts delivery reports to HTTPS only); {0} does not.', url.origin) };
  }
  if (url.username || url.password) return { error: t('The public URL must not hold a user name or password.') };
  if (url.search || url.hash) return { error: t('The public URL must not have a query (?…) or fragment (#…); the receiver adds its own path.') };
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/**
 * The notify URL of an environment: `<base>/<token>/<environment>`. `base` is a public base URL
 * (checked with checkPublicBaseUrl; throws its error when unusable) or the receiver's local
 * `http://127.0.0.1:<port>`; a base that already ends in `/<token>` (Receiver.localBaseUrl) does
 * not get it twice. Without an environment the URL ends at the token.
 */
export function notifyUrlFor(base: string, token: string, environment?: string): string {
  const checked = checkPublicBaseUrl(base);
  if ('error' in checked) throw new Error(checked.error);
  const root = checked.url.endsWith(`/${token}`) ? checked.url : `${checked.url}/${token}`;
  return environment === undefined || environment === '' ? root : `${root}/${encodeURIComponent(environment)}`;
}

type Route = { readonly ok: true; readonly environment?: string } | { readonly ok: false };

/** Whether a request path is `/<token>` or `/<token>/<environment>` (query ignored), and which environment. */
function routeOf(rawUrl: string, token: string): Route {
  const path = rawUrl.split('?')[0];
  if (!path.startsWith('/')) return { ok: false };
  const segments = path.slice(1).split('/');
  // `/<token>/` is the token alone.
  if (segments.length === 2 && segments[1] === '') segments.pop();
  if (segments.length < 1 || segments.length > 2 || !sameSecret(segments[0], token)) return { ok: false };
  if (segments.length === 1) return { ok: true };
  let environment: string;
  try {
    environment = decodeURIComponent(segments[1]);
  } catch {
    return { ok: false };
  }
  return { ok: true, environment };
}

/** Starts the receiver on 127.0.0.1 and resolves once it listens. */
export function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const token = options.token ?? newReceiverToken();
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) {
    return Promise.reject(new Error('startReceiver: the token must be at least 16 characters of A-Z a-z 0-9 _ -'));
  }
  const maxBodyBytes = options.maxBodyBytes ?? RECEIVER_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? RECEIVER_BODY_TIMEOUT_MS;
  const headersTimeoutMs = options.headersTimeoutMs ?? RECEIVER_BODY_TIMEOUT_MS;
  const log = (line: string) => {
    try {
      options.log?.(line);
    } catch {
      // A failing logger must not take a request down with it.
    }
  };

  function where(route: Route): string {
    return route.ok && route.environment !== undefined ? t('for environment {0}', quoted(route.environment)) : t('without an environment');
  }

  /**
   * Answers. When the body is still coming (a refusal before its end), the rest is read and thrown
   * away for a moment, within bounds, then the connection is cut: closing with unread bytes makes
   * the kernel send a reset, and the client would lose the answer. `close`: the client is stalled,
   * end the connection once answered.
   */
  function answer(req: http.IncomingMessage, res: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}, close = false): void {
    if (res.headersSent || res.destroyed) return;
    const body = status === 200 || req.method === 'HEAD' ? '' : `${text}\n`;
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(close ? { Connection: 'close' } : {}),
      ...headers,
    });
    res.end(body);
    const hasBody = Number(req.headers['content-length']) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (close || req.complete || !hasBody) return;
    let drained = 0;
    const cut = () => req.socket.destroy();
    const timer = setTimeout(cut, DRAIN_MS);
    timer.unref();
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_BYTES) cut();
    });
    req.on('end', () => clearTimeout(timer));
    req.on('close', () => clearTimeout(timer));
    req.resume();
  }

  async function take(req: http.IncomingMessage, res: http.ServerResponse, route: Route & { ok: true }, body: Buffer): Promise<void> {
    let secret: string | undefined;
    try {
      secret = await options.secretFor(route.environment);
    } catch (err) {
      log(t('Delivery receiver: could not read the webhook secret {0}: {1} (answered 500)', where(route), (err as Error).message));
      return answer(req, res, 500, 'internal error');
    }
    if (secret) {
      const header = req.headers['x-hub-signature'];
      const given = Array.isArray(header) ? header.join(', ') : header;
      if (!given) {
        log(t('Delivery receiver: refused a report {0}: no x-hub-signature header, and the environment has a webhook secret (401)', where(route)));
        return answer(req, res, 401, 'signature required');
      }
      if (!signatureMatches(body, given, secret)) {
        log(t('Delivery receiver: refused a report {0}: its x-hub-signature does not match the body with the webhook secret (401)', where(route)));
        return answer(req, res, 401, 'signature invalid');
      }
    }
    const read = readDeliveryReport(body.toString('utf8'));
    if ('error' in read) {
      log(t('Delivery receiver: refused a body {0}: {1} (400)', where(route), read.error));
      return answer(req, res, 400, read.error);
    }
    const meta = { receivedAt: new Date().toISOString(), ...(route.environment !== undefined ? { environment: route.environment } : {}) };
    try {
      options.onReport(read.report, meta);
    } catch (err) {
      log(t('Delivery receiver: a report for transid {0} could not be kept: {1} (answered 500, Webex Connect retries)', quoted(read.report.transid), (err as Error).message));
      return answer(req, res, 500, 'internal error');
    }
    answer(req, res, 200, '');
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const route = routeOf(req.url ?? '', token);
    // The path is never logged: on our route it holds the token, elsewhere it is a stranger's text.
    if (!route.ok) {
      log(t('Delivery receiver: {0} to an unknown path refused (404)', quoted(req.method ?? '')));
      return answer(req, res, 404, 'not found');
    }
    if (req.method === 'HEAD') return answer(req, res, 200, '');
    if (req.method !== 'POST') {
      log(t('Delivery receiver: {0} {1} refused: only POST and HEAD (405)', quoted(req.method ?? ''), where(route)));
      return answer(req, res, 405, 'method not allowed', { Allow: 'POST, HEAD' });
    }
    const type = req.headers['content-type'] ?? '';
    if (!JSON_TYPE.test(type)) {
      log(t('Delivery receiver: refused a body {0}: Content-Type {1} is not JSON (415)', where(route), quoted(type)));
      return answer(req, res, 415, 'JSON only (Content-Type: application/json)');
    }
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
      take(req, res, route, body).catch((err: Error) => {
        log(t('Delivery receiver: internal error: {0}', err.message));
        answer(req, res, 500, 'internal error');
      });
    });
    req.on('error', () => stop());
    req.on('close', () => {
      if (!done && !req.complete) {
        stop();
        log(t('Delivery receiver: a client left before its request was complete {0}', where(route)));
      }
    });
  }

  const server = http.createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: headersTimeoutMs + bodyTimeoutMs + 5000,
      // Node checks the two timeouts above on this beat (30 s by default, far too coarse here).
      connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
      keepAliveTimeout: 5000,
    },
    (req, res) => {
      try {
        handle(req, res);
      } catch (err) {
        log(t('Delivery receiver: internal error: {0}', (err as Error).message));
        answer(req, res, 500, 'internal error');
      }
    },
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Malformed requests, oversized headers, headers too slow: answer when the socket still can, never throw.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE') {
      log(t('Delivery receiver: a client left before its request was complete'));
      return void socket.destroy();
    }
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    log(t('Delivery receiver: refused a malformed or incomplete request: {0} ({1})', err.code ?? err.message, String(status)));
    if (!socket.writable || socket.destroyed) return void socket.destroy();
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    // A client that never reads its answer must not hold the socket.
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      server.on('error', (err) => log(t('Delivery receiver: server error: {0}', err.message)));
      const port = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        localBaseUrl: `http://${HOST}:${port}/${token}`,
        path: `/${token}`,
        token,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            for (const socket of sockets) socket.destroy();
          })),
      });
    });
  });
}
