/**
 * The timeline of a send: Queued at send time, then the delivery reports of its transid, per
 * recipient, in the order they happened. Pure: the editor's Sends view, the response page and the
 * history all ask this module what a send's state is; it decides, they show and store.
 */
import { DeliveryReport, DeliveryState, deliveryCodeInfo } from './reports';
import { destinationIds } from '../payload/envelope';
import { t } from '../text/l10n';
import { cutText, storedBytes } from '../text/cut';
import { isObject } from '../json/values';

/** How many events are kept per recipient (the newest); a normal timeline has three. */
const EVENTS_PER_RECIPIENT = 20;
/** How many recipients of one send keep a timeline (a request addresses at most 1,000). */
const RECIPIENTS_PER_SEND = 1000;
/** How many reports whose transid matches no send are kept (the newest). */
const UNMATCHED_LIMIT = 200;
/** The longest report text kept (`Description`, `additionalInfo`, `correlationid`, `callbackData`): a sender can post any length. */
export const REPORT_TEXT_MAX = 1024;
/** The longest report id kept (`transid`, `destination`, `code`, `timeStamp`, a state not known): ids are short. */
export const REPORT_ID_MAX = 128;
/** The most one send's timeline takes in workspace state (JSON bytes); past it, older events of each recipient go first. */
export const TIMELINE_BYTES_MAX = 256 * 1024;
/** The most the reports of unknown transids take together. */
export const UNMATCHED_BYTES_MAX = 256 * 1024;

/** One report as kept in a timeline. */
export interface DeliveryEvent {
  readonly state: Exclude<DeliveryState, 'Queued'>;
  readonly code: string;
  /** The report's own words (untrusted text). */
  readonly description: string;
  /** The report's timeStamp as sent (may be empty or unreadable). */
  readonly timeStamp: string;
  /** When the receiver took it (ISO). */
  readonly receivedAt: string;
}

export interface RecipientTimeline {
  /** The report's `destination` (empty when the report named none). */
  readonly destination: string;
  /** Oldest first. */
  readonly events: readonly DeliveryEvent[];
}

/** The reports of one send, per recipient, in the order the first report of each arrived. */
export type DeliveryTimeline = readonly RecipientTimeline[];

/** A report whose transid matched no send, kept apart. */
export interface UnmatchedReport {
  readonly report: DeliveryReport;
  readonly receivedAt: string;
  /** The environment named by the notify URL's last segment, when there was one. */
  readonly environment?: string;
}

const RANK: Record<DeliveryState, number> = { Queued: 0, Submitted: 1, Delivered: 2, Read: 3, Failed: 4 };

function timeOf(event: Pick<DeliveryEvent, 'timeStamp' | 'receivedAt'>): number {
  const stamped = Date.parse(event.timeStamp);
  return Number.isFinite(stamped) ? stamped : Date.parse(event.receivedAt);
}

/** Two reports are the same report when state, code and timeStamp agree (Webex Connect retries a report up to 3 times). */
function sameEvent(a: DeliveryEvent, b: DeliveryEvent): boolean {
  return a.state === b.state && a.code === b.code && a.timeStamp === b.timeStamp && a.description === b.description;
}

/** The event a report makes, received at `receivedAt`. */
function eventOf(report: DeliveryReport, receivedAt: string): DeliveryEvent {
  const r = storedReport(report);
  return { state: r.state, code: r.code, description: r.description, timeStamp: r.timeStamp, receivedAt: cutText(receivedAt, REPORT_ID_MAX) };
}

/** A report as it is kept: its texts cut to REPORT_TEXT_MAX, its ids to REPORT_ID_MAX. */
export function storedReport(report: DeliveryReport): DeliveryReport {
  const id = (s: string) => cutText(s, REPORT_ID_MAX);
  const text = (s: string) => cutText(s, REPORT_TEXT_MAX);
  return {
    transid: id(report.transid),
    destination: id(report.destination),
    state: report.state,
    code: id(report.code),
    description: text(report.description),
    timeStamp: id(report.timeStamp),
    additionalInfo: text(report.additionalInfo),
    correlationid: text(report.correlationid),
    callbackData: text(report.callbackData),
    ...(report.rawStatus !== undefined ? { rawStatus: id(report.rawStatus) } : {}),
  };
}

/**
 * The timeline with the report merged in: under its recipient, ordered by the report's timeStamp
 * (then arrival), a repeated report once, at most EVENTS_PER_RECIPIENT events (the newest).
 * Returns the same timeline when the report was already there.
 */
export function mergeReport(timeline: DeliveryTimeline | undefined, report: DeliveryReport, receivedAt: string): DeliveryTimeline {
  const current = timeline ?? [];
  const event = eventOf(report, receivedAt);
  const index = current.findIndex((r) => r.destination === report.destination);
  const recipient = index >= 0 ? current[index] : { destination: report.destination, events: [] };
  if (recipient.events.some((e) => sameEvent(e, event))) return current;
  const at = timeOf(event);
  const events = [...recipient.events];
  // After every event that happened at or before it: a tie keeps arrival order.
  let position = events.length;
  while (position > 0 && timeOf(events[position - 1]) > at) position--;
  events.splice(position, 0, event);
  const updated: RecipientTimeline = { destination: cutText(recipient.destination, REPORT_ID_MAX), events: events.slice(-EVENTS_PER_RECIPIENT) };
  if (index >= 0) return boundTimeline(current.map((r, i) => (i === index ? updated : r)));
  if (current.length >= RECIPIENTS_PER_SEND) return current;
  return boundTimeline([...current, updated]);
}

/** Each recipient's (and unmatched report's) stored size, measured once: they are replaced, never changed. */
const sizes = new WeakMap<object, number>();
function sizeOf(r: object): number {
  let size = sizes.get(r);
  if (size === undefined) sizes.set(r, (size = storedBytes(r)));
  return size;
}

/** The size of a timeline as stored (its JSON, in bytes), from its recipients' sizes. */
export function timelineBytes(timeline: DeliveryTimeline): number {
  return timeline.reduce((sum, r) => sum + sizeOf(r) + 1, timeline.length === 0 ? 2 : 1);
}

/** The recipient without its oldest event that is neither the one deciding its state nor its newest; undefined when it has no such event. */
function withoutOldest(r: RecipientTimeline): RecipientTimeline | undefined {
  const deciding = recipientState(r.events).event;
  const newest = r.events[r.events.length - 1];
  const drop = r.events.findIndex((e) => e !== deciding && e !== newest);
  return drop < 0 ? undefined : { destination: r.destination, events: r.events.filter((_, i) => i !== drop) };
}

/**
 * A timeline within TIMELINE_BYTES_MAX: when it is bigger, the biggest recipients give up their
 * oldest events first, never the one deciding their state nor their newest, then descriptions get
 * shorter; what a send is at never changes. The same timeline when it fits.
 */
export function boundTimeline(timeline: DeliveryTimeline): DeliveryTimeline {
  let total = timelineBytes(timeline);
  if (total <= TIMELINE_BYTES_MAX) return timeline;
  const rows = [...timeline];
  const fixed = new Set<number>();
  while (total > TIMELINE_BYTES_MAX) {
    let biggest = -1;
    for (let i = 0; i < rows.length; i++) if (!fixed.has(i) && (biggest < 0 || sizeOf(rows[i]) > sizeOf(rows[biggest]))) biggest = i;
    if (biggest < 0) break;
    const smaller = withoutOldest(rows[biggest]);
    if (!smaller) {
      fixed.add(biggest);
      continue;
    }
    total += sizeOf(smaller) - sizeOf(rows[biggest]);
    rows[biggest] = smaller;
  }
  if (total <= TIMELINE_BYTES_MAX) return rows;
  // Only the deciding and newest events left, still too big (a thousand recipients with long descriptions).
  const short = rows.map((r) => ({ destination: r.destination, events: r.events.map((e) => ({ ...e, description: cutText(e.description, 64) })) }));
  return firstWithin(short, TIMELINE_BYTES_MAX);
}

/** Where a recipient stands, from its events: a failure wins, else the furthest state reached (Read without Delivered still means delivered). */
export interface RecipientState {
  readonly state: DeliveryState;
  /** The event that decided it; absent while only Queued. */
  readonly event?: DeliveryEvent;
  /** Whether the message reached the phone (Delivered or Read seen). */
  readonly delivered: boolean;
}

function recipientState(events: readonly DeliveryEvent[]): RecipientState {
  let best: DeliveryEvent | undefined;
  for (const e of events) if (!best || RANK[e.state] >= RANK[best.state]) best = e;
  const delivered = events.some((e) => e.state === 'Delivered' || e.state === 'Read');
  return best ? { state: best.state, event: best, delivered } : { state: 'Queued', delivered };
}

/** What a send is known as: the recipients it addressed (from the body sent) and their timelines. */
export interface SendView {
  readonly transid?: string;
  /** Whether the API queued it (only then do reports follow). */
  readonly queued: boolean;
  /** The JSON that was sent; its destinations name the recipients. */
  readonly sentBody?: string;
  readonly timeline?: DeliveryTimeline;
}

/** A recipient's row: who, its events, and where it stands. */
export interface RecipientRow extends RecipientState {
  readonly destination: string;
  readonly events: readonly DeliveryEvent[];
}

/** The recipients a body addressed (waid and bsuid ids, as strings), in order, each once. */
export function recipientsOf(sentBody: string | undefined): string[] {
  if (!sentBody) return [];
  let value: unknown;
  try {
    value = JSON.parse(sentBody);
  } catch {
    return [];
  }
  const destination = isObject(value) ? value.destination : undefined;
  const ids = destinationIds(destination);
  return [...new Set([...ids.waid, ...ids.bsuid].filter((id) => typeof id === 'string' || typeof id === 'number').map(String))];
}

/**
 * Every recipient of a send with its state: those the body addressed (Queued until a report
 * comes), then any a report named that the body did not (a destination written another way).
 */
export function recipientRows(send: SendView): RecipientRow[] {
  const timeline = send.timeline ?? [];
  const rows: RecipientRow[] = [];
  const seen = new Set<string>();
  const addressed = send.queued ? recipientsOf(send.sentBody) : [];
  const byDestination = new Map(timeline.map((r) => [r.destination, r]));
  // One recipient and one reported destination: the same person, whatever way the report spells the number.
  if (addressed.length === 1 && timeline.length === 1 && !byDestination.has(addressed[0])) {
    return [{ destination: addressed[0], events: timeline[0].events, ...recipientState(timeline[0].events) }];
  }
  for (const destination of addressed) {
    const events = byDestination.get(destination)?.events ?? [];
    seen.add(destination);
    rows.push({ destination, events, ...recipientState(events) });
  }
  for (const r of timeline) {
    if (seen.has(r.destination)) continue;
    rows.push({ destination: r.destination, events: r.events, ...recipientState(r.events) });
  }
  return rows;
}

/** A send's latest state in a few words and one state for its icon. */
export interface SendState {
  /** Failed when any recipient failed; else the least advanced recipient's state; undefined when the send was not queued. */
  readonly state?: DeliveryState;
  /** `Read`, `Failed 7710 Outside the 24-hour window`, `2 Read · 1 Failed`. */
  readonly summary: string;
  /** The summary without the failure's meaning, for a row's start or a headline: `Failed 7710`, `Read`, `2 Read · 1 Failed`. */
  readonly short: string;
}

/** The name of a state in the user's language. */
export function stateName(state: DeliveryState): string {
  switch (state) {
    case 'Queued':
      return t('Queued');
    case 'Submitted':
      return t('Submitted');
    case 'Delivered':
      return t('Delivered');
    case 'Read':
      return t('Read');
    case 'Failed':
      return t('Failed');
  }
}

/** A code's meaning from the table, else the report's own words (untrusted text), else nothing. */
export function meaningOf(code: string, description = ''): string {
  return deliveryCodeInfo(code)?.meaning ?? description;
}

/** What a send is at now, for the history, the Sends view and the response page. */
export function sendState(send: SendView): SendState {
  if (!send.queued) return { summary: '', short: '' };
  const rows = recipientRows(send);
  if (rows.length === 0) return { state: 'Queued', summary: stateName('Queued'), short: stateName('Queued') };
  const failed = rows.find((r) => r.state === 'Failed');
  let state: DeliveryState = failed ? 'Failed' : rows.reduce<DeliveryState>((low, r) => (RANK[r.state] < RANK[low] ? r.state : low), 'Read');
  if (rows.length === 1) {
    const only = rows[0];
    state = only.state;
    if (only.state === 'Failed' && only.event) {
      const short = `${stateName('Failed')} ${only.event.code}`.trim();
      return { state, summary: `${short} ${meaningOf(only.event.code, only.event.description)}`.trim(), short };
    }
    return { state, summary: stateName(state), short: stateName(state) };
  }
  const counts = new Map<DeliveryState, number>();
  for (const r of rows) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  if (counts.size === 1) return { state, summary: stateName(state), short: stateName(state) };
  const order: DeliveryState[] = ['Failed', 'Read', 'Delivered', 'Submitted', 'Queued'];
  const summary = order
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${stateName(s)}`)
    .join(' · ');
  return { state, summary, short: summary };
}

/** The unmatched list with a report added (newest first, a repeat once, at most UNMATCHED_LIMIT). */
export function addUnmatched(list: readonly UnmatchedReport[], entry: UnmatchedReport): UnmatchedReport[] {
  const r = entry.report;
  const repeat = list.some(
    (u) => u.report.transid === r.transid && u.report.destination === r.destination && u.report.state === r.state && u.report.code === r.code && u.report.timeStamp === r.timeStamp,
  );
  if (repeat) return [...list];
  return firstWithin([{ ...entry, report: storedReport(entry.report) }, ...list].slice(0, UNMATCHED_LIMIT), UNMATCHED_BYTES_MAX);
}

/** The first items of a list whose JSON together takes at most `max` bytes. */
function firstWithin<T extends object>(list: readonly T[], max: number): T[] {
  const kept: T[] = [];
  let total = 1;
  for (const item of list) {
    total += sizeOf(item) + 1;
    if (total > max) break;
    kept.push(item);
  }
  return kept;
}

/** The reports of `transid` taken out of the unmatched list (a send's own reports can arrive before its answer is stored). */
export function takeUnmatched(list: readonly UnmatchedReport[], transid: string): { taken: UnmatchedReport[]; rest: UnmatchedReport[] } {
  const taken = list.filter((u) => u.report.transid === transid).reverse();
  return { taken, rest: taken.length === 0 ? [...list] : list.filter((u) => u.report.transid !== transid) };
}

const STATES: ReadonlySet<string> = new Set(['Submitted', 'Delivered', 'Read', 'Failed']);

function readEvent(v: unknown): DeliveryEvent | undefined {
  if (!isObject(v) || typeof v.state !== 'string' || !STATES.has(v.state)) return undefined;
  const s = (x: unknown, max = REPORT_ID_MAX) => (typeof x === 'string' ? cutText(x, max) : '');
  return { state: v.state as DeliveryEvent['state'], code: s(v.code), description: s(v.description, REPORT_TEXT_MAX), timeStamp: s(v.timeStamp), receivedAt: s(v.receivedAt) };
}

/** A timeline as stored (workspace state is JSON anyone could have edited): what can be read of it, bounded. */
export function readTimeline(stored: unknown): DeliveryTimeline | undefined {
  if (!Array.isArray(stored)) return undefined;
  const out: RecipientTimeline[] = [];
  for (const r of stored.slice(0, RECIPIENTS_PER_SEND)) {
    if (!isObject(r) || typeof r.destination !== 'string' || !Array.isArray(r.events)) continue;
    const events = r.events.map(readEvent).filter((e): e is DeliveryEvent => e !== undefined).slice(-EVENTS_PER_RECIPIENT);
    out.push({ destination: cutText(r.destination, REPORT_ID_MAX), events });
  }
  return boundTimeline(out);
}

/** The unmatched reports as stored: the readable ones, bounded. */
export function readUnmatched(stored: unknown): UnmatchedReport[] {
  if (!Array.isArray(stored)) return [];
  const out: UnmatchedReport[] = [];
  for (const u of stored.slice(0, UNMATCHED_LIMIT)) {
    if (!isObject(u) || !isObject(u.report) || typeof u.receivedAt !== 'string') continue;
    const r = u.report;
    const event = readEvent(r);
    if (!event || typeof r.transid !== 'string') continue;
    const s = (x: unknown) => (typeof x === 'string' ? x : '');
    out.push({
      report: storedReport({
        transid: r.transid,
        destination: s(r.destination),
        state: event.state,
        code: event.code,
        description: event.description,
        timeStamp: event.timeStamp,
        additionalInfo: s(r.additionalInfo),
        correlationid: s(r.correlationid),
        callbackData: s(r.callbackData),
      }),
      receivedAt: u.receivedAt,
      ...(typeof u.environment === 'string' ? { environment: u.environment } : {}),
    });
  }
  return firstWithin(out, UNMATCHED_BYTES_MAX);
}
