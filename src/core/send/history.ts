/** The send history kept per workspace: what was sent where, what came back (never the key), and the delivery reports of each send. */
import { DeliveryReport } from '../delivery/reports';
import { DeliveryTimeline, SendState, SendView, mergeReport, readTimeline, sendState, timelineBytes } from '../delivery/timeline';
import { SendRecord } from './record';
import { isObject } from '../json/values';
import { storedBytes } from '../text/cut';

const HISTORY_LIMIT = 50;
/**
 * The most the whole history takes in workspace state (JSON bytes), which is rewritten on every
 * report: past it the oldest sends go first, never the one just sent or just reported on. (Each
 * send's timeline is bounded by TIMELINE_BYTES_MAX, each report's text by REPORT_TEXT_MAX.)
 */
export const HISTORY_BYTES_MAX = 4 * 1024 * 1024;

/**
 * An entry as versions before the send record stored it: the old response view's Markdown instead of the
 * record it was built from. Such entries stay in workspace state until pushed out by newer sends.
 */
export type LegacyHistoryEntry = Pick<
  SendRecord,
  'id' | 'at' | 'file' | 'environment' | 'endpoint' | 'messageType' | 'recipients' | 'durationMs' | 'httpStatus' | 'code' | 'meaning' | 'transid'
> & {
  /** The old response view's Markdown, shown on the response page as the text it is. */
  readonly report: string;
};

/** What the history holds: records of sends, and entries older versions stored; each with the delivery reports of its transid. */
export type HistoryEntry = (SendRecord | LegacyHistoryEntry) & { readonly timeline?: DeliveryTimeline };


/** The entries of a stored history that can be shown: records and older entries; anything else is skipped. */
export function readHistory(stored: unknown): HistoryEntry[] {
  if (!Array.isArray(stored)) return [];
  const entries = stored
    .filter((e): e is HistoryEntry => isObject(e) && typeof e.id === 'string' && typeof e.code === 'string' && (typeof e.report === 'string' || typeof e.sentBody === 'string'))
    .map((e) => {
      if (e.timeline === undefined) return e;
      const timeline = readTimeline(e.timeline);
      const { timeline: _stored, ...rest } = e;
      void _stored;
      return timeline ? { ...rest, timeline } : rest;
    });
  // Stored by a version without the byte bounds: bounded on reading, the newest send kept.
  return entries.length > 0 ? boundHistory(entries.slice(0, HISTORY_LIMIT), entries[0]) : entries;
}

/** Whether the API queued the send (only then do reports follow). */
export function wasQueued(entry: HistoryEntry): boolean {
  return 'success' in entry ? entry.success : entry.code === '1001';
}

/** The entry as the timeline functions see it. */
export function sendViewOf(entry: HistoryEntry): SendView {
  return { transid: entry.transid, queued: wasQueued(entry), sentBody: 'sentBody' in entry ? entry.sentBody : undefined, timeline: entry.timeline };
}

/** An entry's latest delivery state. */
export function latestState(entry: HistoryEntry): SendState {
  return sendState(sendViewOf(entry));
}

/**
 * Whether an entry was sent with the environment of this name. A report that came by another
 * environment's notify URL is not that send's: it was not checked against the send's webhook
 * secret. Entries stored before the name was kept have only the label, `name (where)`.
 */
function sentWith(entry: HistoryEntry, environment: string): boolean {
  if ('environmentName' in entry && entry.environmentName !== undefined) return entry.environmentName === environment;
  return entry.environment === environment || entry.environment.startsWith(`${environment} (`);
}

/** The list with `entry` first, trimmed to the limits. */
export function addToHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return boundHistory([entry, ...history].slice(0, HISTORY_LIMIT), entry);
}

/** Each entry's stored size, measured once (entries are replaced, never changed). */
const sizes = new WeakMap<HistoryEntry, number>();
function sizeOf(entry: HistoryEntry): number {
  let size = sizes.get(entry);
  if (size === undefined) {
    // The timeline's size from its recipients' (measured once each), plus `,"timeline":`.
    const { timeline, ...rest } = entry;
    size = storedBytes(rest) + (timeline ? 12 + timelineBytes(timeline) : 0);
    sizes.set(entry, size);
  }
  return size;
}

/** The history within HISTORY_BYTES_MAX: the oldest entries dropped first, `keep` (the entry just added or changed) never. The same list when it fits. */
export function boundHistory(history: HistoryEntry[], keep: HistoryEntry): HistoryEntry[] {
  let total = 2 + history.reduce((sum, e) => sum + sizeOf(e) + 1, 0);
  if (total <= HISTORY_BYTES_MAX) return history;
  const kept = [...history];
  for (let i = kept.length - 1; i >= 0 && total > HISTORY_BYTES_MAX; i--) {
    if (kept[i] === keep) continue;
    total -= sizeOf(kept[i]) + 1;
    kept.splice(i, 1);
  }
  return kept;
}

/**
 * The history with a report merged into the timeline of the newest entry with its transid (and,
 * when the report came by an environment's notify URL, sent with that environment); undefined
 * when there is none (the caller keeps the report apart). The same
 * entries (not a copy) when the report was a repeat.
 */
export function addReport(
  history: readonly HistoryEntry[],
  report: DeliveryReport,
  receivedAt: string,
  environment?: string,
): { history: HistoryEntry[]; entry: HistoryEntry; changed: boolean } | undefined {
  const index = history.findIndex((e) => e.transid !== undefined && e.transid === report.transid && (environment === undefined || sentWith(e, environment)));
  if (index < 0) return undefined;
  const entry = history[index];
  const timeline = mergeReport(entry.timeline, report, receivedAt);
  if (timeline === entry.timeline) return { history: [...history], entry, changed: false };
  const updated: HistoryEntry = { ...entry, timeline };
  return { history: boundHistory(history.map((e, i) => (i === index ? updated : e)), updated), entry: updated, changed: true };
}
