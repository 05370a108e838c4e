/**
 * The checks of every message kind that a schema can't express (src/core/messages: list rows,
 * unique ids, template parameters, …) and fixes for the shapes users paste from Meta's Cloud API
 * documentation, placed in the payload text (./findings). ./media does the same for media objects.
 */
import { TextEditSpec } from '../json/edits';
import { JsonPath, ParsedPayload, placesOf } from '../json/jsonc';
import { isObject } from '../json/values';
import { checkKinds } from '../messages';
import { TemplateDefinitions } from '../messages/templateDefinitions';
import { WA_PATH, waOf } from '../payload/envelope';
import { resolveVariables } from '../payload/variables';
import { t } from '../text/l10n';
import { Finding, FixSite, QuickFix, placeDrafts, quickFixOf } from './findings';

export interface MessageCheckContext {
  /** The active environment's variables (template ids written as `{{variables}}` are filled in from them). */
  readonly variables?: Readonly<Record<string, string>>;
  /** The workspace's template definitions (setting `wxc.templates`). */
  readonly templates?: TemplateDefinitions;
}

/**
 * Every finding of the kinds' own checks on a parsed payload (none when it has syntax errors).
 * `value` is what is checked when it is not the text's own value (the payload with variables filled in).
 */
export function checkMessage(parsed: ParsedPayload, context: MessageCheckContext = {}, value: unknown = parsed.value): Finding[] {
  if (parsed.problems.length > 0 || !isObject(value)) return [];
  const variables = context.variables;
  return placeDrafts(parsed, checkKinds({ payload: value, templates: context.templates, fill: (s) => (variables ? resolveVariables(s, variables).value : s) }));
}

const rename = (key: { offset: number; length: number }, to: string): TextEditSpec[] => [{ offset: key.offset, length: key.length, content: JSON.stringify(to) }];

/** Meta's reply-button header media `{ link }` as Webex Connect writes it, `{ url }`. */
function headerWithUrl(header: unknown): unknown {
  if (!isObject(header) || typeof header.type !== 'string' || !isObject(header[header.type])) return header;
  const media = header[header.type] as Record<string, unknown>;
  if (!('link' in media) || 'url' in media) return header;
  const { link, ...rest } = media;
  return { ...header, [header.type]: { url: link, ...rest } };
}

/**
 * Fixes for Meta Cloud API shapes the schema reports: the `interactive` wrapper (→ `wa.list` /
 * `wa.reply`), `preview_url` inside `text` (→ beside it), `link` in a reply header (→ `url`) and
 * `url` in a template media parameter (→ `link`).
 */
export function metaShapeFixes(parsed: ParsedPayload): FixSite[] {
  if (parsed.problems.length > 0 || !isObject(parsed.value)) return [];
  const wa = waOf(parsed.value);
  const drafts: { path: JsonPath; part: 'key' | 'value'; fix: (key?: { offset: number; length: number }) => QuickFix | undefined }[] = [];
  if (wa && isObject(wa.interactive)) {
    const inner = wa.interactive;
    const kind = inner.type === 'list' ? 'list' : inner.type === 'button' ? 'reply' : undefined;
    if (kind) {
      const { type: _type, ...content } = inner;
      void _type;
      const converted = kind === 'reply' && content.header ? { ...content, header: headerWithUrl(content.header) } : content;
      const next: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(wa)) {
        if (k === 'interactive') next[kind] = converted;
        else if (k === 'type') next.type = kind;
        else next[k] = v;
      }
      if (!('type' in next)) next.type = kind;
      const fix = quickFixOf(parsed, { title: t('Convert to Webex Connect\'s "{0}" message', kind), changes: [{ path: [...WA_PATH], value: next }] });
      drafts.push({ path: [...WA_PATH, 'interactive'], part: 'key', fix: () => fix });
      if (wa.type === 'interactive') drafts.push({ path: [...WA_PATH, 'type'], part: 'value', fix: () => fix });
    }
  }
  if (wa && isObject(wa.text) && 'preview_url' in wa.text) {
    const { preview_url: preview, ...text } = wa.text;
    const value = preview === 'true' ? true : preview === 'false' ? false : preview;
    const next: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(wa)) next[k] = k === 'text' ? text : v;
    next.preview_url = value;
    const fix = quickFixOf(parsed, { title: t('Move "preview_url" beside "text"'), changes: [{ path: [...WA_PATH], value: next }] });
    drafts.push({ path: [...WA_PATH, 'text', 'preview_url'], part: 'key', fix: () => fix });
  }
  const header = wa && isObject(wa.reply) && isObject(wa.reply.header) ? wa.reply.header : undefined;
  if (header && typeof header.type === 'string' && isObject(header[header.type])) {
    const media = header[header.type] as Record<string, unknown>;
    if ('link' in media && !('url' in media)) {
      drafts.push({ path: [...WA_PATH, 'reply', 'header', header.type, 'link'], part: 'key', fix: (key) => key && { title: t('Rename to "url"'), preferred: true, edits: rename(key, 'url') } });
    }
  }
  const message = parsed.value.message;
  const parameters = isObject(message) && isObject(message.parameters) ? message.parameters : undefined;
  for (const m of ['image', 'video', 'document']) {
    const p = parameters?.[m];
    if (isObject(p) && 'url' in p && !('link' in p)) {
      drafts.push({ path: ['message', 'parameters', m, 'url'], part: 'key', fix: (key) => key && { title: t('Rename to "link"'), preferred: true, edits: rename(key, 'link') } });
    }
  }
  if (drafts.length === 0) return [];
  const placeAt = placesOf(parsed, drafts.map((d) => d.path));
  const sites: FixSite[] = [];
  for (const d of drafts) {
    const place = placeAt(d.path);
    const span = d.part === 'key' ? place?.key : place;
    const fix = d.fix(place?.key);
    if (span && fix) sites.push({ offset: span.offset, length: span.length, fix });
  }
  return sites;
}
