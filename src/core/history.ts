/** The send history kept per workspace: what was sent where, and what came back (never the key). */
import { buildReport } from './report';
import { SendRecord } from './sendRecord';

export const HISTORY_LIMIT = 50;

/**
 * An entry as versions before the send record stored it: the response view's text instead of the
 * record it was built from. Such entries stay in workspace state until pushed out by newer sends.
 */
export type LegacyHistoryEntry = Pick<
  SendRecord,
  'id' | 'at' | 'file' | 'environment' | 'endpoint' | 'messageType' | 'recipients' | 'durationMs' | 'httpStatus' | 'code' | 'meaning' | 'transid'
> & {
  /** The response view's text, so it can be reopened. */
  readonly report: string;
};

/** What the history holds: records of sends, and entries older versions stored. */
export type HistoryEntry = SendRecord | LegacyHistoryEntry;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The entries of a stored history that can be shown: records and older entries; anything else is skipped. */
export function readHistory(stored: unknown): HistoryEntry[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (e): e is HistoryEntry => isObject(e) && typeof e.id === 'string' && typeof e.code === 'string' && (typeof e.report === 'string' || typeof e.sentBody === 'string'),
  );
}

/** The response view's text of an entry: built from its record, or as an older version stored it. */
export function reportOf(entry: HistoryEntry): string {
  return 'report' in entry ? entry.report : buildReport(entry);
}

/** The list with `entry` first, trimmed to the limit. */
export function addToHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...history].slice(0, HISTORY_LIMIT);
}
