/**
 * The sandbox's own HTTP interface, under /sandbox (no service key: like GET /messages it answers
 * only this machine, and changes come only from scripts or its own page):
 *   GET /sandbox                              what this server is (the editor asks it to know a sandbox, and by its
 *                                             instance whether it restarted)
 *   GET|PUT|DELETE /sandbox/webhook           where the customers' events go
 *   GET /sandbox/customers                    every customer it remembers
 *   GET /sandbox/customers/{waid}             one customer: its window, the messages sent to it, its events
 *   POST /sandbox/customers/{waid}/messages   the customer writes or taps
 *   POST /sandbox/customers/{waid}/window     {"open": false} closes its window, {"open": true} opens it
 */
import type * as http from 'node:http';
import { SANDBOX_IDENTITY } from '../core/net/sandboxApi';
import { MESSAGING_PATH } from '../core/send/endpoint';
import { sendJson } from './answers';
import { type ControlBody, originAllowed, readControlBody, refuse } from './controlBody';
import { type Refused, isRefused, readCustomerAction, readWaid, readWebhookChange, readWindowChange } from './customerInput';
import { customerActs } from './customerMessages';
import type { Customers } from './customers';
import type { SandboxSettings } from './options';
import type { Webhook } from './webhook';

export const SANDBOX_PREFIX = '/sandbox';

export interface SandboxRoutesContext {
  /** A fresh id each time a sandbox starts: the editor tells a restarted sandbox (which forgot its webhook) by it. */
  readonly instance: string;
  readonly settings: Pick<SandboxSettings, 'limits' | 'clock' | 'webhookSecret'>;
  readonly customers: Customers;
  readonly webhook: Webhook;
}

type Handler = (res: http.ServerResponse, body: ControlBody | undefined) => void | Promise<void>;
interface Route {
  readonly handlers: Readonly<Record<string, Handler>>;
  /** The methods that take a body. */
  readonly withBody: readonly string[];
}

/** After a form from the page: back to the page, at the customer. */
function backToPage(res: http.ServerResponse, waid?: string): void {
  res.writeHead(303, { Location: waid === undefined ? '/' : `/#customer-${encodeURIComponent(waid)}`, 'Content-Length': 0 }).end();
}

function identity(ctx: SandboxRoutesContext): Record<string, unknown> {
  return {
    sandbox: SANDBOX_IDENTITY,
    instance: ctx.instance,
    messaging: MESSAGING_PATH,
    webhook: ctx.webhook.current ?? null,
    signed: ctx.settings.webhookSecret !== undefined,
    limits: ctx.settings.limits,
  };
}

function webhookRoute(ctx: SandboxRoutesContext): Route {
  const show = (res: http.ServerResponse) => sendJson(res, 200, { url: ctx.webhook.current ?? null, signed: ctx.settings.webhookSecret !== undefined });
  return {
    withBody: ['PUT'],
    handlers: {
      GET: show,
      PUT: (res, body) => {
        const change = readWebhookChange(body!.value);
        const problem = isRefused(change) ? change.refused : ctx.webhook.set(change.url);
        if (problem) return refuse(res, 400, `webhook url ${problem}`, body!.form);
        if (body!.form) return backToPage(res);
        show(res);
      },
      DELETE: (res) => {
        ctx.webhook.clear();
        res.writeHead(204).end();
      },
    },
  };
}

function customerRoute(ctx: SandboxRoutesContext, waid: string, action: string | undefined): Route | undefined {
  if (action === undefined) return { withBody: [], handlers: { GET: (res) => sendJson(res, 200, ctx.customers.view(waid)) } };
  if (action === 'window') {
    return {
      withBody: ['POST'],
      handlers: {
        POST: (res, body) => {
          const change = readWindowChange(body!.value);
          if (isRefused(change)) return refuse(res, 400, change.refused, body!.form);
          ctx.customers.setWindow(waid, change.open);
          if (body!.form) return backToPage(res, waid);
          sendJson(res, 200, ctx.customers.view(waid).window);
        },
      },
    };
  }
  if (action === 'messages') {
    return {
      withBody: ['POST'],
      handlers: {
        POST: async (res, body) => {
          const read = readCustomerAction(body!.value);
          if (isRefused(read)) return refuse(res, 400, read.refused, body!.form);
          const answer = await customerActs(waid, read, { customers: ctx.customers, webhook: ctx.webhook, clock: ctx.settings.clock, sentPerCustomer: ctx.settings.limits.sentPerCustomer });
          if (body!.form && answer.status !== 400) return backToPage(res, waid);
          if (body!.form) return refuse(res, 400, String(answer.body.error), true);
          sendJson(res, answer.status, answer.body);
        },
      },
    };
  }
  return undefined;
}

/** The route of a path under /sandbox, a refusal for a waid that is none, or undefined for no route. */
function routeOf(path: string, ctx: SandboxRoutesContext): Route | Refused | undefined {
  if (path === SANDBOX_PREFIX) return { withBody: [], handlers: { GET: (res) => sendJson(res, 200, identity(ctx)) } };
  if (path === `${SANDBOX_PREFIX}/webhook`) return webhookRoute(ctx);
  if (path === `${SANDBOX_PREFIX}/customers`) return { withBody: [], handlers: { GET: (res) => sendJson(res, 200, { customers: ctx.customers.list() }) } };
  const match = /^\/sandbox\/customers\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!match) return undefined;
  const waid = readWaid(match[1]);
  if (isRefused(waid)) return waid;
  return customerRoute(ctx, waid.waid, match[2]);
}

/** Whether a path is the sandbox's own interface. */
export const isSandboxPath = (path: string): boolean => path === SANDBOX_PREFIX || path.startsWith(`${SANDBOX_PREFIX}/`);

/** Serves a request under /sandbox: 404, 405 (with Allow), 403 from another site, or the route's answer. */
export function handleSandboxRoute(path: string, req: http.IncomingMessage, res: http.ServerResponse, ctx: SandboxRoutesContext, log: (line: string) => void): void {
  const method = req.method ?? '';
  const route = routeOf(path, ctx);
  if (route === undefined || isRefused(route)) {
    req.resume();
    return route === undefined ? sendJson(res, 404, { error: 'not found' }) : sendJson(res, 400, { error: route.refused });
  }
  const handler = Object.hasOwn(route.handlers, method) ? route.handlers[method] : undefined;
  if (!handler) {
    req.resume();
    res.setHeader('Allow', Object.keys(route.handlers).join(', '));
    return sendJson(res, 405, { error: 'method not allowed' });
  }
  if (method !== 'GET' && method !== 'HEAD' && !originAllowed(req)) {
    req.resume();
    return sendJson(res, 403, { error: 'requests from another site are refused: the sandbox takes changes from scripts and its own page only' });
  }
  const run = (body: ControlBody | undefined) => {
    Promise.resolve(handler(res, body)).catch((err: Error) => {
      // A bug of ours must not bring the server down on what a client sent.
      log(`internal error on ${method} ${path}: ${err.message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  };
  if (!route.withBody.includes(method)) {
    req.resume();
    return run(undefined);
  }
  readControlBody(req, res, run);
}
