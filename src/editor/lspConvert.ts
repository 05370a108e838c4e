import * as vscode from 'vscode';
import type * as Json from 'vscode-json-languageservice';

/**
 * The JSON language service's answers (Language Server Protocol shapes) as VS Code's API types.
 * LSP numbers its completion and symbol kinds from 1, VS Code's enums from 0.
 */
const SNIPPET_FORMAT = 2;
const DEPRECATED_TAG = 1;

export const toLspPosition = (p: vscode.Position): Json.Position => ({ line: p.line, character: p.character });

export const toVsRange = (r: Json.Range): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

function markdown(content: Json.MarkupContent | Json.MarkedString | Json.MarkedString[] | string): vscode.MarkdownString {
  if (Array.isArray(content)) return new vscode.MarkdownString(content.map((c) => (typeof c === 'string' ? c : `\`\`\`${c.language}\n${c.value}\n\`\`\``)).join('\n\n'));
  if (typeof content === 'string') return new vscode.MarkdownString(content);
  if ('kind' in content) return content.kind === 'markdown' ? new vscode.MarkdownString(content.value) : new vscode.MarkdownString().appendText(content.value);
  return new vscode.MarkdownString(`\`\`\`${content.language}\n${content.value}\n\`\`\``);
}

export function fromLspCompletion(item: Json.CompletionItem): vscode.CompletionItem {
  const out = new vscode.CompletionItem(item.label, item.kind === undefined ? undefined : ((item.kind - 1) as vscode.CompletionItemKind));
  const text = item.textEdit?.newText ?? item.insertText ?? item.label;
  out.insertText = item.insertTextFormat === SNIPPET_FORMAT ? new vscode.SnippetString(text) : text;
  if (item.textEdit) {
    out.range =
      'range' in item.textEdit ? toVsRange(item.textEdit.range) : { inserting: toVsRange(item.textEdit.insert), replacing: toVsRange(item.textEdit.replace) };
  }
  if (item.detail) out.detail = item.detail;
  if (item.documentation) out.documentation = markdown(item.documentation);
  if (item.filterText) out.filterText = item.filterText;
  if (item.sortText) out.sortText = item.sortText;
  if (item.tags?.includes(DEPRECATED_TAG)) out.tags = [vscode.CompletionItemTag.Deprecated];
  if (item.command) out.command = { title: item.command.title, command: item.command.command, arguments: item.command.arguments };
  return out;
}

export function fromLspHover(hover: Json.Hover): vscode.Hover {
  return new vscode.Hover(markdown(hover.contents), hover.range ? toVsRange(hover.range) : undefined);
}

export function fromLspSymbol(s: Json.DocumentSymbol): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name, s.detail ?? '', (s.kind - 1) as vscode.SymbolKind, toVsRange(s.range), toVsRange(s.selectionRange));
  out.children = (s.children ?? []).map(fromLspSymbol);
  return out;
}
