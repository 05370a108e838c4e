/**
 * The tenant's templates as the workspace describes them (setting `wxc.templates`, by template id):
 * their shape, their placeholders, and the parameters a payload must give. Read by the template
 * kind's checks, its preview, completions and the sandbox.
 */
import { isObject } from '../json/values';
import { t } from '../text/l10n';

export const TEMPLATE_MEDIA = ['image', 'video', 'document'] as const;
export const QUICK_REPLY_MAX = 3;
export const OTP_MAX = 15;
/** WhatsApp refuses a parameter value that puts more than this many spaces in a row into the text. */
export const MAX_CONSECUTIVE_SPACES = 4;
/** The id of the template the scaffold and the sample use (Webex Connect's ids are digits); the sandbox ships its definition. */
export const SAMPLE_TEMPLATE_ID = '602076559564625';
/** Its WhatsApp name. */
export const SAMPLE_TEMPLATE_NAME = 'spring_offer';
/** What WhatsApp allows in a template's name. */
export const TEMPLATE_NAME_PATTERN = '^[a-z0-9_]+$';

/** A template as the workspace describes it (setting `wxc.templates`, keyed by template id). */
export interface TemplateDefinition {
  /** Its WhatsApp name (`spring_offer`): what people call it; the id is what the API takes. */
  readonly name?: string;
  readonly language?: string;
  readonly category?: string;
  /** The header: none, text (with placeholders), or a media kind. */
  readonly header?: { readonly type: 'text' | 'image' | 'video' | 'document'; readonly text?: string };
  /** The body text with its `{{placeholders}}`. */
  readonly body?: string;
  readonly footer?: string;
  readonly buttons?: readonly { readonly type: 'url' | 'quickReply' | 'otp'; readonly name?: string; readonly text?: string; readonly url?: string }[];
}
export type TemplateDefinitions = Readonly<Record<string, TemplateDefinition>>;

/** How a template is named to people: its id, with its name when wxc.templates gives one: `602076559564625 (spring_offer)`. */
export function templateLabel(id: string, definitions: TemplateDefinitions | undefined): string {
  const def = definitions && Object.prototype.hasOwnProperty.call(definitions, id) ? definitions[id] : undefined;
  return typeof def?.name === 'string' && def.name !== '' ? `${id} (${def.name})` : id;
}

/** The placeholders of a template text, in order, without braces: "Hi {{name}}" → ["name"]. */
export function placeholdersOf(text: string | undefined): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const m of text.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/** A body-variable key as written in a payload: `name` or, as the docs write it, `{{name}}`. */
export function parameterName(key: string): string {
  const m = /^\{\{\s*([^{}\s]+)\s*\}\}$/.exec(key);
  return m ? m[1] : key;
}

/** What a template parameter fills in. */
export type ParameterRole = 'header-media' | 'header-text' | 'body' | 'url-button' | 'otp';

/** The parameter keys a template definition needs, with what each is for. */
export function expectedParameters(def: TemplateDefinition): { name: string; what: string; role: ParameterRole }[] {
  const out: { name: string; what: string; role: ParameterRole }[] = [];
  if (def.header?.type === 'text') {
    if (placeholdersOf(def.header.text).length > 0) out.push({ name: 'headerText', what: t('the header text'), role: 'header-text' });
  } else if (def.header) out.push({ name: def.header.type, what: t('the header {0}', def.header.type), role: 'header-media' });
  for (const p of placeholdersOf(def.body)) out.push({ name: p, what: t('a body variable'), role: 'body' });
  for (const b of def.buttons ?? []) {
    if (b.type === 'url' && b.name && (b.url === undefined || placeholdersOf(b.url).length > 0)) out.push({ name: b.name, what: t('the URL button "{0}"', b.text ?? b.name), role: 'url-button' });
    if (b.type === 'otp') out.push({ name: 'otp', what: t('the one-time password'), role: 'otp' });
  }
  return out;
}

/** The parameters a payload gives, by the name its template knows them by (`"{{name}}"` reads as `name`), each with its key as written. */
export function givenParameters(parameters: unknown): Map<string, string> {
  return new Map(Object.keys(isObject(parameters) ? parameters : {}).map((k) => [parameterName(k), k]));
}

/** What a template needs that `parameters` does not give. */
export function missingTemplateParameters(def: TemplateDefinition, parameters: unknown): ReturnType<typeof expectedParameters> {
  const given = givenParameters(parameters);
  return expectedParameters(def).filter((e) => !given.has(e.name));
}
