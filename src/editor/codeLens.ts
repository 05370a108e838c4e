import * as vscode from 'vscode';
import { startsAsObject } from '../core/json/jsonc';
import { CommandIds } from './commandIds';
import { Environments } from './environments';
import { PAYLOAD_SELECTOR } from './payloadFiles';

/** "▷ Send with dev (eu)", "Copy as cURL" and "Copy as Code…" above every payload (a file that holds an object). */
export class SendCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  constructor(private readonly environments: Environments) {
    this.subscriptions = [environments.onDidChange(() => this.changed.fire()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()), this.changed];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // Nothing to send yet (an empty new file, only comments, JSON that is not an object).
    if (!startsAsObject(document.getText())) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    if (!vscode.workspace.isTrusted) {
      return [new vscode.CodeLens(top, { title: `$(shield) ${vscode.l10n.t('Sending is off in Restricted Mode')}`, command: 'workbench.trust.manage' })];
    }
    const env = this.environments.active();
    return [
      new vscode.CodeLens(top, {
        title: env ? `$(play) ${vscode.l10n.t('Send with {0}', env.label)}` : `$(play) ${vscode.l10n.t('Send… (choose an environment)')}`,
        command: CommandIds.send,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('Copy as cURL'), command: CommandIds.copyAsCurl, arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('Copy as Code…'), command: CommandIds.copyAsCode, arguments: [document.uri] }),
    ];
  }
}

export function registerSendCodeLens(context: vscode.ExtensionContext, environments: Environments): void {
  const lenses = new SendCodeLens(environments);
  context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider(PAYLOAD_SELECTOR, lenses));
}
