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
