/**
 * Completions from the workspace's template definitions (setting `wxc.templates`): template ids
 * in `message.template`, and the parameters the chosen template still needs in
 * `message.parameters`. Returns what to offer; the editor turns it into completion items.
 */
import { getLocation, parse } from 'jsonc-parser';
import { t } from '../text/l10n';
import { isObject } from '../json/values';
import { ParameterRole, TemplateDefinitions, missingTemplateParameters, templateLabel } from './templateDefinitions';

export interface TemplateCompletion {
  readonly label: string;
  /** What to insert, in VS Code snippet syntax. */
  readonly snippet: string;
  readonly detail: string;
  /** A template's WhatsApp name (from wxc.templates), shown beside its id and matched when typed. */
  readonly name?: string;
  /** Whether the text at the cursor is a property key being typed (the editor replaces the word there). */
  readonly kind: 'parameter' | 'template';
}

function describe(id: string, defs: TemplateDefinitions): string {
  const def = defs[id];
  return [def.name, def.language, def.body].filter(Boolean).join(' · ');
}

const nameOf = (id: string, defs: TemplateDefinitions) => (typeof defs[id]?.name === 'string' && defs[id].name ? { name: defs[id].name } : {});

const VALUE_SNIPPETS: Record<ParameterRole, string> = {
  'header-media': '{ "link": "${1:https://}" }',
  'header-text': '"$1"',
  body: '"$1"',
  'url-button': '{ "type": "url", "payload": "$1" }',
  otp: '{ "type": "otp", "value": "$1" }',
};

/** What to offer at `offset` of a payload's text, or [] where template definitions have nothing to say. */
export function templateCompletions(text: string, offset: number, definitions: TemplateDefinitions | undefined): TemplateCompletion[] {
  if (!definitions || Object.keys(definitions).length === 0) return [];
  const location = getLocation(text, offset);
  const path = location.path;
  if (path.length === 2 && path[0] === 'message' && path[1] === 'template' && !location.isAtPropertyKey) {
    const quoted = location.previousNode?.type === 'string';
    return Object.keys(definitions).map((id) => ({ label: id, snippet: quoted ? id : JSON.stringify(id), detail: describe(id, definitions), ...nameOf(id, definitions), kind: 'template' }));
  }
  if (!(path.length === 3 && path[0] === 'message' && path[1] === 'parameters' && location.isAtPropertyKey)) return [];
  const payload = parse(text, [], { allowTrailingComma: true }) as unknown;
  const message = isObject(payload) ? payload.message : undefined;
  const id = isObject(message) && typeof message.template === 'string' ? message.template : undefined;
  if (!id || !Object.prototype.hasOwnProperty.call(definitions, id)) return [];
  return missingTemplateParameters(definitions[id], (message as Record<string, unknown>).parameters).map((p) => ({
    label: p.name,
    snippet: `"${p.name}": ${VALUE_SNIPPETS[p.role]}`,
    detail: t('{0} of template {1}', p.what, templateLabel(id, definitions)),
    kind: 'parameter' as const,
  }));
}
