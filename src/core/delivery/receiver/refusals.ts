/**
 * How the receiver answers and what it logs: short plain-text answers, the rest of a refused body
 * drained so the client sees the answer, malformed requests refused at the socket, and log lines
 * that quote what a client sent and never name the token or the secret.
 */
import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Route } from './routes';
import { t } from '../../text/l10n';

/** Where the receiver's log lines go. */
export type Log = (line: string) => void;

/** After a refusal, how much of the rest of a body is read and thrown away (so the client sees the answer, not a reset) before the connection is cut. */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 1000;

/** The options' logger (read at each line), made safe to call: it never throws, and without one nothing is logged. */
export function safeLog(options: { log?(line: string): void }): Log {
  return (line: string) => {
    try {
      options.log?.(line);
    } catch {
      // A failing logger must not take a request down with it.
    }
  };
}

/** Log text from a client (an environment name): quoted, control characters escaped, bounded. */
export const quoted = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** Where a request went, for a log line: its environment, quoted, never the token. */
export function where(route: Route): string {
  return route.ok && route.environment !== undefined ? t('for environment {0}', quoted(route.environment)) : t('without an environment');
}

/**
 * Answers. When the body is still coming (a refusal before its end), the rest is read and thrown
 * away for a moment, within bounds, then the connection is cut: closing with unread bytes makes
 * the kernel send a reset, and the client would lose the answer. `close`: the client is stalled,
 * end the connection once answered.
 */
export function answer(req: IncomingMessage, res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}, close = false): void {
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
  drain(req);
}

/** Reads and throws away the rest of a refused body, at most DRAIN_BYTES for at most DRAIN_MS, then cuts the connection. */
function drain(req: IncomingMessage): void {
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

/** Node's clientError (malformed requests, oversized headers, headers too slow): answered 400, 431 or 408 when the socket still can, never thrown. */
export function refuseMalformed(err: NodeJS.ErrnoException, socket: Socket, log: Log): void {
  if (err.code === 'ECONNRESET' || err.code === 'HPE_INVALID_EOF_STATE') {
    log(t('Delivery receiver: a client left before its request was complete'));
    return void socket.destroy();
  }
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  log(t('Delivery receiver: refused a malformed or incomplete request: {0} ({1})', err.code ?? err.message, String(status)));
  if (!socket.writable || socket.destroyed) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  // A client that never reads its answer must not hold the socket.
  setTimeout(() => socket.destroy(), DRAIN_MS).unref();
}

/**
 * A CONNECT request (a client taking the receiver for a proxy): Node hands it to no request
 * handler and, with nobody listening, drops the socket without a word. Like every refusal it gets
 * a 4xx (405, only POST and HEAD) and a log line; its target is a stranger's text, never logged.
 */
export function refuseConnect(socket: Socket, log: Log): void {
  log(t('Delivery receiver: {0} refused: only POST and HEAD (405)', quoted('CONNECT')));
  if (!socket.writable || socket.destroyed) return void socket.destroy();
  socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: POST, HEAD\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 19\r\n\r\nmethod not allowed\n');
  setTimeout(() => socket.destroy(), DRAIN_MS).unref();
}
