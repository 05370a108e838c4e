/**
 * `{{name}}` variables, as in the Webex Connect docs' samples (`{{WAAppid}}`, `{{waid}}`).
 * A name starts with a letter or underscore and continues with letters, digits, `_`, `.` or `-`;
 * spaces inside the braces are tolerated (`{{ waid }}`), as Postman does.
 */

/** Source of the name part, shared by every pattern below. */
export const VARIABLE_NAME_SOURCE = '[A-Za-z_][A-Za-z0-9_.-]*';

/** A `{{name}}` reference anywhere in a string (regex source, no anchors). */
export const VARIABLE_REFERENCE_SOURCE = `\\{\\{\\s*${VARIABLE_NAME_SOURCE}\\s*\\}\\}`;

/** A string that is exactly one `{{name}}` reference (regex source, anchored). */
export const WHOLE_VARIABLE_SOURCE = `^${VARIABLE_REFERENCE_SOURCE}$`;

/** Whether a string is exactly one `{{name}}` reference. */
export function isWholeVariable(value: string): boolean {
  return new RegExp(WHOLE_VARIABLE_SOURCE).test(value);
}

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
}

/** A new RegExp matching a `{{name}}` reference with the name in group 1 (`g` by default; `y` to match at lastIndex). */
export function variableReferencePattern(flags = 'g'): RegExp {
  return new RegExp(`\\{\\{\\s*(${VARIABLE_NAME_SOURCE})\\s*\\}\\}`, flags);
}

/** Shared by resolveVariables: String.replace with a /g pattern starts from 0 and leaves lastIndex at 0. */
const REFERENCE = variableReferencePattern();

/**
 * Replaces every `{{name}}` in the string values of `value` with `variables[name]`. Keys are left
 * alone. A name the variables don't define stays as written and is reported with its path.
 * `value` is not changed: the result shares whatever needed no replacement and copies the rest.
 */
export function resolveVariables<T>(value: T, variables: Readonly<Record<string, string>>): Resolution<T> {
  const unresolved: UnresolvedVariable[] = [];
  const used = new Set<string>();
  const reference = REFERENCE;
  // One path, grown and shrunk while walking; copied only for a report.
  const path: (string | number)[] = [];
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('{{')) return node;
      return node.replace(reference, (whole, name: string) => {
        if (Object.prototype.hasOwnProperty.call(variables, name)) {
          used.add(name);
          return variables[name];
        }
        unresolved.push({ name, path: path.slice() });
        return whole;
      });
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
      if (after !== before) {
        // Spread and defineProperty keep a "__proto__" key from the payload a plain property.
        copy ??= { ...(node as Record<string, unknown>) };
        Object.defineProperty(copy, k, { value: after, enumerable: true, writable: true, configurable: true });
      }
    }
    return copy ?? node;
  };
  return { value: walk(value) as T, unresolved, used: [...used] };
}
