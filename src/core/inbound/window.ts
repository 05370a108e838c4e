/**
 * The 24-hour customer-care window of one customer, from what the extension has seen: the last
 * incoming message (an MO or a postback opens or renews it for 24 hours) and the last delivery
 * report that failed with 7710 (outside the window). Templates open no window. Pure arithmetic.
 */

/** How long an incoming message keeps the window open. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** The code of a session message that failed because the window was closed. */
export const OUTSIDE_WINDOW_CODE = '7710';

/** What the extension knows of a customer's window. Times are ISO (UTC). */
export type WindowState =
  /** A session message sent before `until` is inside the window. */
  | { readonly state: 'open'; readonly until: string }
  /** Only a template reaches the customer; closed at `since` as far as is known. */
  | { readonly state: 'closed'; readonly since: string }
  /** No incoming message seen and no 7710: nothing is known (no warning should follow from it). */
  | { readonly state: 'unknown' };

/** The facts a window is told from (ISO times; unreadable ones count as absent). */
export interface WindowFacts {
  /** The customer's last incoming message or tap. */
  readonly lastInboundAt?: string;
  /** The last 7710 report for this customer. */
  readonly lastFailed7710At?: string;
}

const ms = (iso: string | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const n = Date.parse(iso);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * The window at `now`: open while `now` is before the last incoming message + 24 h (to the
 * millisecond: at exactly 24 h it is closed); a 7710 later than the last incoming message closes
 * it from then (or from the 24 h mark, when that came first); an incoming message at or after a
 * 7710 reopens it. No incoming message seen: unknown, unless a 7710 says closed.
 */
export function windowState(facts: WindowFacts, now: Date | number | string): WindowState {
  const at = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
  const inbound = ms(facts.lastInboundAt);
  const failed = ms(facts.lastFailed7710At);
  if (inbound !== undefined && (failed === undefined || inbound >= failed)) {
    const until = inbound + WINDOW_MS;
    return at < until ? { state: 'open', until: iso(until) } : { state: 'closed', since: iso(until) };
  }
  if (failed !== undefined) {
    const since = inbound !== undefined ? Math.min(inbound + WINDOW_MS, failed) : failed;
    return { state: 'closed', since: iso(since) };
  }
  return { state: 'unknown' };
}

const iso = (n: number) => new Date(n).toISOString();
