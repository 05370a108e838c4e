/** Whether a value read from JSON is an object (not null, not an array): the one test every reader of payloads, settings and reports uses. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
