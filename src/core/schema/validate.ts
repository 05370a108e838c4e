/**
 * Validates a payload value against the one schema (the editor's), with ajv, and says what is
 * wrong in the editor's words and at the editor's places. The validator is ajv's standalone code,
 * compiled from the schema at build time (src/core/build/artifacts.ts), so nothing compiles at run time.
 */
import type { ErrorObject } from 'ajv';
import { SCHEMA_MESSAGES } from '../generated/schemaMessages';
import { JsonPath, ParsedPayload, Problem, locate } from '../json/jsonc';
import { t } from '../text/l10n';

/** A compiled validator, as ajv makes them: true when valid, else the reasons in `errors`. */
export type SchemaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let loaded: SchemaValidator | undefined;

/**
 * The compiled validator, loaded when first used: it is the largest part of the code (every
 * message kind's rules, about 160 KB), needed to send a message, not to start the extension or
 * check a payload while typing. The extension's build keeps it in a file of its own beside the bundle.
 */
function compiledValidator(): SchemaValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  loaded ??= (require('../generated/schemaValidator') as { validate: SchemaValidator }).validate;
  return loaded;
}

type SchemaNode = { readonly errorMessage?: string; readonly patternErrorMessage?: string } | undefined;

/** The schema node holding the failed keyword: `#/properties/appid/pattern` → its messages. */
function schemaNodeOf(e: ErrorObject): SchemaNode {
  return SCHEMA_MESSAGES[e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'))];
}

function pointerToPath(pointer: string): JsonPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/**
 * The message VS Code's JSON service shows for the same failure, in the user's language. The
 * schema's own messages are keys of the bundle too (l10n/bundle.l10n.json lists them); they go
 * through t() without arguments, so their `{{variable}}` examples stay as written.
 */
function messageOf(e: ErrorObject): string {
  const schema = schemaNodeOf(e);
  const custom = schema?.errorMessage === undefined ? undefined : t(schema.errorMessage);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return t('Missing property "{0}".', String(p.missingProperty));
    case 'additionalProperties':
      return custom ?? t('Property {0} is not allowed.', String(p.additionalProperty));
    case 'pattern':
      return (schema?.patternErrorMessage === undefined ? undefined : t(schema.patternErrorMessage)) ?? custom ?? t('String does not match the pattern of "{0}".', String(p.pattern));
    case 'enum':
      return custom ?? t('Value is not accepted. Valid values: {0}.', (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '));
    case 'const':
      return custom ?? t('Value must be {0}.', JSON.stringify(p.allowedValue));
    case 'type':
      return custom ?? t('Incorrect type. Expected "{0}".', String(p.type));
    case 'minLength':
      return t('String is shorter than the minimum length of {0}.', String(p.limit));
    case 'maxLength':
      return t('String is longer than the maximum length of {0}.', String(p.limit));
    case 'minItems':
      return t('Array has too few items. Expected {0} or more.', String(p.limit));
    case 'maxItems':
      return t('Array has too many items. Expected {0} or fewer.', String(p.limit));
    // As VS Code: its JSON service shows its own words for these, not the schema's errorMessage.
    case 'minimum':
      return t('Value is below the minimum of {0}.', String(p.limit));
    case 'maximum':
      return t('Value is above the maximum of {0}.', String(p.limit));
    case 'not':
      return custom ?? t('Matches a schema that is not allowed.');
    default:
      // Not ajv's e.message: it is English only.
      return custom ?? t('Fails the schema\'s "{0}" rule.', e.keyword);
  }
}

/**
 * Reduces ajv's errors to the ones a person needs: the summary errors of if/then and
 * propertyNames are dropped (their inner errors say more), and of a failed anyOf only its first
 * alternative's errors are kept, as VS Code shows one best match.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const failedAnyOf = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  return errors.filter((e) => {
    if (e.keyword === 'if' || e.keyword === 'propertyNames' || e.keyword === 'anyOf') return false;
    return !failedAnyOf.some((base) => e.schemaPath.startsWith(`${base}/`) && !e.schemaPath.startsWith(`${base}/0/`));
  });
}

/** One schema failure, by its place in the value rather than in a text. */
export interface SchemaError {
  /** Where: for a missing property, the path of the property that is missing. */
  readonly path: JsonPath;
  /** A mandatory property is missing (ajv's `required`), as opposed to a value the schema refuses. */
  readonly missing: boolean;
  /** The failure is about the key at `path`, not its value (an unknown or misnamed property). */
  readonly onKey: boolean;
  readonly message: string;
}

/**
 * The schema's verdict on a payload value without a text to place it in (the sandbox's view):
 * empty when valid. `validatePayload` places the same failures in the payload's text.
 */
export function schemaErrors(value: unknown, validator: SchemaValidator = compiledValidator()): SchemaError[] {
  if (validator(value)) return [];
  return relevantErrors(validator.errors ?? []).map((e) => {
    const path = pointerToPath(e.instancePath);
    const message = messageOf(e);
    if (e.keyword === 'required') return { path: [...path, String((e.params as { missingProperty: string }).missingProperty)], missing: true, onKey: false, message };
    if (e.keyword === 'additionalProperties') return { path: [...path, String((e.params as { additionalProperty: string }).additionalProperty)], missing: false, onKey: true, message };
    // A propertyNames failure is about the key itself.
    if (e.propertyName !== undefined) return { path: [...path, e.propertyName], missing: false, onKey: true, message };
    return { path, missing: false, onKey: false, message };
  });
}

/**
 * Validates a parsed payload's value; returns located problems (empty when valid). `validator`
 * is for tests that compare the compiled validator with one compiled at run time.
 */
export function validatePayload(parsed: ParsedPayload, value: unknown = parsed.value, validator: SchemaValidator = compiledValidator()): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of schemaErrors(value, validator)) {
    // A missing property is shown on the object that lacks it.
    const problem = locate(parsed, e.missing ? e.path.slice(0, -1) : e.path, e.message, e.onKey);
    const id = `${problem.offset}:${problem.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(problem);
    }
  }
  return problems.sort((a, b) => a.offset - b.offset);
}
