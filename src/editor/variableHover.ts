import * as vscode from 'vscode';
import { variableAt } from '../core/payload/variables';
import { Environments } from './environments';
import { PAYLOAD_SELECTOR, isPayloadDocument } from './payloadFiles';

/** Hovering a `{{name}}` in a payload shows its value in the active environment, or why it has none. */
export class VariableHover implements vscode.HoverProvider {
  constructor(private readonly environments: Environments) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isPayloadDocument(document)) return undefined;
    const found = variableAt(document.getText(), document.offsetAt(position));
    if (!found) return undefined;
    const env = this.environments.active();
    const range = new vscode.Range(document.positionAt(found.offset), document.positionAt(found.offset + found.length));
    const md = new vscode.MarkdownString();
    // Braces are built outside the message: l10n.t reads "{{" as an escape.
    const reference = `{{${found.name}}}`;
    if (!env) {
      md.appendMarkdown(vscode.l10n.t('`{0}` is a variable. Choose an environment (**Webex Connect: Select Environment…**) to see its value.', reference));
    } else if (Object.prototype.hasOwnProperty.call(env.variables, found.name)) {
      md.appendMarkdown(vscode.l10n.t('`{0}` = ', reference));
      md.appendCodeblock(env.variables[found.name], 'text');
      md.appendMarkdown(vscode.l10n.t('from environment **{0}**', env.name));
    } else {
      md.appendMarkdown(vscode.l10n.t('`{0}` is not defined in environment **{1}**: sending would stop here.', reference, env.name));
    }
    return new vscode.Hover(md, range);
  }
}

export function registerVariableHover(context: vscode.ExtensionContext, environments: Environments): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(PAYLOAD_SELECTOR, new VariableHover(environments)));
}
