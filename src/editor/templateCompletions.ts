import * as vscode from 'vscode';
import { templateCompletions } from '../core/messages/templateCompletions';
import { readSettings } from './config';
import { PAYLOAD_SELECTOR } from './payloadFiles';

/** Template ids and the parameters a template needs, from the setting wxc.templates, as completions. */
class TemplateCompletions implements vscode.CompletionItemProvider {
  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const offered = templateCompletions(document.getText(), document.offsetAt(position), readSettings().templates);
    return offered.map((o) => {
      const item = new vscode.CompletionItem(o.name ? { label: o.label, description: o.name } : o.label, o.kind === 'template' ? vscode.CompletionItemKind.Value : vscode.CompletionItemKind.Property);
      // Typing the name finds the id (what people remember is the name; what the API takes is the id).
      if (o.name) item.filterText = `${o.label} ${o.name}`;
      item.insertText = new vscode.SnippetString(o.snippet);
      item.detail = o.detail;
      // Sorted before the schema's generic suggestions.
      item.sortText = `0${o.label}`;
      if (o.kind === 'parameter') {
        // Replace the key typed so far, quotes included.
        const line = document.lineAt(position.line).text;
        let start = position.character;
        while (start > 0 && /[\w"{}.-]/.test(line[start - 1])) start--;
        let end = position.character;
        while (end < line.length && /[\w"}.-]/.test(line[end])) end++;
        item.range = new vscode.Range(position.line, start, position.line, end);
        item.filterText = `"${o.label}"`;
      }
      return item;
    });
  }
}

export function registerTemplateCompletions(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(PAYLOAD_SELECTOR, new TemplateCompletions(), '"'));
}
