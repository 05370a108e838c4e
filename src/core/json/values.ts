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
