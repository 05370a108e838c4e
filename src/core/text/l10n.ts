/**
 * The one door for text a person reads that src/core makes (validation messages, network errors,
 * media findings, response meanings): @vscode/l10n, which reads the same bundles as `vscode.l10n`
 * and works in plain Node (the command line, the sandbox, unit tests).
 * The extension hands it VS Code's bundle in activate(); elsewhere it returns the English text.
 */
import * as l10n from '@vscode/l10n';

/** Marks a message for translation; `{0}`, `{1}` … are replaced by the arguments. */
export const t = l10n.t;

/** Loads a translation bundle (the contents of an `l10n/bundle.l10n.<locale>.json`). */
export function useBundle(contents: string | Record<string, string>): void {
  l10n.config({ contents });
}
