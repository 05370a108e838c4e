/** Reading JSON values (payloads, settings, reports): whether a value is an object, own properties, the value at a path. Below everything that reads JSON. */
/** Whether a value read from JSON is an object (not null, not an array): the one test every reader of payloads, settings and reports uses. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether an object has a property of its own (not one from Object.prototype, such as "constructor"). */
export function own(o: object, key: string | number): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** The value at a path, through own properties only; undefined when there is none. */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const seg of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node) !== (typeof seg === 'number') || !own(node, seg)) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** How deep jsonText writes a value out before writing "…" in its place. */
const JSON_TEXT_DEPTH = 32;

/**
 * A value read from JSON written back as JSON text, never throwing: JSON.stringify overflows the
 * call stack on a value nested some thousands deep (a 64 KB body can be), so such a value is
 * written out to a depth of 32, deeper parts as "…". The same value always gives the same text.
 */
export function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return limitedJson(v, 0);
  }
}

function limitedJson(v: unknown, depth: number): string {
  if (depth >= JSON_TEXT_DEPTH && v !== null && typeof v === 'object') return '"…"';
  if (Array.isArray(v)) return `[${v.map((x) => limitedJson(x, depth + 1)).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${limitedJson(v[k], depth + 1)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
