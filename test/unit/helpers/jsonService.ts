/**
 * VS Code's own JSON language service (the engine behind its JSON validation, hovers and
 * completions), loaded with the project's schema the way package.json contributes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ClientCapabilities,
  CompletionList,
  Diagnostic,
  DiagnosticSeverity,
  Hover,
  LanguageService,
  getLanguageService,
} from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SCHEMA_FILE } from '../../../src/core/schema/definition';

import { projectRoot } from './paths';

export { projectRoot };

let service: LanguageService | undefined;

function jsonService(): LanguageService {
  if (!service) {
    const schemaText = readFileSync(join(projectRoot, SCHEMA_FILE), 'utf8');
    // The schema's own id, as the extension registers it (src/editor/schemaLanguage.ts).
    const schemaId = (JSON.parse(schemaText) as { $id: string }).$id;
    service = getLanguageService({
      clientCapabilities: ClientCapabilities.LATEST,
      schemaRequestService: (uri) =>
        uri === schemaId ? Promise.resolve(schemaText) : Promise.reject(new Error(`unexpected schema ${uri}`)),
    });
    service.configure({
      validate: true,
      allowComments: true,
      schemas: [{ uri: schemaId, fileMatch: ['*.wa.json', '*.wa.jsonc'] }],
    });
  }
  return service;
}

export interface Problem {
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** Zero-based, as in VS Code's API. */
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** The text the problem underlines. */
  text: string;
}

function severityName(s: DiagnosticSeverity | undefined): Problem['severity'] {
  switch (s) {
    case DiagnosticSeverity.Error:
      return 'error';
    case DiagnosticSeverity.Information:
      return 'info';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'warning';
  }
}

function doc(text: string, name: string): TextDocument {
  return TextDocument.create(`file:///work/${name}`, 'jsonc', 1, text);
}

/** The problems one to a line, `line:column text — message`, or `(none)`: for assertion messages. */
export function show(problems: Problem[]): string {
  return problems.map((p) => `${p.start.line + 1}:${p.start.character + 1} ${p.text} — ${p.message}`).join('\n') || '(none)';
}

/** Validates `text` as a payload file named `name`, as VS Code does. */
export async function validate(text: string, name = 'message.wa.jsonc'): Promise<Problem[]> {
  const document = doc(text, name);
  const ls = jsonService();
  // The strictest settings (VS Code's for plain `json`): the schema's allowComments and
  // allowTrailingCommas must be what lets the docs' commented samples through.
  const diagnostics: Diagnostic[] = await ls.doValidation(document, ls.parseJSONDocument(document), {
    comments: 'error',
    trailingCommas: 'error',
  });
  return diagnostics.map((d) => ({
    message: typeof d.message === 'string' ? d.message : d.message.value,
    severity: severityName(d.severity),
    start: d.range.start,
    end: d.range.end,
    text: document.getText(d.range),
  }));
}

/** Hover at the first occurrence of `needle` (offset `delta` into it). */
export async function hoverAt(text: string, needle: string, delta = 1, from = 0): Promise<Hover | null> {
  const document = doc(text, 'message.wa.jsonc');
  const ls = jsonService();
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`"${needle}" not in text`);
  return ls.doHover(document, document.positionAt(offset + delta), ls.parseJSONDocument(document));
}

/** Completions at the offset of the `|` marker in `textWithCursor`. */
export async function completionsAt(textWithCursor: string): Promise<CompletionList | null> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const document = doc(text, 'message.wa.jsonc');
  const ls = jsonService();
  return ls.doComplete(document, document.positionAt(offset), ls.parseJSONDocument(document));
}
