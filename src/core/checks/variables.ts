/**
 * `{{variables}}` the active environment doesn't define: one finding per reference, with a fix that
 * defines it (or, for `{{notifyurl}}`, starts the delivery receiver that fills it in).
 */
import { JsonPath, ParsedPayload, formatPath, lineStarts, placesOf, positionAt } from '../json/jsonc';
import { own } from '../json/values';
import { NOTIFY_URL_VARIABLE, Resolution, resolveVariables, variableReferencePattern } from '../payload/variables';
import { t } from '../text/l10n';
import { Finding, QuickFix } from './findings';

export interface VariableCheckContext {
  /** The active environment's variables; undefined when no environment is active (variables aren't checked). */
  readonly variables?: Readonly<Record<string, string>>;
  /** How to name the environment in messages, e.g. `environment "dev"`. */
  readonly environment?: string;
  /** The payload value resolved with `variables`, when the caller has it already (the pipeline resolves once for every check). */
  readonly resolution?: Resolution<unknown>;
  /** `{{notifyurl}}` is the sender's to fill in or leave out (`wxc send` does, with or without --follow), so it is not reported. */
  readonly notifyUrlBySender?: boolean;
}

function undefinedVariable(name: string, environment: string): Pick<Finding, 'message' | 'fixes'> {
  const define: QuickFix = { title: t('Define {0} in {1}…', `{{${name}}}`, environment), defineVariable: name, preferred: name !== NOTIFY_URL_VARIABLE };
  if (name === NOTIFY_URL_VARIABLE) {
    return {
      // Braces are built outside the message: t() reads "{{" as an escape.
      message: t('{0} is filled in while the delivery receiver runs: start it with "Webex Connect: Start Delivery Receiver".', `{{${name}}}`),
      fixes: [{ title: t('Start Delivery Receiver'), startReceiver: true, preferred: true }, define],
    };
  }
  return { message: t("{0} is not defined in {1}, so it can't be filled in when sending.", `{{${name}}}`, environment), fixes: [define] };
}

/** Every reference to a variable the environment doesn't define, in document order (none without an environment). */
export function checkVariables(parsed: ParsedPayload, context: VariableCheckContext): Finding[] {
  const variables = context.variables;
  if (!variables || parsed.problems.length > 0) return [];
  // The strings that hold a reference the variables don't define (once each, in document order).
  const withUndefined = new Map<string, JsonPath>();
  for (const u of (context.resolution ?? resolveVariables(parsed.value, variables)).unresolved) withUndefined.set(JSON.stringify(u.path), u.path);
  if (withUndefined.size === 0) return [];
  const placeAt = placesOf(parsed, [...withUndefined.values()]);
  const starts = lineStarts(parsed.text);
  const environment = context.environment ?? t('the active environment');
  const out: Finding[] = [];
  for (const path of withUndefined.values()) {
    const place = placeAt(path);
    if (!place) continue;
    // Search the raw text, not the value, so offsets stay right around escape sequences.
    const raw = parsed.text.slice(place.offset, place.offset + place.length);
    for (const m of raw.matchAll(variableReferencePattern())) {
      const name = m[1];
      if (own(variables, name) || (name === NOTIFY_URL_VARIABLE && context.notifyUrlBySender)) continue;
      const offset = place.offset + (m.index ?? 0);
      out.push({ rule: 'undefined-variable', severity: 'warning', ...undefinedVariable(name, environment), path: formatPath(path), offset, length: m[0].length, ...positionAt(parsed.text, offset, starts) });
    }
  }
  return out;
}
