/** Which files are payloads by name: `*.wa.json` or `*.wa.jsonc`, the one test the editor and `wxc validate` share. */

/** A payload file's name (or a path ending in one): `*.wa.json` or `*.wa.jsonc`, in any letter case. */
export function isPayloadFileName(name: string): boolean {
  return /\.wa\.jsonc?$/i.test(name);
}
