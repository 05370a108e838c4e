/**
 * Which kinds of message a reply to a customer offers, given what is known of their 24-hour
 * window: every kind, in the New WhatsApp Message order, while it is open or unknown (no false
 * alarms); templates first when it is closed, the other kinds after them and marked as outside
 * the window (WhatsApp would fail them with 7710). The kinds come from the registry, never a list here.
 */
import { MessageKind, offeredKinds } from '../messages';
import type { WindowState } from '../inbound/window';

/** A kind a reply offers; `outsideWindow`: the window is closed, so this kind would fail (7710). */
export interface ReplyKind {
  readonly kind: MessageKind;
  readonly outsideWindow: boolean;
}

/** A session message (any kind but a template) is delivered only inside the customer's window. */
export function isSessionKind(kind: MessageKind): boolean {
  return kind.group !== 'Template';
}

/** The kinds a reply offers, in the order the pick shows them. */
export function replyKinds(window: WindowState): ReplyKind[] {
  const kinds = offeredKinds();
  if (window.state !== 'closed') return kinds.map((kind) => ({ kind, outsideWindow: false }));
  const templates = kinds.filter((k) => !isSessionKind(k));
  const session = kinds.filter(isSessionKind);
  return [...templates.map((kind) => ({ kind, outsideWindow: false })), ...session.map((kind) => ({ kind, outsideWindow: true }))];
}
