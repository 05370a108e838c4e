/**
 * The preview of a payload: payload text + the active environment's variables + the workspace's
 * template definitions → the chat bubble the customer sees (each kind's `preview` in
 * src/core/messages) and the problems of the one checks pipeline (src/core/checks/pipeline: syntax,
 * schema, media, message kinds, variables, with their places), as plain data for the webview.
 * Nothing here renders.
 */
import { PayloadCheckContext, checkPayload } from './checks/pipeline';
import { t } from './text/l10n';
import { kindOf } from './messages';
import { waOf } from './payload/envelope';
import type { Severity } from './checks/findings';
import { Bubble } from './messages/bubble';
import { isObject } from './json/values';
import { resolveVariables } from './payload/variables';

export type { Bubble, ContactCard, Header, MediaTile, RichText, Row, Segment } from './messages/bubble';

export interface PreviewProblem {
  readonly severity: Severity;
  readonly message: string;
  /** The check's id, as the diagnostic's code: "syntax", "schema", or the media or message rule. */
  readonly rule: string;
  readonly offset: number;
  readonly length: number;
  /** 1-based, as editors show them. */
  readonly line: number;
  readonly column: number;
}

export interface PreviewModel {
  /** The kind's id ("image", "list", "template"), when the payload names one. */
  readonly kind?: string;
  /** The kind's title, for the preview's label. */
  readonly title?: string;
  readonly bubble: Bubble;
  readonly problems: readonly PreviewProblem[];
}

/** The active environment's variables (without them `{{names}}` show as written, marked) and name, the templates. */
export type PreviewContext = PayloadCheckContext;

/** The preview of a payload text: its bubble, and its problems in text order. */
export function buildPreview(text: string, context: PreviewContext = {}): PreviewModel {
  const { parsed, findings } = checkPayload(text, context);
  const problems: PreviewProblem[] = findings.map((f) => ({ severity: f.severity, message: f.message, rule: f.rule, offset: f.offset, length: f.length, line: f.line, column: f.column }));
  const variables = context.variables ?? {};
  const lookup = (name: string) => (Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined);
  if (parsed.problems.length > 0) {
    return { bubble: { kind: 'notice', message: t("The payload can't be read: fix the syntax error to see the message.") }, problems };
  }
  const payload = parsed.value;
  const kind = kindOf(payload);
  if (!kind || !isObject(payload)) {
    const type = waOf(payload)?.type;
    const message =
      typeof type === 'string'
        ? t('WhatsApp has no message type "{0}": the preview shows image, audio, video, document, sticker, text, location, contacts, list, reply and template messages.', type)
        : t('Nothing to show yet: give "channels.OTT-Messaging.wa" a "type", or write a template message ("message": {0}).', '{ "template": … }');
    return { bubble: { kind: 'notice', message }, problems };
  }
  const bubble = kind.preview({ payload, wa: waOf(payload), templates: context.templates, fill: (s) => resolveVariables(s, variables).value, lookup });
  return { kind: kind.id, title: kind.title, bubble, problems };
}
