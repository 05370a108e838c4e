/**
 * The delivery reports of accepted messages: for each recipient, one per step of its course
 * (deliveryTriggers.ts), a delivery delay apart, posted to a loopback notify URL only, signed when
 * there is a webhook secret, and recorded as attempts.
 */
import { deliveryReportBody } from '../core/delivery/reports';
import { destinationIds } from '../core/payload/envelope';
import { keepLast } from './bounds';
import type { DeliveryStep } from './deliveryTriggers';
import { isLoopbackUrl } from './loopback';
import { postBody, signatureOf } from './loopbackPost';
import type { SandboxSettings } from './options';
import { PendingReports } from './pendingReports';
import type { DeliveryReportAttempt } from './traffic';

const REPORT_TIMEOUT_MS = 10_000;
/** Reports in flight at once, whatever the number of recipients (a send may have 1,000). */
const MAX_REPORTS_IN_FLIGHT = 8;

type Json = Record<string, unknown>;
/** A recipient and the reports it gets, in order. */
export type Course = readonly [destination: string, steps: readonly DeliveryStep[]];
type About = Pick<DeliveryReportAttempt, 'transid' | 'destination' | 'state' | 'code'>;
type Outcome = Pick<DeliveryReportAttempt, 'status' | 'error'>;

/** Every recipient of a payload, waid then bsuid, as text. */
export function recipientsOf(payload: Json): string[] {
  const ids = destinationIds(payload.destination);
  return [...ids.waid, ...ids.bsuid].map((id) => String(id));
}

/** The delivery reports of one sandbox, into its list of attempts. */
export class Deliveries {
  private readonly pending: PendingReports;
  // Bumped by reset(): a report already on its way must not reappear in the cleared lists.
  private generation = 0;
  private closed = false;

  constructor(
    private readonly settings: Pick<SandboxSettings, 'deliveryDelayMs' | 'webhookSecret' | 'log' | 'limits'>,
    private readonly reports: DeliveryReportAttempt[],
  ) {
    this.pending = new PendingReports(settings.deliveryDelayMs, MAX_REPORTS_IN_FLIGHT);
  }

  /** Starts the reports of an accepted payload (each recipient's `courses`, in order), when it has a loopback notify URL. */
  schedule(payload: Json, transid: string, courses: readonly Course[]): void {
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
    for (const [destination, steps] of courses) {
      void (async () => {
        for (const step of steps) {
          await this.pending.pause();
          if (!this.current(gen)) return;
          const body = deliveryReportBody({ transid, destination, ...step, correlationid, callbackData });
          await this.pending.slot(() => this.post(url, { transid, destination, state: step.state, code: step.code }, body, gen));
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
    const signature = signatureOf(body, webhookSecret);
    return new Promise<void>((settle) => {
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        this.pending.inFlight.delete(controller);
        settle();
        if (gen !== this.generation) return;
        keepLast(this.reports, { at: new Date().toISOString(), url: url.href, ...about, signed: signature !== undefined, ...outcome }, this.settings.limits.reports);
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
