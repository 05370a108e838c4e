/**
 * The sandbox's customers, by waid: the messages sent to each (what a tap may answer, and how
 * each went), the events each posted, and each one's 24-hour window. Bounded (bounds.ts): the
 * least recently active customer is forgotten first, and forgetting one takes it back to the
 * start-up rule of window.ts.
 */
import type { Choice } from '../core/messages/choices';
import { type SandboxLimits, keepLast } from './bounds';
import type { DeliveryStep } from './deliveryTriggers';
import { type WindowView, closedAt, defaultLastWrote, windowOpen, windowView } from './window';

/** A message the sandbox accepted for this customer, as a tap sees it. */
export interface SentMessage {
  readonly at: string;
  readonly transid: string;
  /** As a send names it: `reply`, `list`, `template spring_offer`. */
  readonly type: string;
  readonly appId: string;
  /** Its buttons, rows or quick replies (empty: nothing to tap). */
  readonly choices: readonly Choice[];
  /** How its delivery ends for this customer: `Read`, or `Failed 7710`. */
  readonly outcome: string;
}

/** What became of an event's post to the webhook. */
export interface WebhookOutcome {
  /** The webhook's origin (its path may hold a receiver's token). */
  readonly to?: string;
  readonly status?: number;
  readonly error?: string;
}

export interface CustomerEvent {
  readonly at: string;
  readonly event: Record<string, unknown>;
  readonly webhook: WebhookOutcome;
}

interface Customer {
  readonly waid: string;
  lastWroteAt: number | undefined;
  readonly sent: SentMessage[];
  readonly events: CustomerEvent[];
}

/** A customer as GET /sandbox/customers/{waid} shows it. */
export interface CustomerView {
  readonly waid: string;
  readonly window: WindowView;
  readonly messages: readonly SentMessage[];
  readonly events: readonly CustomerEvent[];
}

export class Customers {
  // A Map keeps insertion order: re-inserting on every touch makes its first key the least recently active.
  private readonly known = new Map<string, Customer>();

  constructor(
    private readonly limits: Pick<SandboxLimits, 'customers' | 'sentPerCustomer' | 'eventsPerCustomer'>,
    private readonly clock: () => number,
    private startedAt: number,
  ) {}

  /** How many customers it remembers. */
  get size(): number {
    return this.known.size;
  }

  private touch(waid: string): Customer {
    let customer = this.known.get(waid);
    if (customer) this.known.delete(waid);
    else customer = { waid, lastWroteAt: defaultLastWrote(waid, this.startedAt), sent: [], events: [] };
    this.known.set(waid, customer);
    while (this.known.size > this.limits.customers) this.known.delete(this.known.keys().next().value as string);
    return customer;
  }

  /** Whether the customer's window is open now. */
  windowIsOpen(waid: string): boolean {
    const lastWroteAt = this.known.has(waid) ? this.known.get(waid)!.lastWroteAt : defaultLastWrote(waid, this.startedAt);
    return windowOpen(lastWroteAt, this.clock());
  }

  /** Keeps a message sent to the customer, newest last. */
  sentTo(waid: string, message: SentMessage): void {
    keepLast(this.touch(waid).sent, message, this.limits.sentPerCustomer);
  }

  /** The message `transid` sent to the customer, if it is among those kept. */
  sentMessage(waid: string, transid: string): SentMessage | undefined {
    return this.known.get(waid)?.sent.find((m) => m.transid === transid);
  }

  /** The appId of the newest message sent to the customer. */
  appIdOf(waid: string): string | undefined {
    const sent = this.known.get(waid)?.sent;
    return sent && sent.length > 0 ? sent[sent.length - 1].appId : undefined;
  }

  /** The customer wrote (an MO or a postback): the window opens for 24 hours, and the event is kept. */
  wrote(waid: string, event: CustomerEvent): void {
    const customer = this.touch(waid);
    customer.lastWroteAt = this.clock();
    keepLast(customer.events, event, this.limits.eventsPerCustomer);
  }

  /** Opens the window as if the customer had just written (without an event), or closes it as if 24 hours had passed. */
  setWindow(waid: string, open: boolean): void {
    const now = this.clock();
    this.touch(waid).lastWroteAt = open ? now : closedAt(now);
  }

  /** The customer now, also one the sandbox has no record of (its window by the start-up rule, nothing sent). */
  view(waid: string): CustomerView {
    const customer = this.known.get(waid);
    const lastWroteAt = customer ? customer.lastWroteAt : defaultLastWrote(waid, this.startedAt);
    return { waid, window: windowView(lastWroteAt, this.clock()), messages: customer?.sent ?? [], events: customer?.events ?? [] };
  }

  /** The customers, most recently active first. */
  list(): CustomerView[] {
    return [...this.known.keys()].reverse().map((waid) => this.view(waid));
  }

  /** Forgets every customer; windows start again as at start-up (DELETE /messages, reset()). */
  clear(): void {
    this.known.clear();
    this.startedAt = this.clock();
  }
}

/** How a course of delivery steps ends, as kept with a sent message. */
export function outcomeOf(steps: readonly DeliveryStep[]): string {
  const last = steps[steps.length - 1];
  return last.state === 'Failed' ? `Failed ${last.code}` : last.state;
}
