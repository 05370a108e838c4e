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

/**
 * Replaces every `{{name}}` in the string values of `value` with `variables[name]`. Keys are left
 * alone. A name the variables don't define stays as written and is reported with its path.
 */
export function resolveVariables<T>(value: T, variables: Readonly<Record<string, string>>): Resolution<T> {
  const unresolved: UnresolvedVariable[] = [];
  const used = new Set<string>();
  const reference = variableReferencePattern();
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('{{')) return node;
      return node.replace(reference, (whole, name: string) => {
        if (Object.prototype.hasOwnProperty.call(variables, name)) {
          used.add(name);
          return variables[name];
        }
        unresolved.push({ name, path });
        return whole;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        // A "__proto__" key from the payload must stay a plain property, not become the prototype.
        if (k === '__proto__') Object.defineProperty(out, k, { value: walk(v, [...path, k]), enumerable: true, writable: true, configurable: true });
        else out[k] = walk(v, [...path, k]);
      }
      return out;
    }
    return node;
  };
  return { value: walk(value, []) as T, unresolved, used: [...used] };
}
