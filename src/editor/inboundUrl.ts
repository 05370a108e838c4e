import * as vscode from 'vscode';
import { isLoopbackHost } from '../core/net/hosts';
import { CommandIds } from './commandIds';
import type { DeliveryReceiver } from './deliveryReceiver';
import type { Environments } from './environments';

/**
 * The `wxc.copyInboundUrl` command: the URL to give a WhatsApp app's outbound webhook in Webex
 * Connect, so the customer's messages and taps reach the receiver — the environment's public base
 * URL (Set Public URL…) with the receiver's token and the environment, as its notify URL. Starts
 * the receiver when it is not running. Returns the URL (for scripts and tests); never logs it (it
 * holds the path token).
 */
export async function copyInboundUrl(receiver: DeliveryReceiver, environments: Environments, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const env = environments.active() ?? (await environments.pick());
  if (!env) return undefined;
  try {
    await receiver.start();
  } catch (err) {
    const message = vscode.l10n.t('The delivery receiver could not start: {0}. Choose another port in the setting wxc.deliveryReceiver.port (0 takes a free one).', err instanceof Error ? err.message : String(err));
    log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const url = receiver.notifyUrl(env.name, env.setting);
  if (!url) return undefined;
  await vscode.env.clipboard.writeText(url);
  const local = isLoopbackHost(new URL(url).hostname);
  const tenantIsLocal = env.endpoint.ok && isLoopbackHost(env.endpoint.url.hostname);
  if (local && !tenantIsLocal) {
    const setUrl = vscode.l10n.t('Set Public URL…');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Copied the inbound webhook URL of environment {0}, but it points at this machine, which Webex Connect cannot reach. Forward the receiver\'s port (Ports view, visibility Public, or a tunnel), then Set Public URL… and copy it again.',
        env.name,
      ),
      setUrl,
    );
    if (answer === setUrl) void vscode.commands.executeCommand(CommandIds.setNotifyBaseUrl);
    return url;
  }
  void vscode.window.showInformationMessage(
    tenantIsLocal
      ? vscode.l10n.t('Copied the inbound webhook URL of environment {0}: the local sandbox posts the customer\'s messages and taps to it.', env.name)
      : vscode.l10n.t(
          'Copied the inbound webhook URL of environment {0}. In Webex Connect, set it as the WhatsApp app\'s outbound webhook (events Incoming Message and Postback): the customer\'s messages and taps then show in their conversation.',
          env.name,
        ),
  );
  return url;
}

export function registerCopyInboundUrl(context: vscode.ExtensionContext, deps: { receiver: DeliveryReceiver; environments: Environments; log: vscode.LogOutputChannel }): void {
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.copyInboundUrl, () => copyInboundUrl(deps.receiver, deps.environments, deps.log)));
}
