/**
 * Every check on a payload text, in one place: syntax, the schema, the media checks, the message
 * kinds' checks, undefined and malformed `{{variables}}`. The editor's diagnostics, the preview's
 * badges and `wxc validate` all present what this returns, so a finding has the same words, place
 * and severity everywhere.
 */
import { ParsedPayload, Problem, locate, parsePayload } from '../json/jsonc';
import { isObject } from '../json/values';
import type { TemplateDefinitions } from '../messages/templateDefinitions';
import { TEMPLATE_ID_RULE } from '../messages/templateId';
import { Resolution, malformedVariableMessage, resolveVariables } from '../payload/variables';
import { validatePayload } from '../schema/validate';
import { Finding, FixSite, Severity } from './findings';
import { checkMedia } from './media';
import { checkMessage, metaShapeFixes } from './messages';
import { mimeFixes } from './mimeFixes';
import { structuralFixes } from './structure';

export interface PayloadCheckContext {
  /** The active environment's variables; undefined when none is active (undefined variables aren't checked). */
  readonly variables?: Readonly<Record<string, string>>;
  /** How messages name the environment, e.g. `environment "dev"`. */
  readonly environment?: string;
  /** The workspace's template definitions (setting `wxc.templates`). */
  readonly templates?: TemplateDefinitions;
  /** `{{notifyurl}}` is the sender's to fill in or leave out (the command line's), not an undefined variable. */
  readonly notifyUrlBySender?: boolean;
}

export interface PayloadCheckOptions {
  /** Whether to run the schema (default: yes; every surface does, so Send's errors are errors everywhere). */
  readonly schema?: boolean;
}

export interface PayloadChecks {
  readonly parsed: ParsedPayload;
  /** Every finding, in text order (errors first where two start at the same place). */
  readonly findings: Finding[];
  /** Fixes for what the schema reports (wrong shapes, typos, Meta's shapes); found when first read. */
  readonly fixSites: readonly FixSite[];
}

/** Every rule a finding of this pipeline can have besides the media and message-kind rules. */
export const SYNTAX_RULE = 'syntax';
export const SCHEMA_RULE = 'schema';
export const VARIABLE_SYNTAX_RULE = 'variable-syntax';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** A located problem as a finding of one rule and severity, without fixes. */
const asFinding = (p: Problem, rule: string, severity: Severity): Finding => ({ ...p, rule, severity, fixes: [] });

/**
 * Text that looks like a `{{variable}}` but is not one: Send refuses it in every environment, so it
 * is an error, with Send's message. A well-formed reference nothing defines is not one of these.
 */
function malformedVariables(parsed: ParsedPayload, resolution: Resolution<unknown>): Problem[] {
  if ((!isObject(parsed.value) && !Array.isArray(parsed.value)) || resolution.leftovers.length === 0) return [];
  return resolution.leftovers.map((b) => locate(parsed, b.path, malformedVariableMessage(b.text)));
}

/**
 * One finding per problem: where the schema refuses a value and another check explains the same
 * value at the same place (a space in a media URL: the schema's "not a URL" and the media check's
 * "percent-encode it"), they are one problem, shown once with the explaining check's words and fix
 * and the worse severity (Send refuses it). Only checks written to explain such a refusal.
 */
const EXPLAINS_SCHEMA = new Set(['url-encoding', TEMPLATE_ID_RULE]);

function oncePerPlace(findings: Finding[]): Finding[] {
  const schemaAt = new Map<string, Finding>();
  for (const f of findings) if (f.rule === SCHEMA_RULE) schemaAt.set(`${f.offset}:${f.length}`, f);
  if (schemaAt.size === 0) return findings;
  const merged = new Set<Finding>();
  const out = findings.map((f) => {
    const schema = EXPLAINS_SCHEMA.has(f.rule) ? schemaAt.get(`${f.offset}:${f.length}`) : undefined;
    if (!schema || merged.has(schema)) return f;
    merged.add(schema);
    return SEVERITY_ORDER[schema.severity] < SEVERITY_ORDER[f.severity] ? { ...f, severity: schema.severity } : f;
  });
  return out.filter((f) => !merged.has(f));
}

/** Runs every check on a payload text (or one already parsed). */
export function checkPayload(input: string | ParsedPayload, context: PayloadCheckContext = {}, options: PayloadCheckOptions = {}): PayloadChecks {
  const parsed = typeof input === 'string' ? parsePayload(input) : input;
  if (parsed.problems.length > 0) return { parsed, findings: parsed.problems.map((p) => asFinding(p, SYNTAX_RULE, 'error')), fixSites: [] };
  // One walk through the payload's strings for the variable checks (undefined and malformed alike).
  const resolution = resolveVariables(parsed.value, context.variables ?? {});
  const variables = context.variables ? { variables: context.variables, environment: context.environment, resolution, notifyUrlBySender: context.notifyUrlBySender } : {};
  const all = [
    ...(options.schema === false ? [] : validatePayload(parsed).map((p) => asFinding(p, SCHEMA_RULE, 'error'))),
    ...checkMedia(parsed, variables),
    ...checkMessage(parsed, { variables: context.variables, templates: context.templates }),
    ...malformedVariables(parsed, resolution).map((p) => asFinding(p, VARIABLE_SYNTAX_RULE, 'error')),
  ];
  const findings = oncePerPlace(all).sort((a, b) => a.offset - b.offset || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  let fixSites: FixSite[] | undefined;
  return {
    parsed,
    findings,
    get fixSites() {
      return (fixSites ??= [...structuralFixes(parsed), ...mimeFixes(parsed), ...metaShapeFixes(parsed)]);
    },
  };
}
