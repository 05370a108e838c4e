import * as vscode from 'vscode';
import type { InboundEvent } from '../core/inbound/events';
import { type Conversation, buildConversations, conversationOf } from '../core/inbound/conversations';
import { EMPTY_INBOUND, type StoredInbound, addInbound, allInbound, promoteInbound, readInbound, sentToAny } from '../core/inbound/store';
import { type WindowState, windowState } from '../core/inbound/window';
import type { SentMessage } from '../core/inbound/conversations';
import { sentMessagesOf } from '../core/send/sentMessages';
import { CommandIds } from './commandIds';
import type { SendHistory } from './history';

const INBOUND_KEY = 'wxc.inbound' as const;

/** What an event came to: kept with a customer a message was sent to, kept apart (a customer nobody sent to, or none named), or a repeat of one already kept. */
export type EventOutcome = 'kept' | 'apart' | 'repeat';

/** What other parts of the editor (the conversations view, Send, Reply…) and tests read of the customers' conversations. */
export interface ConversationsApi {
  /** Fires when an event arrives, or a send or its reports change (a conversation may have changed). */
  readonly onDidChange: vscode.Event<void>;
  /** Every customer's conversation, the most recent first (those who only wrote in have `sentTo: false`). */
  conversations(): Conversation[];
  /** One customer's conversation (their waid, `+` and spaces ignored), or undefined when nothing was sent to or came from them. */
  conversation(waid: string): Conversation | undefined;
  /** The customer's 24-hour window at `now` (default: now): open until, closed since, or unknown. */
  windowOf(waid: string, now?: number): WindowState;
  /** Events that named no customer (kept, shown as text), oldest first. */
  withoutCustomer(): InboundEvent[];
}

/**
 * The customer's events, kept in workspace state beside the send history (never in a file),
 * bounded in count and bytes, and the conversations built from both. Decisions are src/core's;
 * this stores and tells.
 */
export class Conversations implements ConversationsApi, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private stored: StoredInbound | undefined;
  /** The history as conversations see it, rebuilt when the history changes (reading a send's body is not free). */
  private sent: SentMessage[] | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: vscode.Memento,
    private readonly history: SendHistory,
  ) {
    // A new send can make a customer who only wrote in a customer sent to: their events move to the kept list.
    this.subscription = history.onDidChange(() => {
      this.sent = undefined;
      const before = this.inbound();
      const after = promoteInbound(before, this.sentTo());
      if (after !== before) void this.store(after);
      else this.changed.fire();
    });
  }

  private inbound(): StoredInbound {
    return (this.stored ??= readInbound(this.state.get<unknown>(INBOUND_KEY)));
  }

  private sends(): SentMessage[] {
    return (this.sent ??= sentMessagesOf(this.history.entries()));
  }

  private sentTo(): (waid: string) => boolean {
    return sentToAny(this.sends().flatMap((s) => s.recipients.map((r) => r.waid)));
  }

  /** Keeps an event; resolves once workspace state holds it (the receiver answers 200 then), rejects when it could not be written. */
  async addEvent(event: InboundEvent): Promise<EventOutcome> {
    const sentTo = this.sentTo();
    const { stored, added } = addInbound(this.inbound(), event, sentTo);
    if (!added) return 'repeat';
    await this.store(stored);
    return event.waid && sentTo(event.waid) ? 'kept' : 'apart';
  }

  conversations(): Conversation[] {
    return buildConversations(this.sends(), allInbound(this.inbound()));
  }

  conversation(waid: string): Conversation | undefined {
    return conversationOf(this.sends(), allInbound(this.inbound()), waid);
  }

  windowOf(waid: string, now: number = Date.now()): WindowState {
    const conversation = this.conversation(waid);
    return conversation ? windowState(conversation.window, now) : { state: 'unknown' };
  }

  withoutCustomer(): InboundEvent[] {
    return this.inbound().apart.filter((e) => !e.waid);
  }

  /** Forgets every event of this workspace. */
  async clear(): Promise<void> {
    await this.store(EMPTY_INBOUND);
  }

  /** Holds the value at once (the views follow it), tells, and resolves once it is written. */
  private async store(value: StoredInbound): Promise<void> {
    const previous = this.stored;
    this.stored = value;
    const written = this.state.update(INBOUND_KEY, value);
    this.changed.fire();
    try {
      await written;
    } catch (err) {
      // Not written: forget it here too, so what is shown is what a restart would show.
      if (this.stored === value) this.stored = previous;
      this.changed.fire();
      throw err;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Creates the conversations store beside the send history. */
export function registerConversations(context: vscode.ExtensionContext, history: SendHistory): Conversations {
  const conversations = new Conversations(context.workspaceState, history);
  context.subscriptions.push(
    conversations,
    // `true` skips the question (tests, scripts).
    vscode.commands.registerCommand(CommandIds.clearConversations, async (confirmed?: unknown) => {
      if (confirmed !== true) {
        const clear = vscode.l10n.t('Clear');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('Forget every message and tap customers sent to this workspace?'),
          {
            modal: true,
            detail: vscode.l10n.t(
              'Conversations keeps only what was sent (Clear Sends… forgets that), and the 24-hour windows learnt from customers\' messages become unknown. Payload files and the sandbox\'s own customers are not touched.',
            ),
          },
          clear,
        );
        if (answer !== clear) return false;
      }
      await conversations.clear();
      return true;
    }),
  );
  return conversations;
}
