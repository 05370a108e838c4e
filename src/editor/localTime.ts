/** Times as a person reads them in views and dialogs: local, with the date when it is not today. */

const sameDay = (a: Date, b: Date): boolean => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** `10:32 AM` today, `Dec 2, 10:32 AM` on another day; the text as it is when it is not a time. */
export function localTime(iso: string, now = new Date()): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms);
  return sameDay(d, now)
    ? d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** The full local date and time, for tooltips. */
export function localDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toLocaleString() : iso;
}

/** The local time of day with seconds (`10:02:26 AM`), for the steps of a timeline, a few seconds apart. */
export function localClock(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toLocaleTimeString() : iso;
}
