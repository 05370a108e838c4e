/**
 * The 24-hour customer-care window, as the sandbox plays it: it opens when the customer writes (an
 * MO or a postback) and closes 24 hours later. Every customer is taken to have written when the
 * sandbox started (a newcomer's first send is delivered), except numbers ending in 7710, which never wrote.
 */

export const WINDOW_MS = 24 * 60 * 60 * 1000;
/** The end of a number that never wrote (the delivery trigger of the same code). */
export const NEVER_WROTE_SUFFIX = '7710';

/** What Webex Connect's report says of a session message outside the window (WhatsApp's own words, passed on in `additionalInfo`). */
export const OUTSIDE_WINDOW_INFO = 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';

/** A window as GET /sandbox/customers/{waid} shows it. */
export type WindowView =
  | { readonly open: true; readonly lastWroteAt: string; readonly closesAt: string }
  | { readonly open: false; readonly lastWroteAt: string | null; readonly closedSince: string | null };

/** When a customer the sandbox has no record of last wrote: at start-up, or never (7710). */
export function defaultLastWrote(waid: string, startedAt: number): number | undefined {
  return waid.endsWith(NEVER_WROTE_SUFFIX) ? undefined : startedAt;
}

/** Whether the window of a customer who last wrote at `lastWroteAt` is open at `now` (closed from exactly 24 hours on). */
export function windowOpen(lastWroteAt: number | undefined, now: number): boolean {
  return lastWroteAt !== undefined && now < lastWroteAt + WINDOW_MS;
}

/** The window at `now`, with its times. */
export function windowView(lastWroteAt: number | undefined, now: number): WindowView {
  if (lastWroteAt === undefined) return { open: false, lastWroteAt: null, closedSince: null };
  const wrote = new Date(lastWroteAt).toISOString();
  const end = new Date(lastWroteAt + WINDOW_MS).toISOString();
  return windowOpen(lastWroteAt, now) ? { open: true, lastWroteAt: wrote, closesAt: end } : { open: false, lastWroteAt: wrote, closedSince: end };
}

/** The last-wrote time that closes a window at `now`, as if 24 hours had passed. */
export const closedAt = (now: number): number => now - WINDOW_MS;
