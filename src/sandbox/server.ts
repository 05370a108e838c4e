/**
 * A local stand-in for the Webex Connect Messaging API v1 (WhatsApp), so payloads can be sent
 * end to end without a real service key or a real phone. Plain Node: no VS Code, no dependencies.
 * This file starts and stops it; routes.ts takes each request to the file that answers it.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Customers } from './customers';
import { Deliveries } from './deliveries';
import { Stalls } from './faults';
import { HOST, type SandboxOptions, type SandboxSettings, settingsOf } from './options';
import { type SandboxContext, handleRequest } from './routes';
import { type AcceptedMessage, type DeliveryReportAttempt, type RecordedRequest, clearTraffic, newTraffic } from './traffic';
import { Webhook } from './webhook';

export { MESSAGING_PATH } from '../core/send/endpoint';
export { MAX_BODY_BYTES } from './limits';
export { FAULT_MODES, HUGE_FAULT_BYTES, type FaultMode } from './faults';
export { isLoopbackUrl } from './loopback';
export type { SandboxOptions } from './options';
export type { AcceptedMessage, DeliveryReportAttempt, RecordedRequest } from './traffic';
export { DEFAULT_LIMITS, type SandboxLimits } from './bounds';
export type { CustomerView } from './customers';

export interface Sandbox {
  url: string;
  port: number;
  requests: RecordedRequest[];
  messages: AcceptedMessage[];
  reports: DeliveryReportAttempt[];
  /** Its customers (windows, messages sent to each, their events). */
  customers: Customers;
  /** Where customers' events go now. */
  readonly webhookUrl: string | undefined;
  reset(): void;
  close(): Promise<void>;
}

/** The sandbox handed to its owner once `server` listens on `port`. */
function sandboxOf(server: http.Server, ctx: SandboxContext, port: number): Sandbox {
  let closing: Promise<void> | undefined;
  return {
    url: ctx.base,
    port,
    requests: ctx.traffic.requests,
    messages: ctx.traffic.messages,
    reports: ctx.traffic.reports,
    customers: ctx.customers,
    get webhookUrl() {
      return ctx.webhook.current;
    },
    reset: ctx.reset,
    close: () =>
      (closing ??= new Promise<void>((done, fail) => {
        ctx.deliveries.close();
        ctx.webhook.close();
        server.close((err) => (err ? fail(err) : done()));
        // Keep-alive sockets (fetch keeps them) and stalled fault responses would otherwise
        // hold close() open; this ends every connection, stalls included.
        server.closeAllConnections();
      })),
  };
}

/** Starts the sandbox on 127.0.0.1 and resolves once it is listening. */
export function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  if (!options.serviceKey) return Promise.reject(new Error('startSandbox: serviceKey is required'));
  let settings: SandboxSettings;
  try {
    settings = settingsOf(options);
  } catch (err) {
    return Promise.reject(new Error(`startSandbox: ${(err as Error).message}`));
  }
  const traffic = newTraffic();
  const deliveries = new Deliveries(settings, traffic.reports);
  const stalls = new Stalls();
  const customers = new Customers(settings.limits, settings.clock, settings.clock());
  const secret = settings.webhookSecret;
  const webhook = new Webhook(settings.webhookUrl, () => secret, settings.log);
  // The webhook stays: it is where the events go, not something the sandbox recorded.
  const reset = () => {
    deliveries.reset();
    stalls.endAll();
    clearTraffic(traffic);
    customers.clear();
  };
  const ctx: SandboxContext = { instance: randomUUID(), settings, traffic, deliveries, stalls, customers, webhook, base: '', reset };
  const server = http.createServer((req, res) => handleRequest(ctx, req, res));

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      ctx.base = `http://${HOST}:${port}`;
      resolve(sandboxOf(server, ctx, port));
    });
  });
}
