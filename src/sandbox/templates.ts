/**
 * The approved templates the sandbox knows, in the TemplateDefinitions format (the same as the
 * editor's setting `wxc.templates`): the ones shipped in templates.json beside this file, or a
 * file given with `--templates FILE` / WXC_SANDBOX_TEMPLATES.
 */
import { readFileSync } from 'node:fs';
import { TEMPLATE_NAME_PATTERN, type TemplateDefinitions } from '../core/messages/templateDefinitions';
import { isTemplateId } from '../core/messages/templateId';
import shipped from './templates.json';
import { isObject } from '../core/json/values';

const HEADER_TYPES = ['text', 'image', 'video', 'document'];
const BUTTON_TYPES = ['url', 'quickReply', 'otp'];


/**
 * Checks that a value has the shape of template definitions (what the API checks rely on) and
 * returns it typed; throws an Error naming the template and field otherwise.
 */
export function asTemplateDefinitions(value: unknown): TemplateDefinitions {
  if (!isObject(value)) throw new Error('template definitions are a JSON object keyed by template id');
  for (const [id, def] of Object.entries(value)) {
    const where = (field: string) => `template "${id}": ${field}`;
    // Webex Connect's template ids are digits: a file keyed by names would make the sandbox accept what Webex Connect answers 7108.
    if (!isTemplateId(id)) throw new Error(`template "${id}": a template is keyed by its id, the digits Webex Connect shows (e.g. "602076559564625"); put the WhatsApp name in "name"`);
    if (!isObject(def)) throw new Error(`${where('the definition')} must be an object`);
    for (const field of ['name', 'language', 'category', 'body', 'footer']) {
      if (def[field] !== undefined && typeof def[field] !== 'string') throw new Error(`${where(`"${field}"`)} must be text`);
    }
    if (typeof def.name === 'string' && !new RegExp(TEMPLATE_NAME_PATTERN).test(def.name)) throw new Error(`${where('"name"')} is a WhatsApp template name: lower-case letters, digits and underscores`);
    if (def.header !== undefined) {
      if (!isObject(def.header) || !HEADER_TYPES.includes(def.header.type as string)) throw new Error(`${where('"header"')} must be { "type": ${HEADER_TYPES.map((t) => `"${t}"`).join(' | ')}, "text"? }`);
      if (def.header.text !== undefined && typeof def.header.text !== 'string') throw new Error(`${where('"header.text"')} must be text`);
    }
    if (def.buttons !== undefined) {
      if (!Array.isArray(def.buttons)) throw new Error(`${where('"buttons"')} must be an array`);
      def.buttons.forEach((b: unknown, i) => {
        if (!isObject(b) || !BUTTON_TYPES.includes(b.type as string)) throw new Error(`${where(`"buttons[${i}]"`)} must have "type" ${BUTTON_TYPES.map((t) => `"${t}"`).join(', ')}`);
        for (const field of ['name', 'text', 'url']) if (b[field] !== undefined && typeof b[field] !== 'string') throw new Error(`${where(`"buttons[${i}].${field}"`)} must be text`);
      });
    }
  }
  return value as TemplateDefinitions;
}

/** The templates shipped with the sandbox (src/sandbox/templates.json), including the samples' one. */
export const SHIPPED_TEMPLATES: TemplateDefinitions = asTemplateDefinitions(shipped);

/** Reads a templates file; throws an Error that names the file and what is wrong with it. */
export function readTemplatesFile(file: string): TemplateDefinitions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the templates file ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return asTemplateDefinitions(JSON.parse(text));
  } catch (err) {
    throw new Error(`the templates file ${file} is not usable: ${(err as Error).message}`, { cause: err });
  }
}
