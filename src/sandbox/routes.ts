/**
 * Every request to the sandbox: logged once it ends, refused (421) unless addressed to a loopback
 * name, then routed to the messaging endpoint, a fault route, the sandbox's own interface
 * (/sandbox/…, its customers) or its pages.
 */
import type * as http from 'node:http';
import { MESSAGING_PATH } from '../core/send/endpoint';
import { sendJson } from './answers';
import type { Customers } from './customers';
import type { Deliveries } from './deliveries';
import { type Stalls, faultModeOf, handleFault } from './faults';
import { hostAllowed } from './loopback';
import { handleMessaging } from './messaging';
import type { SandboxSettings } from './options';
import { servePage } from './pages';
import { SANDBOX_PREFIX, handleSandboxRoute, isSandboxPath } from './sandboxRoutes';
import type { Recorder, Traffic } from './traffic';
import type { Webhook } from './webhook';
import { keepLast } from './bounds';

/** What a request may reach of its sandbox. */
export interface SandboxContext {
  /** A fresh id per start (GET /sandbox shows it). */
  readonly instance: string;
  readonly settings: SandboxSettings;
  readonly traffic: Traffic;
  readonly deliveries: Deliveries;
  readonly stalls: Stalls;
  readonly customers: Customers;
  readonly webhook: Webhook;
  /** The base URL, set once the server listens. */
  base: string;
  reset(): void;
}

/** The recorder of one request (into the recorded requests), and its log line when the response ends or is cut off. */
function trackRequest(settings: Pick<SandboxSettings, 'log' | 'limits'>, requests: Traffic['requests'], method: string, path: string, res: http.ServerResponse): Recorder {
  const log = settings.log;
  const started = Date.now();
  const at = new Date(started).toISOString();
  let code = '-';
  res.on('finish', () => {
    // The editor asks GET /sandbox every 15 s while its receiver runs (has the sandbox restarted?):
    // like a health check, its answer is no line in the log of a terminal someone reads.
    if (method === 'GET' && path === SANDBOX_PREFIX && res.statusCode === 200) return;
    log(`${method} ${path} ${code} ${res.statusCode} ${Date.now() - started}ms`);
  });
  // Stalls, resets and clients that leave never reach 'finish' but deserve a line too.
  res.on('close', () => {
    if (res.writableFinished) return;
    log(`${method} ${path} ${code} ${res.headersSent ? res.statusCode : 0} ${Date.now() - started}ms (closed before the response was complete)`);
  });
  return (r) => {
    code = r.code;
    keepLast(requests, { at, method, path, ...r }, settings.limits.requests);
  };
}

/** Answers 421 to a request addressed to another host name; one meant for the API (`recorded`) is recorded too. */
function refuseHost(req: http.IncomingMessage, res: http.ServerResponse, record: Recorder, recorded: boolean): void {
  req.resume();
  if (recorded) record({ keyPresent: req.headers.key !== undefined, keyValid: false, bodyBytes: 0, code: '-', httpStatus: 421 });
  sendJson(res, 421, { error: 'host not allowed; use 127.0.0.1 or localhost' });
}

/** Handles one request to the sandbox. */
export function handleRequest(ctx: SandboxContext, req: http.IncomingMessage, res: http.ServerResponse): void {
  const method = req.method ?? '';
  // Only the path is kept: a query string is the client's business and may hold secrets.
  const path = (req.url ?? '/').split('?')[0];
  const record = trackRequest(ctx.settings, ctx.traffic.requests, method, path, res);
  const faultMode = faultModeOf(path);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');

  if (!hostAllowed(req)) return refuseHost(req, res, record, path === MESSAGING_PATH || faultMode !== undefined);
  if (path === MESSAGING_PATH) return handleMessaging(req, res, record, ctx);
  if (faultMode !== undefined) return handleFault(faultMode, req, res, record, ctx);
  if (isSandboxPath(path)) return handleSandboxRoute(path, req, res, ctx, ctx.settings.log);
  req.resume();
  servePage(path, method, res, ctx);
}
