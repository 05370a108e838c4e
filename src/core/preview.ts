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

/** An origin a CSP source expression can name (CSP's host-source: ASCII labels, an optional port); IPv6 literals can't be. */
const CSP_ORIGIN = /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/;

/**
 * The origins (`https://host[:port]`) of the images the preview may load, sorted, each once: the
 * tiles the public-host rules passed (MediaTile.loadable) that the webview draws as pictures. The
 * preview's CSP allows images from these only, so a redirect to another origin or an address the
 * rules never saw does not load. An origin CSP can't spell (an IPv6 literal, a host with `_` or a last dot) is
 * left out: its image is then not loaded.
 */
export function mediaOrigins(bubble: Bubble): string[] {
  const origins = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      if (value.loadable === true && typeof value.url === 'string' && (value.media === 'image' || value.media === 'sticker')) {
        try {
          const origin = new URL(value.url).origin;
          if (CSP_ORIGIN.test(origin)) origins.add(origin);
        } catch {
          // not loadable without a URL
        }
      }
      Object.values(value).forEach(visit);
    }
  };
  visit(bubble);
  return [...origins].sort();
}
