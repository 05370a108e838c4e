import * as vscode from 'vscode';
import { PayloadSnippet, emptyButWordAt, envelopeSnippetsAt, kindSnippets } from '../core/messages/payloadCompletions';
import { TemplateCompletion, templateCompletions } from '../core/messages/templateCompletions';
import { readSettings } from './config';
import type { PayloadDiagnostics } from './payloadDiagnostics';
import { PAYLOAD_SELECTOR } from './payloadFiles';
import { SchemaLanguage } from './schemaLanguage';

/** The range of the key or word being typed at the cursor, quotes included, which a completion replaces. */
function wordRange(document: vscode.TextDocument, position: vscode.Position, word: RegExp): vscode.Range {
  const line = document.lineAt(position.line).text;
  let start = position.character;
  while (start > 0 && word.test(line[start - 1])) start--;
  let end = position.character;
  while (end < line.length && word.test(line[end])) end++;
  return new vscode.Range(position.line, start, position.line, end);
}

function templateItem(document: vscode.TextDocument, position: vscode.Position, o: TemplateCompletion): vscode.CompletionItem {
  const label = o.name ? { label: o.label, description: o.name } : o.label;
  const item = new vscode.CompletionItem(label, o.kind === 'template' ? vscode.CompletionItemKind.Value : vscode.CompletionItemKind.Property);
  item.insertText = new vscode.SnippetString(o.snippet);
  item.detail = o.detail;
  // Typing a template's name finds its id too.
  if (o.name) item.filterText = `${o.label} ${o.name}`;
  item.sortText = `0${o.label}`;
  if (o.kind === 'parameter') {
    item.range = wordRange(document, position, /[\w"{}.-]/);
    item.filterText = `"${o.label}"`;
  }
  return item;
}

/** `order`: where the item sorts among its own (the New Message pick's order for the kinds). */
function snippetItem(document: vscode.TextDocument, position: vscode.Position, s: PayloadSnippet, order: number): vscode.CompletionItem {
  const item = new vscode.CompletionItem({ label: s.prefix, description: s.name }, vscode.CompletionItemKind.Snippet);
  item.insertText = new vscode.SnippetString(s.snippet);
  item.detail = s.detail;
  item.documentation = new vscode.MarkdownString().appendCodeblock(new vscode.SnippetString(s.snippet).value.replace(/\$\{\d+:([^}]*)\}|\$\d+/g, '$1'), 'jsonc');
  item.range = wordRange(document, position, /[\w"-]/);
  item.sortText = `1${String(order).padStart(3, '0')}`;
  return item;
}

/**
 * Every completion in a payload, by place: whole-message snippets in a file with nothing in it yet,
 * the envelope's optional fields among the top-level keys, the template ids and the parameters a
 * template still needs where wxc.templates knows the template (then nothing else: the schema's
 * generic parameters are not that template's), and the schema's suggestions everywhere else.
 */
class PayloadCompletions implements vscode.CompletionItemProvider {
  constructor(
    private readonly schema: SchemaLanguage,
    private readonly receiverRunning: () => boolean,
    private readonly diagnostics: PayloadDiagnostics,
  ) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    // The keystroke's squiggle first: the schema's completions are worked out in this extension host.
    this.diagnostics.flush(document);
    const text = document.getText();
    const offset = document.offsetAt(position);
    const templates = templateCompletions(text, offset, readSettings().templates);
    if (templates) return templates.map((o) => templateItem(document, position, o));
    if (emptyButWordAt(text, offset)) return kindSnippets({ notifyUrl: this.receiverRunning() }).map((s, i) => snippetItem(document, position, s, i));
    const envelope = envelopeSnippetsAt(text, offset).map((s, i) => snippetItem(document, position, s, i));
    return [...envelope, ...(await this.schema.completions(document, position))];
  }
}

export function registerPayloadCompletions(context: vscode.ExtensionContext, schema: SchemaLanguage, diagnostics: PayloadDiagnostics, receiverRunning: () => boolean): void {
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(PAYLOAD_SELECTOR, new PayloadCompletions(schema, receiverRunning, diagnostics), '"', ':'));
}
