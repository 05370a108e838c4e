/**
 * Before a send: the recipients of a session message whose 24-hour window is known to be closed
 * (WhatsApp would fail the message for them with 7710). A template never is (it is delivered
 * outside the window); an unknown window never is (no false alarms); a bsuid has no window known.
 */
import { isObject } from '../json/values';
import { kindOf } from '../messages';
import { destinationIds } from '../payload/envelope';
import { isSessionKind } from './replyKinds';
import type { WindowState } from '../inbound/window';

/** A recipient whose window is closed, and since when (ISO). */
export interface ClosedWindow {
  readonly waid: string;
  readonly since: string;
}

/** The payload's waids (each once, in order) whose window `windowOf` knows to be closed; none for a template. */
export function closedWindows(payload: unknown, windowOf: (waid: string) => WindowState): ClosedWindow[] {
  const kind = kindOf(payload);
  if (!kind || !isSessionKind(kind) || !isObject(payload)) return [];
  const waids = [...new Set(destinationIds(payload.destination).waid.filter((w): w is string => typeof w === 'string' && w !== ''))];
  const closed: ClosedWindow[] = [];
  for (const waid of waids) {
    const window = windowOf(waid);
    if (window.state === 'closed') closed.push({ waid, since: window.since });
  }
  return closed;
}
