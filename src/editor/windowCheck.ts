import * as vscode from 'vscode';
import { ClosedWindow, closedWindows } from '../core/send/closedWindows';
import type { WindowState } from '../core/inbound/window';
import { PreparedMessage } from '../core/send/prepare';
import { localDateTime, localTime } from './localTime';

/** What the user chose when a session message was about to go to a closed window. */
export type WindowAnswer = { readonly go: true } | { readonly go: false; readonly closed: readonly ClosedWindow[]; readonly startTemplate: boolean };

/** The longest list of customers a dialog names one per line; the rest are counted. */
const LISTED_MAX = 10;

/**
 * Before a session (non-template) message leaves: when the window of any of its recipients is
 * known to be closed, a modal says so and offers to start a template instead or to send anyway.
 * "Start a Template…" comes first, so it is the button Enter presses; Cancel (and Escape) send
 * nothing. An unknown window, an open one and a template never ask.
 */
export async function confirmWindows(prepared: PreparedMessage, windowOf: (waid: string) => WindowState, log: vscode.LogOutputChannel): Promise<WindowAnswer> {
  const closed = closedWindows(prepared.value, windowOf);
  if (closed.length === 0) return { go: true };
  log.warn(`window check: the 24-hour window is closed for ${closed.map((c) => c.waid).join(', ')}`);
  const startTemplate = vscode.l10n.t('Start a Template…');
  const sendAnyway = vscode.l10n.t('Send Anyway');
  const answer = await vscode.window.showWarningMessage(message(prepared, closed), { modal: true, detail: detail(closed) }, startTemplate, sendAnyway);
  if (answer === sendAnyway) return { go: true };
  return { go: false, closed, startTemplate: answer === startTemplate };
}

function message(prepared: PreparedMessage, closed: readonly ClosedWindow[]): string {
  if (prepared.recipients === 1)
    return vscode.l10n.t(
      'The 24-hour window of {0} closed at {1}: WhatsApp will not deliver this {2} message (it fails with 7710). Only a template reaches them until they write again.',
      closed[0].waid,
      localTime(closed[0].since),
      prepared.messageType,
    );
  if (closed.length === 1)
    return vscode.l10n.t(
      'The 24-hour window of {0}, one of {1} recipients, closed at {2}: WhatsApp will not deliver this {3} message to them (it fails with 7710).',
      closed[0].waid,
      prepared.recipients,
      localTime(closed[0].since),
      prepared.messageType,
    );
  return vscode.l10n.t(
    'The 24-hour window of {0} of the {1} recipients is closed: WhatsApp will not deliver this {2} message to them (it fails with 7710).',
    closed.length,
    prepared.recipients,
    prepared.messageType,
  );
}

function detail(closed: readonly ClosedWindow[]): string {
  const lines = closed.slice(0, LISTED_MAX).map((c) => vscode.l10n.t('• {0}: closed since {1}', c.waid, localDateTime(c.since)));
  if (closed.length > LISTED_MAX) lines.push(vscode.l10n.t('• and {0} more', closed.length - LISTED_MAX));
  return `${lines.join('\n')}\n\n${vscode.l10n.t('A template is delivered outside the window; the window opens again when the customer writes. "Start a Template…" opens one addressed to them.')}`;
}
