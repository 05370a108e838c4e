/**
 * The message-type registry: every kind of WhatsApp message Webex Connect documents, in the order
 * menus show them. Adding a kind is one module and one entry here; the schema, snippets, samples,
 * the New WhatsApp Message pick, the checks, the sandbox and the send summary read this list.
 */
import { contacts } from './contacts';
import { hsm } from './hsm';
import { CheckInput, KIND_GROUPS, MessageKind } from './kind';
import { isObject } from '../json/values';
import { list } from './list';
import { location } from './location';
import { MEDIA_KINDS } from './media';
import { reply } from './reply';
import { template } from './template';
import type { TemplateDefinitions } from './templateDefinitions';
import { text } from './text';
import { waOf } from '../payload/envelope';

export const MESSAGE_KINDS: readonly MessageKind[] = [...MEDIA_KINDS, text, location, contacts, list, reply, template, hsm];

/** The kinds that sit in `wa` with a `type`, i.e. every value `wa.type` can take. */
export const WA_KINDS: readonly MessageKind[] = MESSAGE_KINDS.filter((k) => k.placement === 'wa');

/** The kinds offered for new messages (not deprecated), grouped in menu order. */
export function offeredKinds(): MessageKind[] {
  return KIND_GROUPS.flatMap((g) => MESSAGE_KINDS.filter((k) => k.group === g && !k.deprecated));
}

/** A kind by its id ("image", "list", "template"…). */
export function kindById(id: unknown): MessageKind | undefined {
  return typeof id === 'string' ? MESSAGE_KINDS.find((k) => k.id === id) : undefined;
}

/** The title of a send's kind (`Image`, `Template`) from its message type (`image`, `template 6020… (offer)`); the type itself when no kind has it. */
export function kindTitle(messageType: string): string {
  return kindById(messageType.split(' ')[0])?.title ?? messageType;
}

/** The kind of a payload: a template when it has a top-level `message`, else the kind `wa.type` names. */
export function kindOf(payload: unknown): MessageKind | undefined {
  if (isObject(payload) && payload.message !== undefined) return template;
  return kindById(waOf(payload)?.type);
}

/** How a send names the message: "image", "list", "template 602076559564625 (spring_offer)" (the name from wxc.templates). */
export function describeMessage(payload: unknown, templates?: TemplateDefinitions): string {
  const kind = kindOf(payload);
  if (!kind) {
    const type = waOf(payload)?.type;
    return typeof type === 'string' ? type : 'unknown';
  }
  if (!kind.describe || !isObject(payload)) return kind.id;
  return kind.describe({ payload, wa: waOf(payload), templates, fill: (s) => s });
}

/** The findings of every kind's own checks on a payload value (not yet placed in the text). */
export function checkKinds(input: Omit<CheckInput, 'wa'>): ReturnType<NonNullable<MessageKind['check']>> {
  const full: CheckInput = { ...input, wa: waOf(input.payload) };
  return MESSAGE_KINDS.flatMap((k) => k.check?.(full) ?? []);
}

export type { MessageKind } from './kind';
