import * as vscode from 'vscode';
import type { Conversation, ConversationItem } from '../core/inbound/conversations';
import type { InboundAttachment, InboundContact, InboundEvent, InboundLocation, InboundMessage, InboundUnknown } from '../core/inbound/events';
import { type WindowState, windowState } from '../core/inbound/window';
import { DeliveryState } from '../core/delivery/reports';
import { stateName } from '../core/delivery/timeline';
import { oneLine } from '../core/text/oneLine';
import { CommandIds } from './commandIds';
import { localDateTime, localTime } from './localTime';
import { STATE_ICONS } from './sendsView';
import { TreeChanges } from './treeChanges';

export const CONVERSATIONS_VIEW_ID = 'wxc.conversations';

/** What the Conversations view and Reply read: the conversations kept with the send history, and when they change. */
export interface ConversationSource {
  conversations(): Conversation[];
  windowOf(waid: string): WindowState;
  /** Events that named no customer (kept, shown as text), oldest first. */
  withoutCustomer(): InboundEvent[];
  readonly onDidChange: vscode.Event<void>;
}

/** A part of an incoming message: a media link, a location or a contact card. */
export type MessagePart =
  | { readonly part: 'attachment'; readonly attachment: InboundAttachment }
  | { readonly part: 'location'; readonly location: InboundLocation }
  | { readonly part: 'contact'; readonly contact: InboundContact }
  | { readonly part: 'field'; readonly name: string; readonly value: string };

/** A row of the Conversations view. */
export type ConversationNode =
  | { readonly kind: 'customer'; readonly conversation: Conversation }
  /** The events that named no customer, under one row (as the Sends view keeps reports of unknown sends). */
  | { readonly kind: 'apart'; readonly conversation: Conversation }
  | { readonly kind: 'item'; readonly conversation: Conversation; readonly item: ConversationItem; readonly index: number }
  | { readonly kind: 'part'; readonly conversation: Conversation; readonly item: ConversationItem; readonly index: number; readonly part: MessagePart; readonly partIndex: number };

/** The window as a description says it: "open until 10:32 AM", "closed since Dec 2, 9:00 AM", "window unknown". */
export function windowText(window: WindowState): string {
  switch (window.state) {
    case 'open':
      return vscode.l10n.t('open until {0}', localTime(window.until));
    case 'closed':
      return vscode.l10n.t('closed since {0}', localTime(window.since));
    default:
      return vscode.l10n.t('window unknown');
  }
}

/** The window as a sentence, for tooltips and pickers. */
export function windowSentence(window: WindowState): string {
  switch (window.state) {
    case 'open':
      return vscode.l10n.t('24-hour window open until {0}: any kind of message is delivered.', localDateTime(window.until));
    case 'closed':
      return vscode.l10n.t('24-hour window closed since {0}: only a template is delivered (a session message fails with 7710).', localDateTime(window.since));
    default:
      return vscode.l10n.t('24-hour window unknown: no message from this customer has been received here.');
  }
}

const WINDOW_ICONS: Record<WindowState['state'], vscode.ThemeIcon> = {
  open: new vscode.ThemeIcon('comment-discussion', new vscode.ThemeColor('testing.iconPassed')),
  closed: new vscode.ThemeIcon('lock', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  unknown: new vscode.ThemeIcon('account'),
};

const DELIVERY_STATES: readonly string[] = ['Queued', 'Submitted', 'Delivered', 'Read', 'Failed'];
const asState = (s: string): DeliveryState | undefined => (DELIVERY_STATES.includes(s) ? (s as DeliveryState) : undefined);

/** The parts of an incoming message, in the order a person reads them. */
export function partsOf(item: ConversationItem): MessagePart[] {
  if (item.kind !== 'received') return [];
  const e = item.event;
  if (e.type === 'unknown') return e.fields.map((f) => ({ part: 'field' as const, name: f.name, value: f.value }));
  return [
    ...e.attachments.map((attachment) => ({ part: 'attachment' as const, attachment })),
    ...(e.location ? [{ part: 'location' as const, location: e.location }] : []),
    ...e.contacts.map((contact) => ({ part: 'contact' as const, contact })),
  ];
}

/** The environment of a conversation: where its latest send went (the label the send history keeps); empty when it only wrote in. */
export function environmentOf(conversation: Conversation): string {
  for (let i = conversation.items.length - 1; i >= 0; i--) {
    const item = conversation.items[i];
    if (item.kind === 'sent') return item.send.environment;
  }
  return '';
}

/** The customer as a row names them: their waid, and their profile name when they gave one. */
export function customerLabel(conversation: Conversation): string {
  // A waid comes from the event as it was posted: any text, so it is laid out like the rest.
  const waid = oneLine(conversation.waid, 40);
  return conversation.name ? `${waid} · ${oneLine(conversation.name, 40)}` : waid || vscode.l10n.t('(no waid)');
}

/** The location as one line: its name or address, else its coordinates. */
function locationLine(l: InboundLocation): string {
  const coordinates = l.latitude !== undefined && l.longitude !== undefined ? `${l.latitude}, ${l.longitude}` : '';
  return oneLine([l.name, l.address].filter((s) => s).join(' · ')) || coordinates || vscode.l10n.t('(no coordinates)');
}

/** What a row's Copy puts on the clipboard: the customer's text, a media link, a location's coordinates, a contact's numbers. */
export function copyText(node: ConversationNode): string {
  if (node.kind === 'customer') return node.conversation.waid;
  if (node.kind === 'part') {
    const p = node.part;
    switch (p.part) {
      case 'attachment':
        return p.attachment.url;
      case 'location': {
        const l = p.location;
        return l.latitude !== undefined && l.longitude !== undefined ? `${l.latitude},${l.longitude}` : [l.name, l.address, l.url].filter((s) => s).join('\n');
      }
      case 'contact':
        return [p.contact.name, ...p.contact.phones, ...p.contact.emails].filter((s) => s).join('\n');
      case 'field':
        return p.value;
    }
  }
  if (node.kind === 'apart') return node.conversation.items.map(itemText).join('\n');
  return itemText(node.item);
}

/** A conversation row's own text: what the customer wrote (an unknown event's fields), a tap's title, a send's transid. */
function itemText(item: ConversationItem): string {
  if (item.kind === 'received') return item.event.type === 'message' ? item.event.text : item.event.fields.map((f) => `${f.name}: ${f.value}`).join('\n');
  if (item.kind === 'tap') return item.title;
  return item.send.transid ?? item.send.messageType;
}

/** The link a row can open outside the editor (a media file, a location's link), when it has one that is http(s). */
export function linkOf(node: ConversationNode): vscode.Uri | undefined {
  if (node.kind !== 'part') return undefined;
  const url = node.part.part === 'attachment' ? node.part.attachment.url : node.part.part === 'location' ? node.part.location.url : '';
  if (!/^https?:\/\//i.test(url)) return undefined;
  try {
    return vscode.Uri.parse(url, true);
  } catch {
    return undefined;
  }
}

/**
 * The Conversations view: per customer (waid), what was sent to them and what came back, oldest
 * first, with their 24-hour window. Fed by the conversations kept with the send history; redraws
 * when they change and when a window it shows as open closes. Everything a customer wrote is
 * shown as plain text: labels, descriptions and tooltips are not Markdown; media are links,
 * never loaded.
 */
export class ConversationsTree implements vscode.TreeDataProvider<ConversationNode>, vscode.Disposable {
  private readonly changes: TreeChanges<ConversationNode>;
  readonly onDidChangeTreeData: vscode.Event<ConversationNode | undefined>;
  /** Fires when the soonest open window shown closes, so its row says so. */
  private closing: NodeJS.Timeout | undefined;

  constructor(private readonly source: ConversationSource) {
    this.changes = new TreeChanges<ConversationNode>(source.onDidChange);
    this.onDidChangeTreeData = this.changes.event;
  }

  refresh(): void {
    this.changes.fire();
  }

  getChildren(node?: ConversationNode): ConversationNode[] {
    if (!node) {
      const conversations = this.source.conversations();
      this.scheduleClosing(conversations);
      const rows: ConversationNode[] = conversations.map((conversation) => ({ kind: 'customer', conversation }));
      const apart = this.source.withoutCustomer();
      return apart.length > 0 ? [...rows, { kind: 'apart', conversation: apartConversation(apart) }] : rows;
    }
    if (node.kind === 'customer' || node.kind === 'apart') return node.conversation.items.map((item, index) => ({ kind: 'item', conversation: node.conversation, item, index }));
    if (node.kind === 'item') return partsOf(node.item).map((part, partIndex) => ({ kind: 'part', conversation: node.conversation, item: node.item, index: node.index, part, partIndex }));
    return [];
  }

  getParent(node: ConversationNode): ConversationNode | undefined {
    if (node.kind === 'item') return { kind: node.conversation.waid ? 'customer' : 'apart', conversation: node.conversation };
    if (node.kind === 'part') return { kind: 'item', conversation: node.conversation, item: node.item, index: node.index };
    return undefined;
  }

  getTreeItem(node: ConversationNode): vscode.TreeItem {
    switch (node.kind) {
      case 'customer':
        return this.customerItem(node.conversation);
      case 'apart': {
        const count = node.conversation.items.length;
        const item = new vscode.TreeItem(count === 1 ? vscode.l10n.t('1 event without a customer') : vscode.l10n.t('{0} events without a customer', count), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'apart';
        item.iconPath = new vscode.ThemeIcon('question');
        item.tooltip = vscode.l10n.t('Events the receiver took that name no waid: kept and shown as they came, in no conversation.');
        item.contextValue = 'wxc.apart';
        return item;
      }
      case 'item':
        return itemOf(node);
      case 'part':
        return partItem(node);
    }
  }

  private customerItem(conversation: Conversation): vscode.TreeItem {
    const window = windowState(conversation.window, Date.now());
    const item = new vscode.TreeItem(customerLabel(conversation), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `customer:${conversation.waid}`;
    const environment = environmentOf(conversation);
    item.description = environment ? `${windowText(window)} · ${environment}` : windowText(window);
    item.iconPath = WINDOW_ICONS[window.state];
    item.tooltip = [
      conversation.name ? `${oneLine(conversation.waid, 200)} (${oneLine(conversation.name, 200)})` : oneLine(conversation.waid, 200),
      windowSentence(window),
      environment ? vscode.l10n.t('Environment: {0}', environment) : undefined,
      conversation.lastAt ? vscode.l10n.t('Last: {0}', localDateTime(conversation.lastAt)) : undefined,
    ]
      .filter((l): l is string => l !== undefined)
      .join('\n');
    item.contextValue = `wxc.customer.${window.state}`;
    return item;
  }

  /** Redraws when the soonest window shown as open closes (timers are capped: a window can stay open a day). */
  private scheduleClosing(conversations: readonly Conversation[]): void {
    clearTimeout(this.closing);
    this.closing = undefined;
    const now = Date.now();
    let soonest = Infinity;
    for (const c of conversations) {
      const w = windowState(c.window, now);
      if (w.state === 'open') soonest = Math.min(soonest, Date.parse(w.until));
    }
    if (!Number.isFinite(soonest)) return;
    this.closing = setTimeout(() => this.changes.fire(), Math.min(Math.max(soonest - now + 50, 50), 60 * 60 * 1000));
  }

  dispose(): void {
    clearTimeout(this.closing);
    this.changes.dispose();
  }
}

/** The events that named no customer, as the items of a conversation of nobody (oldest first). */
function apartConversation(events: readonly InboundEvent[]): Conversation {
  const items: ConversationItem[] = events.map((event) =>
    event.type === 'tap' ? { kind: 'tap', at: event.at, event, title: event.title || event.payload } : { kind: 'received', at: event.at, event },
  );
  return { waid: '', name: '', sentTo: false, items, window: {}, lastAt: items.length > 0 ? items[items.length - 1].at : '' };
}

/** A row of a conversation: a message sent, something the customer wrote, a tap, an event not known. */
function itemOf(node: Extract<ConversationNode, { kind: 'item' }>): vscode.TreeItem {
  const { item, conversation, index } = node;
  const at = localTime(item.at);
  const id = `item:${conversation.waid}:${index}:${item.kind === 'sent' ? item.send.id : item.event.id}`;
  if (item.kind === 'sent') {
    const state = asState(item.recipient.state);
    const row = new vscode.TreeItem(`${state ? stateName(state) : item.recipient.state} · ${item.send.messageType}`, vscode.TreeItemCollapsibleState.None);
    row.id = id;
    row.description = vscode.l10n.t('sent {0}', at);
    row.iconPath = state ? STATE_ICONS[state] : new vscode.ThemeIcon('arrow-right');
    const last = item.recipient.reports[item.recipient.reports.length - 1];
    row.tooltip = [
      vscode.l10n.t('Sent: {0} message', item.send.messageType),
      localDateTime(item.at),
      item.send.environment,
      item.send.transid ? `transid ${item.send.transid}` : undefined,
      last ? `${last.state} ${last.code} ${oneLine(last.description, 200)}`.trim() : undefined,
    ]
      .filter((l): l is string => l !== undefined && l !== '')
      .join('\n');
    row.contextValue = 'wxc.conversation.sent';
    row.command = { title: vscode.l10n.t('Show in Sends View'), command: CommandIds.revealSend, arguments: [item.send.id] };
    return row;
  }
  if (item.kind === 'tap') {
    const row = new vscode.TreeItem(vscode.l10n.t('Tapped "{0}"', oneLine(item.title)), vscode.TreeItemCollapsibleState.None);
    row.id = id;
    row.description = item.send ? vscode.l10n.t('on the {0} sent {1} · {2}', item.send.messageType, localTime(item.send.at), at) : vscode.l10n.t('on a message not in this history · {0}', at);
    row.iconPath = new vscode.ThemeIcon('reply');
    row.tooltip = [
      vscode.l10n.t('The customer picked "{0}" (id {1}).', oneLine(item.title, 400), oneLine(item.event.payload, 400)),
      item.send
        ? vscode.l10n.t('It was a button or row of the {0} message sent {1} (transid {2}).', item.send.messageType, localDateTime(item.send.at), item.event.transid)
        : vscode.l10n.t('No send of this workspace has transid {0} (sent from elsewhere, or gone from the history).', oneLine(item.event.transid, 200)),
      localDateTime(item.at),
      ...item.event.notes,
    ].join('\n');
    row.contextValue = item.send ? 'wxc.conversation.tap' : 'wxc.conversation.tap.unmatched';
    if (item.send) row.command = { title: vscode.l10n.t('Show in Sends View'), command: CommandIds.revealSend, arguments: [item.send.id] };
    return row;
  }
  return item.event.type === 'unknown' ? unknownItem(item.event, id, at) : receivedItem(item.event, id, at);
}

/** What the customer wrote: its text as the label (one line), its parts (media, location, contacts) as children. */
function receivedItem(e: InboundMessage, id: string, at: string): vscode.TreeItem {
  const parts = e.attachments.length + e.contacts.length + (e.location ? 1 : 0);
  const label = oneLine(e.text) || summaryOf(e) || vscode.l10n.t('(empty message)');
  const row = new vscode.TreeItem(label, parts > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  row.id = id;
  row.description = e.text ? [summaryOf(e), at].filter((s) => s).join(' · ') : at;
  row.iconPath = new vscode.ThemeIcon(e.attachments.length > 0 ? 'file-media' : e.location ? 'location' : e.contacts.length > 0 ? 'person' : 'comment');
  row.tooltip = [e.text, localDateTime(e.at), ...e.notes].filter((s) => s).join('\n');
  row.contextValue = 'wxc.conversation.received';
  return row;
}

/** "image/jpeg", "Location", "2 contacts": what a message carried besides its text. */
function summaryOf(e: InboundMessage): string {
  const bits: string[] = [];
  if (e.attachments.length === 1) bits.push(oneLine(e.attachments[0].mimeType, 60) || vscode.l10n.t('Media'));
  else if (e.attachments.length > 1) bits.push(vscode.l10n.t('{0} media files', e.attachments.length));
  if (e.location) bits.push(vscode.l10n.t('Location'));
  if (e.contacts.length === 1) bits.push(vscode.l10n.t('Contact card'));
  else if (e.contacts.length > 1) bits.push(vscode.l10n.t('{0} contact cards', e.contacts.length));
  return bits.join(', ');
}

/** An event the extension does not know: kept and shown, its fields as text. */
function unknownItem(e: InboundUnknown, id: string, at: string): vscode.TreeItem {
  const row = new vscode.TreeItem(
    e.event ? vscode.l10n.t('Event "{0}" (not known)', oneLine(e.event, 60)) : vscode.l10n.t('Event of an unknown kind'),
    e.fields.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  row.id = id;
  row.description = at;
  row.iconPath = new vscode.ThemeIcon('question');
  row.tooltip = [vscode.l10n.t('An event this extension does not know, kept as it came (its fields below).'), localDateTime(e.at), ...e.notes].join('\n');
  row.contextValue = 'wxc.conversation.unknown';
  return row;
}

function partItem(node: Extract<ConversationNode, { kind: 'part' }>): vscode.TreeItem {
  const p = node.part;
  const row = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
  row.id = `part:${node.conversation.waid}:${node.index}:${node.partIndex}`;
  switch (p.part) {
    case 'attachment': {
      const a = p.attachment;
      row.label = oneLine(a.filename || a.caption) || oneLine(a.mimeType, 60) || vscode.l10n.t('Media');
      row.description = oneLine(a.url, 200);
      row.iconPath = new vscode.ThemeIcon('link');
      row.tooltip = [a.mimeType, a.caption, a.filename, a.url, vscode.l10n.t('A link, not loaded: "Open Link" opens it outside the editor.')].filter((s) => s).join('\n');
      row.contextValue = linkOf(node) ? 'wxc.conversation.link' : 'wxc.conversation.part';
      break;
    }
    case 'location': {
      const l = p.location;
      row.label = locationLine(l);
      row.description = l.latitude !== undefined && l.longitude !== undefined ? `${l.latitude}, ${l.longitude}` : '';
      row.iconPath = new vscode.ThemeIcon('location');
      row.tooltip = [l.name, l.address, row.description, l.url].filter((s) => s).join('\n');
      row.contextValue = linkOf(node) ? 'wxc.conversation.link' : 'wxc.conversation.part';
      break;
    }
    case 'contact': {
      const c = p.contact;
      row.label = oneLine(c.name) || vscode.l10n.t('(no name)');
      row.description = oneLine([...c.phones, ...c.emails].join(', '), 200);
      row.iconPath = new vscode.ThemeIcon('person');
      row.tooltip = [c.name, ...c.phones, ...c.emails].filter((s) => s).join('\n');
      row.contextValue = 'wxc.conversation.part';
      break;
    }
    case 'field':
      row.label = oneLine(p.name, 60) || vscode.l10n.t('(no name)');
      row.description = oneLine(p.value, 200);
      row.tooltip = p.value;
      row.contextValue = 'wxc.conversation.part';
      break;
  }
  return row;
}

const isNode = (arg: unknown): arg is ConversationNode => !!arg && typeof arg === 'object' && 'kind' in arg && 'conversation' in arg;

export function registerConversationsView(context: vscode.ExtensionContext, source: ConversationSource): ConversationsTree {
  const tree = new ConversationsTree(source);
  const view = vscode.window.createTreeView(CONVERSATIONS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    view,
    vscode.commands.registerCommand(CommandIds.refreshConversations, () => tree.refresh()),
    vscode.commands.registerCommand(CommandIds.copyConversationItem, async (node?: unknown) => {
      if (!isNode(node)) return undefined;
      const text = copyText(node);
      await vscode.env.clipboard.writeText(text);
      return text;
    }),
    // Only on this explicit command does a customer's link leave the editor (VS Code asks before opening an untrusted site).
    vscode.commands.registerCommand(CommandIds.openConversationLink, async (node?: unknown) => {
      const uri = isNode(node) ? linkOf(node) : undefined;
      if (!uri) return false;
      return vscode.env.openExternal(uri);
    }),
  );
  return tree;
}
