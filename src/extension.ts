import * as vscode from 'vscode';
import { registerNewMessageCommand } from './editor/newMessage';

/** Wires the extension's parts to VS Code; each part registers its own disposables. */
export function activate(context: vscode.ExtensionContext): void {
  registerNewMessageCommand(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
