/**
 * `{{name}}` variables, as in the Webex Connect docs' samples (`{{WAAppid}}`, `{{waid}}`).
 * A name starts with a letter or underscore and continues with letters, digits, `_`, `.` or `-`;
 * spaces inside the braces are tolerated (`{{ waid }}`), as Postman does.
 */
import { t } from '../text/l10n';

/** The variable the delivery receiver defines for each environment while it runs: where reports go. */
export const NOTIFY_URL_VARIABLE = 'notifyurl';

/** Source of the name part, shared by every pattern below. */
export const VARIABLE_NAME_SOURCE = '[A-Za-z_][A-Za-z0-9_.-]*';

/** A `{{name}}` reference anywhere in a string (regex source, no anchors). */
export const VARIABLE_REFERENCE_SOURCE = `\\{\\{\\s*${VARIABLE_NAME_SOURCE}\\s*\\}\\}`;

/** A `{{name}}` that the environment does not define, and where it is. */
export interface UnresolvedVariable {
  readonly name: string;
  readonly path: (string | number)[];
}

export interface Resolution<T> {
  readonly value: T;
  readonly unresolved: UnresolvedVariable[];
  /** Names that were replaced, in order of first use. */
  readonly used: string[];
  /**
   * Strings that still hold `{{` or `}}` once filled in, not counting their undefined references
   * (those are `unresolved`): text that looks like a reference but is not one (`{{1x}}`, `{{}}`, an
   * unbalanced `{{`), which no environment can fill in, even beside an undefined `{{name}}`. Where,
   * and the piece that looks like a reference.
   */
  readonly leftovers: { readonly path: (string | number)[]; readonly text: string }[];
}

/** A new RegExp matching a `{{name}}` reference with the name in group 1 (`g` by default; `y` to match at lastIndex). */
export function variableReferencePattern(flags = 'g'): RegExp {
  return new RegExp(`\\{\\{\\s*(${VARIABLE_NAME_SOURCE})\\s*\\}\\}`, flags);
}

const REFERENCE_AT = variableReferencePattern('y');

/**
 * `text` with each `{{name}}` reference replaced by `replace(whole, name)`: what
 * `text.replace(variableReferencePattern(), replace)` gives, without the cost of a global replace
 * (a reference can only start at a "{{", so the sticky pattern is tried at each one in turn).
 */
function replaceReferences(text: string, replace: (whole: string, name: string) => string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf('{{'); at >= 0; ) {
    REFERENCE_AT.lastIndex = at;
    const m = REFERENCE_AT.exec(text);
    if (!m) {
      at = text.indexOf('{{', at + 1);
      continue;
    }
    out += text.slice(from, at) + replace(m[0], m[1]);
    from = at + m[0].length;
    at = text.indexOf('{{', from);
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Replaces every `{{name}}` in the string values of `value` with `variables[name]`. Keys are left
 * alone. A name the variables don't define stays as written and is reported with its path.
 * `value` is not changed: the result shares whatever needed no replacement and copies the rest.
 */
export function resolveVariables<T>(value: T, variables: Readonly<Record<string, string>>): Resolution<T> {
  const unresolved: UnresolvedVariable[] = [];
  const used: string[] = [];
  const leftovers: { path: (string | number)[]; text: string }[] = [];
  // One path, grown and shrunk while walking; copied only for a report.
  const path: (string | number)[] = [];
  const defined = (name: string): boolean => Object.prototype.hasOwnProperty.call(variables, name);
  const replace = (whole: string, name: string): string => {
    if (defined(name)) {
      if (!used.includes(name)) used.push(name);
      return variables[name];
    }
    unresolved.push({ name, path: path.slice() });
    return whole;
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const undefinedBefore = unresolved.length;
      const filled = replaceReferences(node, replace);
      // The undefined references set aside, so one of them can neither hide nor stand for a malformed piece.
      const rest = unresolved.length === undefinedBefore ? filled : replaceReferences(node, (_whole, name) => (defined(name) ? variables[name] : ''));
      if (rest.includes('{{') || rest.includes('}}')) {
        const piece = /\{\{[^}]*\}*|\}\}/.exec(rest) as RegExpExecArray;
        leftovers.push({ path: path.slice(), text: piece[0].slice(0, 40) });
      }
      return filled;
    }
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        const item = walk(node[i]);
        path.pop();
        if (item !== node[i]) (copy ??= node.slice())[i] = item;
      }
      return copy ?? node;
    }
    let copy: Record<string, unknown> | undefined;
    for (const k of Object.keys(node)) {
      const before = (node as Record<string, unknown>)[k];
      path.push(k);
      const after = walk(before);
      path.pop();
      if (after === before) continue;
      // The spread copies a "__proto__" key as a plain property; assigning it would set the prototype.
      copy ??= { ...(node as Record<string, unknown>) };
      if (k === '__proto__') Object.defineProperty(copy, k, { value: after, enumerable: true, writable: true, configurable: true });
      else copy[k] = after;
    }
    return copy ?? node;
  };
  return { value: walk(value) as T, unresolved, used, leftovers };
}

/** The `{{name}}` reference at an offset of the text, if any. */
export function variableAt(text: string, offset: number): { name: string; offset: number; length: number } | undefined {
  const start = Math.max(0, text.lastIndexOf('{{', offset));
  const m = variableReferencePattern('y').exec(text.slice(start, start + 200));
  if (!m || offset > start + m[0].length) return undefined;
  return { name: m[1], offset: start, length: m[0].length };
}

/** What Send says of text that looks like a `{{variable}}` but is not one (`{{ }}`, `{{1x}}`, an unbalanced `{{`). */
export function malformedVariableMessage(text: string): string {
  return t('"{0}" looks like a {1} but is not one: a name starts with a letter or _ and holds letters, digits, _, . or -, e.g. {2}.', text, '{{variable}}', '{{waid}}');
}
