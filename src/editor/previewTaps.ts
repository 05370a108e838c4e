import * as vscode from 'vscode';
import { type Choice, choicesOf } from '../core/messages/choices';
import { tapInSandbox } from '../core/net/sandboxApi';
import { destinationIds } from '../core/payload/envelope';
import { wasQueued } from '../core/send/history';
import { displayName } from './documents';
import type { SendHistory } from './history';
import type { SandboxLink } from './sandboxLink';

/** What the preview of a document can tap: the newest send of that file to the active sandbox, its buttons and rows, and who got it. */
export interface TapContext {
  readonly uri: string;
  readonly origin: string;
  readonly environment: string;
  readonly transid: string;
  readonly choices: readonly Choice[];
  readonly waids: readonly string[];
}

/** The newest queued send of the document with the environment, when it had something to tap. */
function newestSend(history: SendHistory, file: string, environment: string): { transid: string; payload: unknown } | undefined {
  for (const entry of history.entries()) {
    if (entry.file !== file || !('environmentName' in entry) || entry.environmentName !== environment) continue;
    if (!wasQueued(entry) || !entry.transid || !('sentBody' in entry)) return undefined;
    try {
      return { transid: entry.transid, payload: JSON.parse(entry.sentBody) as unknown };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Taps in the preview: while the active environment is the sandbox and the document shown was sent
 * there, its reply buttons, list rows and quick replies can be tapped as the customer would (the
 * tap goes to the sandbox, which posts the postback to the delivery receiver); elsewhere nothing.
 */
export class PreviewTaps {
  constructor(
    private readonly link: SandboxLink,
    private readonly history: SendHistory,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Fires when what can be tapped may have changed (a send, or its reports). */
  get onDidChange(): vscode.Event<unknown> {
    return this.history.onDidChange;
  }

  /** What the preview of `document` can tap now, if anything. */
  async contextFor(document: vscode.TextDocument): Promise<TapContext | undefined> {
    const sandbox = await this.link.active();
    if (!sandbox) return undefined;
    const sent = newestSend(this.history, displayName(document.uri), sandbox.env.name);
    if (!sent) return undefined;
    const choices = choicesOf(sent.payload);
    const waids = destinationIds((sent.payload as { destination?: unknown }).destination).waid.filter((w): w is string => typeof w === 'string' && w !== '');
    if (choices.length === 0 || waids.length === 0) return undefined;
    return { uri: document.uri.toString(), origin: sandbox.origin, environment: sandbox.env.name, transid: sent.transid, choices, waids };
  }

  /** The customer taps the choice `id` (from the webview: checked against the context first). */
  async tap(context: TapContext, id: unknown): Promise<void> {
    if (typeof id !== 'string') return;
    const choice = context.choices.find((c) => c.id === id);
    if (!choice) return;
    const waid = context.waids.length === 1 ? context.waids[0] : await vscode.window.showQuickPick([...context.waids], { title: vscode.l10n.t('Which customer taps "{0}"?', choice.title), placeHolder: vscode.l10n.t('The recipients of the message sent to the sandbox') });
    if (!waid) return;
    // A sandbox restarted since the send has no webhook yet: the tap would reach no one.
    await this.link.reconnect();
    const result = await tapInSandbox(context.origin, waid, { transid: context.transid, buttonPayload: choice.id, buttonText: choice.title });
    if ('error' in result) {
      this.log.warn(`tap ${JSON.stringify(choice.id)} as ${waid} refused by the sandbox: ${result.error}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The sandbox refused the tap on "{0}": {1}', choice.title, result.error));
      return;
    }
    if (!result.posted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} tapped "{1}", but the sandbox could not pass it on: {2} Start the delivery receiver (Webex Connect: Start Delivery Receiver) to see replies in the editor.', waid, choice.title, result.warning));
      return;
    }
    this.log.info(`${waid} tapped ${JSON.stringify(choice.id)} of ${context.transid} in the sandbox`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) {0} tapped "{1}" (sandbox)', waid, choice.title), 5000);
  }
}
