/**
 * The delivery reports of accepted messages: for each recipient, one per step of its course
 * (deliveryTriggers.ts), a delivery delay apart, posted to a loopback notify URL only, signed when
 * there is a webhook secret, and recorded as attempts.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { deliveryReportBody, signDeliveryReport } from '../core/delivery/reports';
import { destinationIds } from '../core/payload/envelope';
import { deliverySteps } from './deliveryTriggers';
import { isLoopbackUrl, loopbackOnlyLookup } from './loopback';
import type { SandboxSettings } from './options';
import { PendingReports } from './pendingReports';
import type { DeliveryReportAttempt } from './traffic';

const REPORT_TIMEOUT_MS = 10_000;
/** Reports in flight at once, whatever the number of recipients (a send may have 1,000). */
const MAX_REPORTS_IN_FLIGHT = 8;

type Json = Record<string, unknown>;
type About = Pick<DeliveryReportAttempt, 'transid' | 'destination' | 'state' | 'code'>;
type Outcome = Pick<DeliveryReportAttempt, 'status' | 'error'>;

/** Every recipient of a payload, waid then bsuid, as text. */
function recipientsOf(payload: Json): string[] {
  const ids = destinationIds(payload.destination);
  return [...ids.waid, ...ids.bsuid].map((id) => String(id));
}

/**
 * POSTs a report body with node:http rather than fetch: it never follows redirects (a 3xx could
 * point off loopback) and takes a lookup hook, so the loopback rule holds at connect time too.
 */
function postBody(url: URL, body: string, signature: string | undefined, signal: AbortSignal, done: (outcome: Outcome) => void): void {
  const transport = url.protocol === 'https:' ? https : http;
  const req = transport.request(
    url,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        ...(signature !== undefined ? { 'x-hub-signature': signature } : {}),
      },
      lookup: loopbackOnlyLookup,
      agent: false,
      signal,
    },
    (res) => {
      res.resume();
      done({ status: res.statusCode });
    },
  );
  req.on('error', (err) => done({ error: err.message }));
  req.end(body);
}

/** The delivery reports of one sandbox, into its list of attempts. */
export class Deliveries {
  private readonly pending: PendingReports;
  // Bumped by reset(): a report already on its way must not reappear in the cleared lists.
  private generation = 0;
  private closed = false;

  constructor(
    private readonly settings: Pick<SandboxSettings, 'deliveryDelayMs' | 'webhookSecret' | 'log'>,
    private readonly reports: DeliveryReportAttempt[],
  ) {
    this.pending = new PendingReports(settings.deliveryDelayMs, MAX_REPORTS_IN_FLIGHT);
  }

  /** Starts the reports of an accepted payload, when it has a loopback notify URL. */
  schedule(payload: Json, transid: string): void {
    const target = payload.notifyurl;
    if (target === undefined || target === null || target === '') return;
    if (!isLoopbackUrl(target)) {
      this.settings.log(`delivery reports for ${transid} skipped: notifyurl is not a loopback http(s) URL`);
      return;
    }
    const url = new URL(target as string);
    const gen = this.generation;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const correlationid = str(payload.correlationid);
    const callbackData = str(payload.callbackData);
    for (const destination of recipientsOf(payload)) {
      const steps = deliverySteps(payload, destination);
      void (async () => {
        for (const step of steps) {
          await this.pending.pause();
          if (!this.current(gen)) return;
          const body = deliveryReportBody({ transid, destination, ...step, correlationid, callbackData });
          await this.pending.slot(() => this.post(url, { transid, destination, ...step }, body, gen));
        }
      })();
    }
  }

  /** Forgets every report on its way: none is posted or recorded any more. */
  reset(): void {
    this.generation++;
    this.pending.cancel();
  }

  /** Posts no more reports (those in flight are aborted). */
  close(): void {
    this.closed = true;
    this.pending.cancel();
  }

  private current(gen: number): boolean {
    return gen === this.generation && !this.closed;
  }

  /** Posts one report and records how it went (unless a reset came first); resolves once it is settled. */
  private post(url: URL, about: About, body: string, gen: number): Promise<void> {
    if (!this.current(gen)) return Promise.resolve();
    const { webhookSecret, log } = this.settings;
    const controller = new AbortController();
    this.pending.inFlight.add(controller);
    const signature = webhookSecret === undefined ? undefined : signDeliveryReport(body, webhookSecret, 'sha256');
    return new Promise<void>((settle) => {
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        this.pending.inFlight.delete(controller);
        settle();
        if (gen !== this.generation) return;
        this.reports.push({ at: new Date().toISOString(), url: url.href, ...about, signed: signature !== undefined, ...outcome });
        // The origin only: a receiver's path holds its token, which no log may show.
        log(`delivery report ${about.state} ${about.code} for ${about.transid} (${about.destination}) to ${url.origin}: ${outcome.status ?? outcome.error}`);
      };
      const timeout = setTimeout(() => {
        finish({ error: `timed out after ${REPORT_TIMEOUT_MS} ms` });
        controller.abort();
      }, REPORT_TIMEOUT_MS);
      postBody(url, body, signature, controller.signal, finish);
    });
  }
}
