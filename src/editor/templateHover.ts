import * as vscode from 'vscode';
import { templateHoverAt } from '../core/messages/templateHover';
import { readSettings } from './config';
import { PAYLOAD_SELECTOR, isPayloadDocument } from './payloadFiles';

/** Hovering a template id shows the template the setting wxc.templates describes under it: its name, language, parameters and body. */
class TemplateHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isPayloadDocument(document)) return undefined;
    const found = templateHoverAt(document.getText(), document.offsetAt(position), readSettings().templates);
    if (!found) return undefined;
    const md = new vscode.MarkdownString();
    // The settings' text is shown as text, never as markdown.
    md.appendMarkdown('**');
    md.appendText(found.title);
    md.appendMarkdown('**\n\n');
    for (const line of found.details) {
      md.appendText(line);
      md.appendMarkdown('\n\n');
    }
    if (found.body) md.appendCodeblock(found.body, 'text');
    md.appendMarkdown(vscode.l10n.t('from the setting wxc.templates'));
    return new vscode.Hover(md, new vscode.Range(document.positionAt(found.offset), document.positionAt(found.offset + found.length)));
  }
}

export function registerTemplateHover(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(PAYLOAD_SELECTOR, new TemplateHoverProvider()));
}
