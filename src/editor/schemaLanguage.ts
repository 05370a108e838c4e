import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type * as Json from 'vscode-json-languageservice';
import { SCHEMA_FILE } from '../core/schema/definition';
import { fromLspCompletion, fromLspHover, fromLspSymbol, toLspPosition, toVsRange } from './lspConvert';
import { PAYLOAD_LANGUAGE, PAYLOAD_SELECTOR } from './payloadFiles';

/**
 * The payload schema's hovers, completions, formatting, outline, folding and smart selection, from
 * the engine of VS Code's JSON support (vscode-json-languageservice) run in this extension. VS
 * Code's own JSON extension would also validate with the schema, drawing every schema problem as a
 * warning beside the checks' error (its json.validate.enable is not per language); here nothing
 * validates: what Send refuses comes from the checks pipeline only (payloadDiagnostics.ts). The
 * engine (dist/jsonLanguageService.js) is loaded on the first hover or completion.
 */
export class SchemaLanguage {
  private service: Json.LanguageService | undefined;
  private api: typeof Json | undefined;
  private readonly parsed = new WeakMap<vscode.TextDocument, { version: number; text: Json.TextDocument; json: Json.JSONDocument }>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  private load(): { service: Json.LanguageService; api: typeof Json } {
    if (!this.service || !this.api) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const api = require('vscode-json-languageservice') as typeof Json;
      const schemaText = readFileSync(vscode.Uri.joinPath(this.extensionUri, SCHEMA_FILE).fsPath, 'utf8');
      const schemaId = (JSON.parse(schemaText) as { $id: string }).$id;
      const service = api.getLanguageService({
        clientCapabilities: api.ClientCapabilities.LATEST,
        schemaRequestService: (uri) => (uri === schemaId ? Promise.resolve(schemaText) : Promise.reject(new Error(`no schema ${uri}`))),
      });
      service.configure({ validate: false, allowComments: true, schemas: [{ uri: schemaId, fileMatch: ['*'] }] });
      this.service = service;
      this.api = api;
    }
    return { service: this.service, api: this.api };
  }

  /** The engine's view of a document, parsed once per version. */
  private documentOf(document: vscode.TextDocument): { service: Json.LanguageService; text: Json.TextDocument; json: Json.JSONDocument } {
    const { service, api } = this.load();
    let known = this.parsed.get(document);
    if (!known || known.version !== document.version) {
      // A name the schema's fileMatch `*` takes, whatever the scheme (untitled documents too).
      const text = api.TextDocument.create(document.uri.toString(), 'jsonc', document.version, document.getText());
      known = { version: document.version, text, json: service.parseJSONDocument(text) };
      this.parsed.set(document, known);
    }
    return { service, text: known.text, json: known.json };
  }

  async completions(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const { service, text, json } = this.documentOf(document);
    const list = await service.doComplete(text, toLspPosition(position), json);
    return (list?.items ?? []).map(fromLspCompletion);
  }

  async hover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const { service, text, json } = this.documentOf(document);
    const hover = await service.doHover(text, toLspPosition(position), json);
    return hover ? fromLspHover(hover) : undefined;
  }

  format(document: vscode.TextDocument, range: vscode.Range | undefined, options: vscode.FormattingOptions): vscode.TextEdit[] {
    const { service, text } = this.documentOf(document);
    const lspRange = range ? { start: toLspPosition(range.start), end: toLspPosition(range.end) } : undefined;
    return service
      .format(text, lspRange as Json.Range, { tabSize: options.tabSize, insertSpaces: options.insertSpaces })
      .map((e) => new vscode.TextEdit(toVsRange(e.range), e.newText));
  }

  symbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const { service, text, json } = this.documentOf(document);
    return service.findDocumentSymbols2(text, json).map(fromLspSymbol);
  }

  folding(document: vscode.TextDocument): vscode.FoldingRange[] {
    const { service, text } = this.documentOf(document);
    return service.getFoldingRanges(text).map((f) => new vscode.FoldingRange(f.startLine, f.endLine, f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : f.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined));
  }

  selections(document: vscode.TextDocument, positions: readonly vscode.Position[]): vscode.SelectionRange[] {
    const { service, text, json } = this.documentOf(document);
    const convert = (r: Json.SelectionRange): vscode.SelectionRange => new vscode.SelectionRange(toVsRange(r.range), r.parent ? convert(r.parent) : undefined);
    return service.getSelectionRanges(text, positions.map(toLspPosition), json).map(convert);
  }
}

/**
 * Registers the schema's hovers on payloads (completions go through payloadCompletions.ts), and
 * formatting, outline, folding and smart selection on the payload language: a payload that
 * files.associations makes json or jsonc gets those from VS Code's JSON support already.
 */
export function registerSchemaLanguage(context: vscode.ExtensionContext): SchemaLanguage {
  const language = new SchemaLanguage(context.extensionUri);
  const selector: vscode.DocumentSelector = { language: PAYLOAD_LANGUAGE };
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(PAYLOAD_SELECTOR, { provideHover: (d, p) => language.hover(d, p) }),
    vscode.languages.registerDocumentFormattingEditProvider(selector, { provideDocumentFormattingEdits: (d, o) => language.format(d, undefined, o) }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(selector, { provideDocumentRangeFormattingEdits: (d, r, o) => language.format(d, r, o) }),
    vscode.languages.registerDocumentSymbolProvider(selector, { provideDocumentSymbols: (d) => language.symbols(d) }, { label: 'JSON' }),
    vscode.languages.registerFoldingRangeProvider(selector, { provideFoldingRanges: (d) => language.folding(d) }),
    vscode.languages.registerSelectionRangeProvider(selector, { provideSelectionRanges: (d, p) => language.selections(d, p) }),
  );
  return language;
}
