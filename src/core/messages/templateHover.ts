/**
 * What hovering a payload's template id shows: the template the setting `wxc.templates` describes
 * under it (name, language, category, parameters, body). The editor renders it as text.
 */
import { getLocation } from 'jsonc-parser';
import { t } from '../text/l10n';
import { TemplateDefinitions, missingTemplateParameters, templateLabel } from './templateDefinitions';

/** What hovering a payload's template id shows: the template wxc.templates describes under it. */
export interface TemplateHover {
  /** The id's string in the text (quotes included). */
  readonly offset: number;
  readonly length: number;
  /** `Template 602076559564625 (spring_offer)`. */
  readonly title: string;
  /** Language, category and the parameters it takes, as plain text lines. */
  readonly details: string[];
  readonly body?: string;
}

/** The template described under the id at `offset` (the value of `message.template`), or undefined. */
export function templateHoverAt(text: string, offset: number, definitions: TemplateDefinitions | undefined): TemplateHover | undefined {
  if (!definitions) return undefined;
  const location = getLocation(text, offset);
  const node = location.previousNode;
  if (location.isAtPropertyKey || node?.type !== 'string' || location.path.length !== 2 || location.path[0] !== 'message' || location.path[1] !== 'template') return undefined;
  const id = String(node.value);
  if (!Object.prototype.hasOwnProperty.call(definitions, id)) return undefined;
  const def = definitions[id];
  const parameters = missingTemplateParameters(def, undefined).map((p) => p.name);
  const details = [
    [def.language, def.category].filter(Boolean).join(' · '),
    parameters.length ? t('Parameters: {0}', parameters.join(', ')) : t('No parameters'),
  ].filter(Boolean);
  return { offset: node.offset, length: node.length, title: t('Template {0}', templateLabel(id, definitions)), details, ...(def.body ? { body: def.body } : {}) };
}
