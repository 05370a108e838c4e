/**
 * What the Messaging API refuses in a payload it could read, in the order the sandbox checks it:
 * the envelope's mandatory parameters (7003), the number of destinations (7009), then the message
 * itself through src/core's one schema and one set of rules (7003 for a missing mandatory field,
 * 7004 for anything else), then the template against the known templates (7108, 7003).
 */
import { countRecipients, waOf } from '../core/payload/envelope';
import { formatPath, MAX_DEPTH } from '../core/json/jsonc';
import { MAX_DESTINATIONS } from '../core/media/table';
import { checkKinds } from '../core/messages';
import { isObject } from '../core/json/values';
import { TemplateDefinitions, missingTemplateParameters } from '../core/messages/templateDefinitions';
import { schemaErrors } from '../core/schema/validate';

export interface Refusal {
  readonly code: '7003' | '7004' | '7009' | '7108';
  readonly description: string;
}

/** How many problems a 7004 description lists before it says how many more there are. */
const LISTED = 5;

/** The mandatory envelope parameters a payload lacks, in the order the docs list them. */
export function missingParameters(payload: Record<string, unknown>): string[] {
  const missing: string[] = [];
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (!present(payload.deliverychannel)) missing.push('deliverychannel');
  if (!present(payload.appid)) missing.push('appid');
  // The docs require at least one waid or bsuid; an array of empty entries addresses no one.
  if (countRecipients(payload) === 0) missing.push('destination');
  // A template message (top-level "message") needs no "wa"; every other message is in it.
  if (payload.message === undefined && !waOf(payload)) missing.push('channels.OTT-Messaging.wa');
  return missing;
}

/** Whether a value nests deeper than `limit` (walked without recursion: a client can send any depth). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

const mandatoryMissing = (fields: string[]): Refusal => ({ code: '7003', description: `Mandatory parameters missing: ${fields.join(', ')}` });

function invalid(problems: { path: string; message: string }[]): Refusal {
  const listed = problems.slice(0, LISTED).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : '';
  return { code: '7004', description: `Invalid parameters/values: ${listed.join('; ')}${more}` };
}

/** The template checks: an id the sandbox knows (7108), and every parameter that template has (7003). */
function checkTemplate(message: Record<string, unknown>, templates: TemplateDefinitions): Refusal | undefined {
  // The schema has made sure the id is a string; a {{variable}} left in it is an id like any other.
  const id = message.template as string;
  if (!Object.prototype.hasOwnProperty.call(templates, id)) return { code: '7108', description: `Invalid template id: ${id}` };
  const missing = missingTemplateParameters(templates[id], message.parameters);
  return missing.length > 0 ? mandatoryMissing(missing.map((p) => formatPath(['message', 'parameters', p.name]))) : undefined;
}

/** The API's answer to a payload object it has read, or undefined when it would queue it. */
export function refusalOf(payload: Record<string, unknown>, templates: TemplateDefinitions): Refusal | undefined {
  const missing = missingParameters(payload);
  if (missing.length > 0) return mandatoryMissing(missing);
  if (countRecipients(payload) > MAX_DESTINATIONS) return { code: '7009', description: 'More than 1000 destinations' };
  // A payload is about 8 levels deep; anything far deeper is refused before a check or a page walks it.
  if (nestedDeeperThan(payload, MAX_DEPTH)) return invalid([{ path: '', message: `the payload is nested deeper than ${MAX_DEPTH} levels` }]);

  const errors = schemaErrors(payload);
  const absent = errors.filter((e) => e.missing);
  if (absent.length > 0) return mandatoryMissing([...new Set(absent.map((e) => formatPath(e.path)))]);
  if (errors.length > 0) return invalid(errors.map((e) => ({ path: formatPath(e.path), message: e.message })));

  if (isObject(payload.message)) {
    const refused = checkTemplate(payload.message, templates);
    if (refused) return refused;
  }
  // The checks the schema can't express (list rows, unique ids, template values); what they call
  // an error the API or WhatsApp refuses. Variables are not filled in: the API gets resolved payloads.
  const rules = checkKinds({ payload, fill: (s) => s }).filter((d) => d.severity === 'error');
  if (rules.length > 0) return invalid(rules.map((d) => ({ path: formatPath(d.path), message: d.message })));
  return undefined;
}
