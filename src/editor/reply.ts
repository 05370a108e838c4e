import * as vscode from 'vscode';
import { type Conversation, waidKey } from '../core/inbound/conversations';
import { isSessionKind, replyKinds } from '../core/send/replyKinds';
import { MessageKind, kindById, offeredKinds } from '../core/messages';
import { oneLine, quickPickText as pickText } from '../core/text/oneLine';
import { CommandIds } from './commandIds';
import { ConversationSource, customerLabel, environmentOf, windowSentence, windowText } from './conversationsView';
import { Environment, Environments } from './environments';
import { OfferedKind, openScaffold, pickKind } from './newMessage';

/** The app id the customer last wrote to (their latest event that named one), when known. */
function appIdOf(conversation: Conversation | undefined): string | undefined {
  const items = conversation?.items ?? [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind !== 'sent' && item.event.appId) return item.event.appId;
  }
  return undefined;
}

/** The environment a send history label (`test (127.0.0.1:3210)`) or a name stands for. */
function environmentNamed(environments: Environments, labelOrName: string): Environment | undefined {
  if (!labelOrName) return undefined;
  const all = environments.list();
  return all.find((e) => e.label === labelOrName) ?? all.find((e) => e.name === labelOrName) ?? all.find((e) => labelOrName.startsWith(`${e.name} (`));
}

/**
 * Replies to customers: a new payload of the kind picked, addressed to their waid with the app
 * id they wrote to (else the environment's `WAAppid`), from the same scaffold as New WhatsApp
 * Message. Any kind while the window is open or unknown; templates first when it is closed.
 */
export class Replies {
  constructor(
    private readonly source: ConversationSource,
    private readonly environments: Environments,
    private readonly receiverRunning: () => boolean,
  ) {}

  /** The `wxc.replyToCustomer` command: `target` is a Conversations row, a waid, or nothing (then a pick); `kindArg` skips the kinds pick. */
  async reply(target?: unknown, kindArg?: unknown): Promise<vscode.Uri | undefined> {
    const conversation = this.conversationOf(target) ?? (target === undefined ? await this.pickCustomer() : undefined);
    const waid = conversation?.waid ?? (typeof target === 'string' ? target.trim() : '');
    if (!waid) {
      if (target !== undefined) void vscode.window.showErrorMessage(vscode.l10n.t('Reply to a Customer needs a customer: a row of the Conversations view or their waid.'));
      return undefined;
    }
    const window = this.source.windowOf(waid);
    let kind: MessageKind | undefined;
    if (kindArg !== undefined) {
      kind = kindById(kindArg);
      if (!kind || kind.deprecated) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t('Unknown WhatsApp message type {0}. Use one of: {1}.', JSON.stringify(kindArg) ?? String(kindArg), offeredKinds().map((k) => k.id).join(', ')),
        );
        return undefined;
      }
    } else {
      const outside = vscode.l10n.t('outside the 24-hour window');
      const offer: OfferedKind[] = replyKinds(window).map((r) => (r.outsideWindow ? { kind: r.kind, note: outside } : { kind: r.kind }));
      kind = await pickKind(offer, vscode.l10n.t('Reply to {0} ({1})', pickText(oneLine(waid, 60)), windowText(window)));
      if (!kind) return undefined;
    }
    const env = await this.environmentFor(conversation);
    const appid = appIdOf(conversation) ?? env?.variables.WAAppid;
    return openScaffold(kind, { notifyUrl: this.receiverRunning(), to: { waids: [waid], ...(appid ? { appid } : {}) } });
  }

  /** A template addressed to these customers (the window warning's "Start a Template…"), with the app id the message was going to use. */
  startTemplate(waids: readonly string[], appid: string | undefined): Promise<vscode.Uri> {
    const template = offeredKinds().find((k) => !isSessionKind(k));
    if (!template) throw new Error('The message registry has no template kind');
    return openScaffold(template, { notifyUrl: this.receiverRunning(), to: { waids, ...(appid ? { appid } : {}) } });
  }

  /** The conversation a command argument names: a Conversations row, a waid, or `{ waid }`. */
  private conversationOf(target: unknown): Conversation | undefined {
    let waid: string | undefined;
    if (typeof target === 'string') waid = target;
    else if (target && typeof target === 'object') {
      if ('conversation' in target) return (target as { conversation: Conversation }).conversation;
      if ('waid' in target && typeof (target as { waid: unknown }).waid === 'string') waid = (target as { waid: string }).waid;
    }
    if (!waid) return undefined;
    const key = waidKey(waid);
    return this.source.conversations().find((c) => waidKey(c.waid) === key);
  }

  /** Asks which customer to answer, latest conversation first. */
  private async pickCustomer(): Promise<Conversation | undefined> {
    const conversations = this.source.conversations();
    if (conversations.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No conversation yet: customers appear here once you send to them or they write in.'));
      return undefined;
    }
    const items = conversations.map((conversation) => {
      const window = this.source.windowOf(conversation.waid);
      const last = [...conversation.items].reverse().find((i) => i.kind === 'received' && i.event.type === 'message');
      const environment = environmentOf(conversation);
      return {
        label: pickText(customerLabel(conversation)),
        description: pickText(environment ? `${windowText(window)} · ${environment}` : windowText(window)),
        detail: pickText(last && last.kind === 'received' && last.event.type === 'message' && last.event.text ? oneLine(last.event.text, 120) : windowSentence(window)),
        conversation,
      };
    });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Reply to a Customer'), placeHolder: vscode.l10n.t('Choose the customer'), matchOnDescription: true, matchOnDetail: true });
    return picked?.conversation;
  }

  /**
   * The environment of the conversation (where it was sent from), made active so the reply is
   * sent from there too; the active one when the conversation names none this workspace has.
   */
  private async environmentFor(conversation: Conversation | undefined): Promise<Environment | undefined> {
    const active = this.environments.active();
    const own = conversation ? environmentNamed(this.environments, environmentOf(conversation)) : undefined;
    if (!own || own.name === active?.name) return active ?? own;
    await this.environments.select(own.name);
    void vscode.window.showInformationMessage(vscode.l10n.t('The reply is sent with {0}, where this conversation is.', own.label));
    return own;
  }
}

export function registerReplies(context: vscode.ExtensionContext, deps: { source: ConversationSource; environments: Environments; receiverRunning: () => boolean }): Replies {
  const replies = new Replies(deps.source, deps.environments, deps.receiverRunning);
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.replyToCustomer, (target?: unknown, kindArg?: unknown) => replies.reply(target, kindArg)));
  return replies;
}
