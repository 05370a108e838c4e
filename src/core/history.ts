/** The send history kept per workspace: what was sent where, and what came back (never the key). */

export const HISTORY_LIMIT = 50;

export interface HistoryEntry {
  readonly id: string;
  /** ISO time the send started. */
  readonly at: string;
  /** The payload file, as shown to the user (workspace-relative path or untitled name). */
  readonly file: string;
  readonly environment: string;
  readonly endpoint: string;
  readonly messageType: string;
  readonly recipients: number;
  readonly durationMs: number;
  readonly httpStatus?: number;
  /** The API's code, or the failure kind (`timeout`, `refused`, …). */
  readonly code: string;
  readonly meaning: string;
  readonly transid?: string;
  /** The response view's text, so it can be reopened. */
  readonly report: string;
}

/** The list with `entry` first, trimmed to the limit. */
export function addToHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...history].slice(0, HISTORY_LIMIT);
}
