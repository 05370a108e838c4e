import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { readSettings } from './config';
import { PreparedMessage, RejectedMessage, describeProblems, prepareMessage } from '../core/send/prepare';
import { displayName } from './documents';
import { Environment } from './environments';

/**
 * Parses, fills in and validates a payload for an environment, for Send and Copy as cURL alike;
 * when it can't be sent, says why (with a way to the Problems view) and logs each problem.
 */
export function preparePayload(
  document: vscode.TextDocument,
  env: Environment,
  log: vscode.LogOutputChannel,
  options: { omitUnfilledNotifyUrl?: boolean } = {},
): PreparedMessage | RejectedMessage {
  const prepared = prepareMessage(document.getText(), env.variables, vscode.l10n.t('environment "{0}"', env.name), { templates: readSettings().templates, ...options });
  if (prepared.ok) return prepared;
  const showProblems = vscode.l10n.t('Show Problems');
  const startReceiver = vscode.l10n.t('Start Delivery Receiver');
  const actions = prepared.needsReceiver ? [startReceiver, showProblems] : [showProblems];
  void vscode.window.showErrorMessage(prepared.summary, ...actions).then((a) => {
    if (a === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (a === startReceiver) void vscode.commands.executeCommand(CommandIds.startReceiver);
  });
  log.warn(`not sent (${prepared.stage}) ${displayName(document.uri)}: ${describeProblems(prepared.problems, prepared.problems.length)}`);
  return prepared;
}
