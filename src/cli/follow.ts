/**
 * `wxc send --follow`: a delivery receiver of its own (core's, on 127.0.0.1) for one send. Its URL
 * is the payload's `{{notifyurl}}`; after the send's 1001 it prints each of that send's delivery
 * reports and each of its recipients' events (what they write, what they tap) as they arrive, and
 * says when the send is done: every recipient Delivered or Read (or Read, or replied, with
 * --until), or one Failed. It never sends anything itself.
 */
import type { DeliveryReport } from '../core/delivery/reports';
import { type Receiver, startReceiver } from '../core/delivery/receiver';
import { notifyUrlFor } from '../core/delivery/receiver';
import type { InboundEvent } from '../core/inbound/events';
import { waidKey } from '../core/inbound/conversations';
import { eventLine, reportLine } from './followLines';

/** When following ends well: every recipient Delivered (or Read), every one Read, or every one replied. */
export type FollowUntil = 'delivered' | 'read' | 'reply';
export const FOLLOW_UNTIL: readonly FollowUntil[] = ['delivered', 'read', 'reply'];

export type FollowOutcome = 'done' | 'failed' | 'timeout' | 'interrupted';

type Received = { readonly report: DeliveryReport; readonly receivedAt: string } | { readonly event: InboundEvent };

export interface FollowRequest {
  readonly transid: string;
  /** The waids (and bsuids) the send addressed. */
  readonly recipients: readonly string[];
  readonly until: FollowUntil;
  /** When the send began (ISO): a customer's message received before it is not a reply to it. */
  readonly since: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Prints one line (a report or an event). */
  readonly print: (line: string) => void;
}

export interface Follower {
  /** The local URL reports and events come to: `http://127.0.0.1:<port>/<token>/<environment>`. */
  readonly localUrl: string;
  /** The token of the receiver's path (for a public notify URL); never printed. */
  readonly token: string;
  /** Waits for the send's reports and events, printing each; resolves when done, failed, timed out or interrupted. */
  follow(request: FollowRequest): Promise<FollowOutcome>;
  close(): Promise<void>;
}

/** Where each recipient stands. */
interface RecipientProgress {
  state: DeliveryReport['state'] | 'Queued';
  replied: boolean;
}

/** Whether a recipient is where `until` wants it (a failure ends it too). */
function finished(p: RecipientProgress, until: FollowUntil): boolean {
  if (p.state === 'Failed') return true;
  if (until === 'read') return p.state === 'Read';
  if (until === 'reply') return p.replied;
  return p.state === 'Delivered' || p.state === 'Read';
}

export interface FollowerOptions {
  readonly port: number;
  readonly environment: string;
  /** Reports and events must carry its x-hub-signature when set. */
  readonly webhookSecret?: string;
  /** The receiver's log lines (refusals), never naming the token or the secret. */
  readonly log: (line: string) => void;
}

/** Starts the receiver; what arrives before `follow` is called is kept and shown then (a report can beat the send's answer). */
export async function startFollower(options: FollowerOptions): Promise<Follower> {
  const early: Received[] = [];
  let take: ((r: Received) => void) | undefined;
  const receive = (r: Received) => (take ? take(r) : early.length < 1000 && early.push(r));
  const receiver: Receiver = await startReceiver({
    port: options.port,
    secretFor: () => options.webhookSecret,
    onReport: (report, meta) => receive({ report, receivedAt: meta.receivedAt }),
    onEvent: (event) => receive({ event }),
    log: options.log,
  });
  return {
    localUrl: notifyUrlFor(receiver.localBaseUrl, receiver.token, options.environment),
    token: receiver.token,
    follow: (request) =>
      new Promise<FollowOutcome>((resolve) => {
        const keys = request.recipients.map(waidKey);
        const progress = new Map(keys.map((k) => [k, { state: 'Queued', replied: false } as RecipientProgress]));
        // A report or event that names no recipient of the send (or none at all) is about the only one, if there is one.
        const recipientOf = (id: string) => progress.get(waidKey(id)) ?? (progress.size === 1 ? [...progress.values()][0] : undefined);
        let ended = false;
        const end = (outcome: FollowOutcome) => {
          if (ended) return;
          ended = true;
          clearTimeout(timer);
          request.signal.removeEventListener('abort', onAbort);
          take = undefined;
          resolve(outcome);
        };
        const check = () => {
          const all = [...progress.values()];
          if (all.length > 0 && all.every((p) => finished(p, request.until))) end(all.some((p) => p.state === 'Failed') ? 'failed' : 'done');
        };
        take = (r) => {
          if (ended) return;
          if ('report' in r) {
            if (r.report.transid !== request.transid) return;
            request.print(reportLine(r.report, r.receivedAt));
            const p = recipientOf(r.report.destination);
            // Reports can come out of order: Read after Delivered stays Read; a failure stays a failure.
            if (p && p.state !== 'Failed' && !(p.state === 'Read' && r.report.state !== 'Failed')) p.state = r.report.state;
          } else {
            const e = r.event;
            const ours = e.type === 'tap' ? e.transid === request.transid : progress.has(waidKey(e.waid)) && e.receivedAt >= request.since;
            if (!ours) return;
            request.print(eventLine(e));
            const p = recipientOf(e.waid);
            if (p) p.replied = true;
          }
          check();
        };
        const onAbort = () => end('interrupted');
        request.signal.addEventListener('abort', onAbort, { once: true });
        const timer = setTimeout(() => end('timeout'), request.timeoutMs);
        for (const r of early.splice(0)) take(r);
      }),
    close: () => receiver.close(),
  };
}
