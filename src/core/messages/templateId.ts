/**
 * `message.template` is Webex Connect's template id, a string of digits (15–16 in every real
 * payload), not the template's WhatsApp name. What public code gets wrong: a stray character in the
 * digits (`6020765595x64625`, answered 7108) and the name where the id goes (`spring_offer`).
 */
import { t } from '../text/l10n';
import type { Draft, ValueFix } from './kind';
import { TemplateDefinitions, templateLabel } from './templateDefinitions';

export const TEMPLATE_ID_RULE = 'template-id';
const PATH = ['message', 'template'];

/** Whether a template id is what Webex Connect's ids are: digits only. */
export const isTemplateId = (id: string): boolean => /^[0-9]+$/.test(id);

/** The characters of an id that are not digits, with their 1-based positions, when it is otherwise digits (at least 10, at most 2 strays). */
function strayCharacters(id: string): { char: string; position: number }[] | undefined {
  const chars = [...id];
  const strays = chars.map((char, i) => ({ char, position: i + 1 })).filter((c) => !/[0-9]/.test(c.char));
  return strays.length > 0 && strays.length <= 2 && chars.length - strays.length >= 10 ? strays : undefined;
}

function describeChar(c: string): string {
  if (c === ' ') return t('a space');
  if (c === '\n' || c === '\r') return t('a line break');
  if (c === '\t') return t('a tab');
  return /\s/.test(c) ? JSON.stringify(c) : `"${c}"`;
}

/**
 * The ids wxc.templates knows under a name (a name may have one template per language); written in
 * other letter case, the same name (WhatsApp's names are lower-case) when no name matches exactly.
 */
function idsNamed(definitions: TemplateDefinitions | undefined, name: string): string[] {
  if (!definitions) return [];
  const ids = Object.keys(definitions);
  const exact = ids.filter((id) => definitions[id]?.name === name);
  if (exact.length > 0) return exact;
  const folded = name.toLowerCase();
  return ids.filter((id) => definitions[id]?.name?.toLowerCase() === folded);
}

/** The known ids the stray characters could have been typed for: the id without them, or with a digit in their place. */
function intendedIds(id: string, strays: readonly { position: number }[], definitions: TemplateDefinitions | undefined): string[] {
  if (!definitions) return [];
  const chars = [...id];
  const at = new Set(strays.map((s) => s.position - 1));
  const without = chars.filter((_c, i) => !at.has(i)).join('');
  return Object.keys(definitions).filter((known) => isTemplateId(known) && (known === without || (known.length === chars.length && chars.every((c, i) => at.has(i) || known[i] === c))));
}

function writeId(id: string, definitions: TemplateDefinitions | undefined): ValueFix {
  const language = definitions?.[id]?.language;
  const label = templateLabel(id, definitions);
  return { title: language ? t('Write the template id {0}, {1}', label, language) : t('Write the template id {0}', label), changes: [{ path: PATH, value: id }] };
}

/**
 * The warning for a template id that is not digits: a stray character (named, with its position),
 * a name wxc.templates knows (with a fix that writes its id), or anything else (no fix). `fixable`
 * is false when the id came from a `{{variable}}`, which a fix must not overwrite.
 */
export function checkTemplateId(id: string, definitions: TemplateDefinitions | undefined, fixable: boolean): Draft[] {
  if (isTemplateId(id) || id.trim() === '' || id.includes('{{')) return [];
  const warning = (message: string, fixes: ValueFix[] = []): Draft[] => [{ path: PATH, rule: TEMPLATE_ID_RULE, severity: 'warning', message, ...(fixable && fixes.length ? { fixes } : {}) }];
  const strays = strayCharacters(id);
  if (strays) {
    const which = strays.map((s) => t('{0} at position {1}', describeChar(s.char), s.position)).join(t(' and '));
    return warning(
      t('Template id {0} has {1} among its digits: Webex Connect\'s template ids are digits only, and this one would be answered 7108 (invalid template id).', JSON.stringify(id), which),
      intendedIds(id, strays, definitions).map((known) => writeId(known, definitions)),
    );
  }
  const named = idsNamed(definitions, id);
  if (named.length > 0) {
    return warning(
      t('{0} is the name of template {1}: "message.template" takes the template\'s id (digits), not its WhatsApp name; Webex Connect would answer 7108.', JSON.stringify(id), named.join(', ')),
      named.map((known) => writeId(known, definitions)),
    );
  }
  return warning(
    t('{0} is not a template id: "message.template" takes the id Webex Connect shows for the approved template (Tools → Templates), a string of digits such as "602076559564625", not the template\'s WhatsApp name. Webex Connect would answer 7108.', JSON.stringify(id)),
  );
}

/**
 * The error for an id written as a JSON number (`"template": 602076559564625`, as bodies built by
 * hand have it): it goes in quotes. A number JSON can't keep exactly (over 2^53) gets no fix: the
 * digits it was parsed to may not be the ones written.
 */
export function checkNumericTemplateId(id: number, definitions: TemplateDefinitions | undefined): Draft[] {
  const exact = Number.isSafeInteger(id) && id >= 0;
  const digits = exact ? String(id) : '';
  const message = exact
    ? t('The template id is written as a number ({0}): Webex Connect takes it as a string of digits, "{0}". Put it in quotes.', digits)
    : t('The template id is written as a number too large for JSON to keep exactly ({0}): write the id in quotes, digits as Webex Connect shows them (Tools → Templates).', String(id));
  // The label's name part, as the other fixes show it: `"602076559564625" (spring_offer)`.
  const named = exact ? templateLabel(digits, definitions).slice(digits.length) : '';
  const fixes: ValueFix[] = exact ? [{ title: t('Write the template id "{0}"{1}', digits, named), changes: [{ path: PATH, value: digits }] }] : [];
  return [{ path: PATH, rule: TEMPLATE_ID_RULE, severity: 'error', message, ...(fixes.length ? { fixes } : {}) }];
}

/** The template a payload's id stands for in wxc.templates: its own entry, else the one template of that name (the name-for-id mistake). */
export function resolveTemplateId(id: string, definitions: TemplateDefinitions | undefined): string | undefined {
  if (!definitions || !id) return undefined;
  if (Object.prototype.hasOwnProperty.call(definitions, id)) return id;
  const named = idsNamed(definitions, id);
  return named.length === 1 ? named[0] : undefined;
}
