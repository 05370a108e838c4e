import * as vscode from 'vscode';
import { registerMediaChecker } from './editor/checkMedia';
import { registerEnvironments } from './editor/environments';
import { registerHistory } from './editor/history';
import { registerMediaDiagnostics } from './editor/mediaDiagnostics';
import { registerNewMessageCommand } from './editor/newMessage';
import { registerResponseViews } from './editor/responseView';
import { registerSend } from './editor/send';
import { registerServiceKeys } from './editor/serviceKeys';

/** Wires the extension's parts to VS Code; each part registers its own disposables. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Webex Connect', { log: true });
  context.subscriptions.push(log);
  registerNewMessageCommand(context);
  const environments = registerEnvironments(context);
  const keys = registerServiceKeys(context, environments);
  registerMediaDiagnostics(context, environments);
  const views = registerResponseViews(context);
  const history = registerHistory(context, views);
  const media = registerMediaChecker(context, environments, log);
  registerSend(context, { environments, keys, history, views, log, media });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
