/**
 * A send's record: what was sent where and what came back. It is made once per send (by
 * `decideSend`), stored as is in the send history, and the response page is built from it.
 * It never holds the service key.
 */
export interface SendRecord {
  readonly id: string;
  /** ISO time the send started. */
  readonly at: string;
  /** The payload file, as shown to the user (workspace-relative path or untitled name). */
  readonly file: string;
  /** The environment's label, e.g. `dev (eu)`. */
  readonly environment: string;
  /** The environment's name in the settings, e.g. `dev` (absent in records stored before it was kept). */
  readonly environmentName?: string;
  readonly endpoint: string;
  readonly messageType: string;
  readonly recipients: number;
  readonly durationMs: number;
  readonly httpStatus?: number;
  /** The API's code, `HTTP <status>` for an answer without one, or the failure kind (`timeout`, `refused`, …). */
  readonly code: string;
  /** What the code means: `Queued`, `Authentication failed`, `Timed out`, … */
  readonly meaning: string;
  /** Shown as the title: `1001 Queued`, `7001 Authentication failed`, `Timed out`. */
  readonly headline: string;
  /** Whether the message was queued. */
  readonly success: boolean;
  readonly transid?: string;
  /** What to do next. */
  readonly advice: string;
  /** The answer's body as shown (pretty-printed when JSON); absent when no answer came. */
  readonly responseBody?: string;
  /** The JSON that was sent. */
  readonly sentBody: string;
}
