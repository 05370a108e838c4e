/**
 * Completions from the workspace's template definitions (setting `wxc.templates`): template ids
 * in `message.template`, and the parameters the chosen template still needs in
 * `message.parameters`. Returns what to offer; the editor turns it into completion items, and
 * offers nothing else where this answers (the schema's generic parameters are not that template's).
 */
import { getLocation, parse } from 'jsonc-parser';
import { t } from '../text/l10n';
import { isObject } from '../json/values';
import { escapeSnippetText } from './kind';
import { exampleMediaUrl } from './media';
import { MEDIA } from '../media/table';
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

/**
 * A parameter's value as a snippet, its placeholder selected. The placeholder is never empty (an
 * empty parameter is an error the moment it appears): the parameter's own name for a text, an
 * example link for a header medium (flagged as a placeholder host until replaced, as in the
 * scaffolds), six digits for a one-time password.
 */
function valueSnippet(role: ParameterRole, name: string): string {
  const placeholder = escapeSnippetText(name);
  switch (role) {
    case 'header-media':
      return `{ "link": "\${1:${escapeSnippetText(exampleMediaUrl(MEDIA[name as 'image' | 'video' | 'document']))}}" }`;
    case 'url-button':
      return `{ "type": "url", "payload": "\${1:${placeholder}}" }`;
    case 'otp':
      return '{ "type": "otp", "value": "${1:123456}" }';
    default:
      return `"\${1:${placeholder}}"`;
  }
}

/**
 * What to offer at `offset` of a payload's text: undefined where template definitions have nothing
 * to say, [] where they know the place but nothing is left to offer (every parameter given).
 */
export function templateCompletions(text: string, offset: number, definitions: TemplateDefinitions | undefined): TemplateCompletion[] | undefined {
  if (!definitions || Object.keys(definitions).length === 0) return undefined;
  const location = getLocation(text, offset);
  const path = location.path;
  if (path.length === 2 && path[0] === 'message' && path[1] === 'template' && !location.isAtPropertyKey) {
    const quoted = location.previousNode?.type === 'string';
    return Object.keys(definitions).map((id) => ({ label: id, snippet: quoted ? id : JSON.stringify(id), detail: describe(id, definitions), ...nameOf(id, definitions), kind: 'template' }));
  }
  if (!(path.length === 3 && path[0] === 'message' && path[1] === 'parameters' && location.isAtPropertyKey)) return undefined;
  const payload = parse(text, [], { allowTrailingComma: true }) as unknown;
  const message = isObject(payload) ? payload.message : undefined;
  const id = isObject(message) && typeof message.template === 'string' ? message.template : undefined;
  if (!id || !Object.prototype.hasOwnProperty.call(definitions, id)) return undefined;
  return missingTemplateParameters(definitions[id], (message as Record<string, unknown>).parameters).map((p) => ({
    label: p.name,
    snippet: `"${escapeSnippetText(p.name)}": ${valueSnippet(p.role, p.name)}`,
    detail: t('{0} of template {1}', p.what, templateLabel(id, definitions)),
    kind: 'parameter' as const,
  }));
}
