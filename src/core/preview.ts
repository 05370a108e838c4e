/**
 * The preview of a payload: payload text + the active environment's variables + the workspace's
 * template definitions → the chat bubble the customer sees (each kind's `preview` in
 * src/core/messages) and the problems the editor underlines (the same checks, with their places:
 * syntax, the schema as VS Code's JSON service reports it, the media and message checks), as plain
 * data for the webview. Nothing here renders.
 */
import { parsePayload } from './json/jsonc';
import { t } from './text/l10n';
import { checkMedia } from './checks/media';
import { checkMessage } from './checks/messages';
import { kindOf } from './messages';
import { waOf } from './payload/envelope';
import { Bubble } from './messages/bubble';
import { isObject } from './json/values';
import { TemplateDefinitions } from './messages/templateDefinitions';
import { validatePayload } from './schema/validate';
import { resolveVariables } from './payload/variables';

export type { Bubble, ContactCard, Header, MediaTile, RichText, Row, Segment } from './messages/bubble';

export interface PreviewProblem {
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  /** The check's id, as the diagnostic's code; "schema" for the schema's findings, absent for syntax errors. */
  readonly rule?: string;
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

export interface PreviewContext {
  /** The active environment's variables; without them `{{names}}` show as written, marked. */
  readonly variables?: Readonly<Record<string, string>>;
  /** The workspace's template definitions (setting `wxc.templates`). */
  readonly templates?: TemplateDefinitions;
}

/** The preview of a payload text: its bubble, and its problems in text order. */
export function buildPreview(text: string, context: PreviewContext = {}): PreviewModel {
  const parsed = parsePayload(text);
  const variables = context.variables ?? {};
  const lookup = (name: string) => (Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined);
  if (parsed.problems.length > 0) {
    return {
      bubble: { kind: 'notice', message: t("The payload can't be read: fix the syntax error to see the message.") },
      problems: parsed.problems.map((p) => ({ severity: 'error', message: p.message, offset: p.offset, length: p.length, line: p.line, column: p.column })),
    };
  }
  const checkContext = context.variables ? { variables: context.variables } : {};
  // The schema's findings as VS Code's JSON service shows them (a warning each), on the text as written.
  const schema = validatePayload(parsed).map((p) => ({ ...p, severity: 'warning' as const, rule: 'schema' }));
  const problems: PreviewProblem[] = [...schema, ...checkMedia(parsed, checkContext), ...checkMessage(parsed, { ...checkContext, templates: context.templates })]
    .sort((a, b) => a.offset - b.offset)
    .map((f) => ({ severity: f.severity, message: f.message, rule: f.rule, offset: f.offset, length: f.length, line: f.line, column: f.column }));
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
