import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import type { Environments } from './environments';
import type { SendHistory } from './history';
import { isPayloadDocument } from './payloadFiles';
import type { PreviewPanel } from './preview';

/** The walkthrough's id in package.json (contributes.walkthroughs). */
export const WALKTHROUGH_ID = 'wxc.gettingStarted';

/**
 * The context keys the walkthrough's steps complete on (their `onContext:` completionEvents).
 * Each is set by what the step asks for having happened, not by a button being pressed: an
 * environment is selected, a payload is in an editor, the preview drew one, a send was recorded.
 */
export const WalkthroughContexts = {
  environment: 'wxc.walkthrough.environmentSelected',
  message: 'wxc.walkthrough.payloadOpened',
  preview: 'wxc.walkthrough.previewShown',
  send: 'wxc.walkthrough.sent',
} as const;

export type WalkthroughSignal = keyof typeof WalkthroughContexts;

/** Which of the walkthrough's signals this window has seen; read-only, no secret. */
export interface WalkthroughProgress {
  readonly id: string;
  seen(signal: WalkthroughSignal): boolean;
}

class Signals implements WalkthroughProgress {
  readonly id: string;
  private readonly values = new Map<WalkthroughSignal, boolean>();

  constructor(extensionId: string) {
    this.id = `${extensionId}#${WALKTHROUGH_ID}`;
  }

  seen(signal: WalkthroughSignal): boolean {
    return this.values.get(signal) ?? false;
  }

  set(signal: WalkthroughSignal, value: boolean): void {
    if (this.values.get(signal) === value) return;
    this.values.set(signal, value);
    void vscode.commands.executeCommand('setContext', WalkthroughContexts[signal], value);
    if (value) this.markDone(signal);
  }

  /**
   * The step's onContext completion event is not enough on its own: VS Code creates its walkthrough
   * service only when a walkthrough is first shown (in the Welcome page or by Get Started), and a
   * context key that is already true by then never completes its step, as the service listens for
   * changes only. So the step is also marked done directly; VS Code keeps that even when the
   * walkthrough is not registered yet (it then rejects the command, after storing the progress).
   */
  private markDone(signal: WalkthroughSignal): void {
    vscode.commands.executeCommand('welcome.markStepComplete', `${this.id}#${signal}`).then(undefined, () => undefined);
  }
}

/**
 * Opens the walkthrough; beside the editor when a payload is in it, so that the payload stays in
 * view while the steps' Preview and Send buttons act on it.
 */
async function openWalkthrough(id: string): Promise<void> {
  const active = vscode.window.activeTextEditor?.document;
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', id, active !== undefined && isPayloadDocument(active));
}

/** The Get Started command and the context keys the walkthrough's steps complete on. */
export function registerWalkthrough(context: vscode.ExtensionContext, deps: { environments: Environments; history: SendHistory; preview: PreviewPanel }): WalkthroughProgress {
  const signals = new Signals(context.extension.id);
  const payloadInView = (): void => {
    if (vscode.window.visibleTextEditors.some((e) => isPayloadDocument(e.document))) signals.set('message', true);
  };
  signals.set('environment', deps.environments.active() !== undefined);
  signals.set('send', deps.history.entries().length > 0);
  payloadInView();
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.openWalkthrough, () => openWalkthrough(signals.id)),
    deps.environments.onDidChange(() => signals.set('environment', deps.environments.active() !== undefined)),
    deps.history.onDidChange(() => {
      if (deps.history.entries().length > 0) signals.set('send', true);
    }),
    deps.preview.onDidRender(() => signals.set('preview', true)),
    vscode.window.onDidChangeVisibleTextEditors(payloadInView),
  );
  return signals;
}
