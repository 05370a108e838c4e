/**
 * What a customer can tap in a message: the reply buttons (`wa.reply.action.buttons[].reply`), the
 * list rows (`wa.list.action.sections[].rows[]`) and a template's quick replies
 * (`message.parameters.quickReply[]`), each with the id a tap reports (`buttonPayload`) and the
 * title it shows (`buttonText`). The sandbox refuses taps on anything else; the preview lets only
 * these be tapped.
 */
import { isObject } from '../json/values';
import { waOf } from '../payload/envelope';

export interface Choice {
  readonly kind: 'button' | 'row' | 'quickReply';
  /** What a tap reports as `buttonPayload`. */
  readonly id: string;
  /** What a tap reports as `buttonText`. */
  readonly title: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function replyButtons(wa: Record<string, unknown>): Choice[] {
  const reply = isObject(wa.reply) ? wa.reply : undefined;
  const action = isObject(reply?.action) ? reply.action : undefined;
  return list(action?.buttons).flatMap((b) => {
    const inner = isObject(b) && isObject(b.reply) ? b.reply : undefined;
    const id = text(inner?.id);
    const title = text(inner?.title);
    return id !== undefined && title !== undefined ? [{ kind: 'button' as const, id, title }] : [];
  });
}

function listRows(wa: Record<string, unknown>): Choice[] {
  const body = isObject(wa.list) ? wa.list : undefined;
  const action = isObject(body?.action) ? body.action : undefined;
  return list(action?.sections).flatMap((s) =>
    list(isObject(s) ? s.rows : undefined).flatMap((r) => {
      const id = text(isObject(r) ? r.id : undefined);
      const title = text(isObject(r) ? r.title : undefined);
      return id !== undefined && title !== undefined ? [{ kind: 'row' as const, id, title }] : [];
    }),
  );
}

function quickReplies(payload: Record<string, unknown>): Choice[] {
  const message = isObject(payload.message) ? payload.message : undefined;
  const parameters = isObject(message?.parameters) ? message.parameters : undefined;
  return list(parameters?.quickReply).flatMap((q) => {
    const id = text(isObject(q) ? q.payload : undefined);
    const title = text(isObject(q) ? q.button_text : undefined);
    return id !== undefined && title !== undefined ? [{ kind: 'quickReply' as const, id, title }] : [];
  });
}

/** The choices a payload offers its recipient, in the order they are shown; none for a message without buttons or rows. */
export function choicesOf(payload: unknown): Choice[] {
  if (!isObject(payload)) return [];
  const wa = waOf(payload);
  if (payload.message !== undefined) return quickReplies(payload);
  if (!wa) return [];
  if (wa.type === 'reply') return replyButtons(wa);
  if (wa.type === 'list') return listRows(wa);
  return [];
}
