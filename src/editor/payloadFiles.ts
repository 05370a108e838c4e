import * as vscode from 'vscode';
import { isPayloadFileName } from '../core/payload/files';

/** The language id of payload files (contributed in package.json, shown as "WhatsApp Payload"). */
export const PAYLOAD_LANGUAGE = 'wa-payload';

/**
 * Whether a document is a payload: its language is ours, or its name is a payload name (saved or
 * untitled), which also covers a `*.wa.json` that files.associations forces to json or jsonc.
 */
export function isPayloadDocument(document: vscode.TextDocument): boolean {
  return document.languageId === PAYLOAD_LANGUAGE || isPayloadFileName(document.uri.path);
}

/**
 * The selector for every provider on payloads, the same two ways as isPayloadDocument (VS Code
 * matches filenamePatterns in any letter case, so an upper-case name gets the language).
 */
export const PAYLOAD_SELECTOR: vscode.DocumentSelector = [{ language: PAYLOAD_LANGUAGE }, { pattern: '**/*.wa.{json,jsonc}' }];

/** VS Code's JSON support, which validates, completes, formats and outlines payloads for us. */
const JSON_EXTENSION = 'vscode.json-language-features';

/**
 * Starts VS Code's JSON support if nothing has yet: it activates on json, jsonc and snippets
 * files only, so a first payload opened in a window without other JSON would get no schema
 * checks. Not awaited: activation goes on meanwhile.
 */
export function startJsonLanguageService(log: vscode.LogOutputChannel): void {
  const json = vscode.extensions.getExtension(JSON_EXTENSION);
  if (!json) {
    log.warn(`${JSON_EXTENSION} is not installed or disabled: payloads get no schema checks, hovers or completions.`);
    return;
  }
  if (json.isActive) return;
  json.activate().then(undefined, (err: unknown) => log.warn(`${JSON_EXTENSION} did not start: ${err instanceof Error ? err.message : String(err)}`));
}
