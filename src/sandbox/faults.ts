/**
 * Misbehaviours served at `/fault/<mode>` + MESSAGING_PATH, so an environment whose baseUrl is
 * `http://127.0.0.1:PORT/fault/<mode>` shows how the extension copes with a broken API. No key
 * check, nothing accepted; each request is recorded with the code "-".
 */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import type { Socket } from 'node:net';
import { MESSAGING_PATH } from '../core/send/endpoint';
import { sendJson } from './answers';
import type { SandboxSettings } from './options';
import { keyStatus } from './serviceKey';
import type { Recorder } from './traffic';

export const FAULT_MODES = Object.freeze(['stall-headers', 'stall-body', 'reset', 'html-500', 'text-200', 'huge-200', '429'] as const);
export type FaultMode = (typeof FAULT_MODES)[number];
const FAULT_PREFIX = '/fault/';
/** Far beyond any real answer, so a client that reads responses without a size cap shows it. */
export const HUGE_FAULT_BYTES = 10 * 1024 * 1024;
const HUGE_CHUNK_BYTES = 64 * 1024;

const isFaultMode = (mode: string): mode is FaultMode => (FAULT_MODES as readonly string[]).includes(mode);

/** The mode named by a fault route (possibly not a known one), or undefined when the path is not one. */
export function faultModeOf(path: string): string | undefined {
  if (!path.startsWith(FAULT_PREFIX) || !path.endsWith(MESSAGING_PATH)) return undefined;
  // `/fault/resources/v1/messaging` matches both ends by sharing its slash; it names no mode at all.
  if (path.length < FAULT_PREFIX.length + MESSAGING_PATH.length) return undefined;
  return path.slice(FAULT_PREFIX.length, path.length - MESSAGING_PATH.length);
}

const FAULT_HTML_500 = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>500 Internal Server Error</title></head>
<body><h1>500 Internal Server Error</h1><p>The server encountered an internal error and was unable to complete your request.</p></body>
</html>
`;

/** Connections a stall mode keeps open on purpose; nothing else would ever end them. */
export class Stalls {
  private readonly sockets = new Set<Socket>();

  /** Keeps a connection open, answering nothing more, until it closes or endAll() ends it. */
  hold(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Ends every held connection. */
  endAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** Streams a valid success body padded to exactly HUGE_FAULT_BYTES, honouring backpressure. */
function streamHuge(res: http.ServerResponse): void {
  // Valid JSON of the success shape, so a client without a size cap would take it as a send.
  const head = Buffer.from(`{"response":[{"code":"1001","transid":"${randomUUID()}","description":"Queued"}],"padding":"`);
  const tail = Buffer.from('"}');
  const chunk = Buffer.alloc(HUGE_CHUNK_BYTES, 'x');
  let remaining = HUGE_FAULT_BYTES - head.length - tail.length;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write(head);
  const pump = () => {
    while (remaining > 0) {
      // A client that went away destroys the response; stop instead of buffering megabytes.
      if (res.destroyed) return;
      const n = Math.min(remaining, chunk.length);
      remaining -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}

interface Fault {
  /** The HTTP status recorded (0: none is ever sent). */
  status: number;
  serve(req: http.IncomingMessage, res: http.ServerResponse, stalls: Stalls): void;
}

const FAULTS: Record<FaultMode, Fault> = {
  'stall-headers': { status: 0, serve: (req, _res, stalls) => stalls.hold(req.socket) },
  'stall-body': {
    status: 200,
    serve: (req, res, stalls) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"response":[');
      stalls.hold(req.socket);
    },
  },
  // An RST rather than a FIN: the client sees ECONNRESET, as from a proxy that drops the line.
  reset: { status: 0, serve: (req) => req.socket.resetAndDestroy() },
  'html-500': {
    status: 500,
    serve: (_req, res) => {
      res.writeHead(500, {
        'Content-Type': 'text/html',
        'Content-Length': Buffer.byteLength(FAULT_HTML_500),
        'Content-Security-Policy': "default-src 'none'",
      });
      res.end(FAULT_HTML_500);
    },
  },
  'text-200': { status: 200, serve: (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 }).end('OK') },
  'huge-200': { status: 200, serve: (_req, res) => streamHuge(res) },
  '429': {
    status: 429,
    serve: (_req, res) => {
      res.setHeader('Retry-After', '30');
      sendJson(res, 429, { response: { code: '7020', description: 'Max transaction limit', transid: randomUUID() } });
    },
  },
};

export interface FaultContext {
  readonly settings: Pick<SandboxSettings, 'serviceKey'>;
  readonly stalls: Stalls;
}

/** Serves a fault route once its body is read (404 for an unknown mode, 405 for a method other than POST), and records it. */
export function handleFault(mode: string, req: http.IncomingMessage, res: http.ServerResponse, record: Recorder, ctx: FaultContext): void {
  const { keyPresent, keyValid } = keyStatus(req, ctx.settings.serviceKey);
  const contentType = req.headers['content-type'];
  let bytes = 0;
  let recorded = false;
  const note = (httpStatus: number) => {
    if (recorded) return;
    recorded = true;
    record({ keyPresent, keyValid, ...(contentType !== undefined ? { contentType } : {}), bodyBytes: bytes, code: '-', httpStatus });
  };
  // A client that leaves before its body is read still made a request worth seeing.
  res.on('close', () => note(0));
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  req.on('end', () => {
    if (!isFaultMode(mode)) {
      note(404);
      return sendJson(res, 404, { error: 'unknown fault mode', modes: FAULT_MODES });
    }
    if (req.method !== 'POST') {
      note(405);
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, { error: 'method not allowed' });
    }
    const fault = FAULTS[mode];
    note(fault.status);
    fault.serve(req, res, ctx.stalls);
  });
}
