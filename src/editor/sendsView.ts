import * as vscode from 'vscode';
import { deliveryCodeInfo, DeliveryState } from '../core/delivery/reports';
import { DeliveryEvent, RecipientRow, UnmatchedReport, meaningOf, recipientRows, stateName } from '../core/delivery/timeline';
import { HistoryEntry, latestState, sendViewOf, wasQueued } from '../core/send/history';
import { kindTitle } from '../core/messages';
import { CommandIds } from './commandIds';
import { DeliveryReceiver } from './deliveryReceiver';
import { displayName } from './documents';
import { localClock, localDateTime, localTime } from './localTime';
import { SendHistory } from './history';
import { TreeChanges } from './treeChanges';

export const SENDS_VIEW_ID = 'wxc.sends';

/** A row of the Sends view. */
export type SendsNode =
  | { readonly kind: 'send'; readonly entry: HistoryEntry }
  | { readonly kind: 'recipient'; readonly entry: HistoryEntry; readonly row: RecipientRow }
  | { readonly kind: 'event'; readonly entry: HistoryEntry; readonly destination: string; readonly index: number; readonly event?: DeliveryEvent }
  | { readonly kind: 'unmatched' }
  | { readonly kind: 'unmatchedReport'; readonly item: UnmatchedReport; readonly index: number };

/** The icon of each delivery state (the Sends and Conversations views). */
export const STATE_ICONS: Record<DeliveryState, vscode.ThemeIcon> = {
  Queued: new vscode.ThemeIcon('clock'),
  Submitted: new vscode.ThemeIcon('arrow-right'),
  Delivered: new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed')),
  Read: new vscode.ThemeIcon('check-all', new vscode.ThemeColor('testing.iconPassed')),
  Failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
};

/** How a send's row begins: its delivery state (`Read`, `Failed 7710`), or for a send not queued its code (`7001`, `HTTP 500`) or failure (`Timed out`). */
function stateOfSend(entry: HistoryEntry): { head: string; meaning: string } {
  if (wasQueued(entry)) {
    const state = latestState(entry);
    return { head: state.short, meaning: state.summary === state.short ? '' : state.summary.slice(state.short.length).trim() };
  }
  return /^(\d+|HTTP \d+)$/.test(entry.code) ? { head: entry.code, meaning: entry.meaning } : { head: entry.meaning, meaning: '' };
}

/** The environment's name as the settings have it (`sandbox`), or its label for sends stored before the name was kept. */
function environmentOf(entry: HistoryEntry): string {
  return 'environmentName' in entry && entry.environmentName ? entry.environmentName : entry.environment;
}

/** A meaning worth showing beside a state: not when it only repeats the state's name (7501 Submitted). */
function besideState(state: DeliveryState, meaning: string): string {
  return meaning.toLocaleLowerCase() === stateName(state).toLocaleLowerCase() ? '' : meaning;
}

/** Whether any recipient of the send failed for its media (offer Check Media URLs). */
function mediaFailure(entry: HistoryEntry): boolean {
  return (entry.timeline ?? []).some((r) => r.events.some((e) => e.state === 'Failed' && deliveryCodeInfo(e.code)?.media));
}

/**
 * The Sends view: the workspace's sends, newest first, each with its timeline (per recipient when
 * it had several), and the reports no send claimed. Fed by the send history; updates as reports arrive.
 * Everything a report says is shown as plain text (labels, descriptions and tooltips are not Markdown).
 */
export class SendsTree implements vscode.TreeDataProvider<SendsNode>, vscode.Disposable {
  private readonly changes: TreeChanges<SendsNode>;
  readonly onDidChangeTreeData: vscode.Event<SendsNode | undefined>;

  constructor(private readonly history: SendHistory) {
    this.changes = new TreeChanges<SendsNode>(history.onDidChange);
    this.onDidChangeTreeData = this.changes.event;
  }

  refresh(): void {
    this.changes.fire();
  }

  getChildren(node?: SendsNode): SendsNode[] {
    if (!node) {
      const sends: SendsNode[] = this.history.entries().map((entry) => ({ kind: 'send', entry }));
      return this.history.unmatched().length > 0 ? [...sends, { kind: 'unmatched' }] : sends;
    }
    switch (node.kind) {
      case 'send': {
        if (!wasQueued(node.entry)) return [];
        const rows = recipientRows(sendViewOf(node.entry));
        if (rows.length > 1) return rows.map((row) => ({ kind: 'recipient', entry: node.entry, row }));
        return this.events(node.entry, rows[0]?.destination ?? '', rows[0]?.events ?? []);
      }
      case 'recipient':
        return this.events(node.entry, node.row.destination, node.row.events);
      case 'unmatched':
        return this.history.unmatched().map((item, index) => ({ kind: 'unmatchedReport', item, index }));
      default:
        return [];
    }
  }

  private events(entry: HistoryEntry, destination: string, events: readonly DeliveryEvent[]): SendsNode[] {
    return [{ kind: 'event', entry, destination, index: 0 }, ...events.map((event, i) => ({ kind: 'event' as const, entry, destination, index: i + 1, event }))];
  }

  getParent(node: SendsNode): SendsNode | undefined {
    switch (node.kind) {
      case 'recipient':
        return { kind: 'send', entry: node.entry };
      case 'event': {
        const rows = recipientRows(sendViewOf(node.entry));
        const row = rows.length > 1 ? rows.find((r) => r.destination === node.destination) : undefined;
        return row ? { kind: 'recipient', entry: node.entry, row } : { kind: 'send', entry: node.entry };
      }
      case 'unmatchedReport':
        return { kind: 'unmatched' };
      default:
        return undefined;
    }
  }

  getTreeItem(node: SendsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'send':
        return this.sendItem(node.entry);
      case 'recipient': {
        const item = new vscode.TreeItem(node.row.destination || vscode.l10n.t('(not named)'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `recipient:${node.entry.id}:${node.row.destination}`;
        item.iconPath = STATE_ICONS[node.row.state];
        const e = node.row.event;
        item.description = e ? [`${stateName(node.row.state)} ${e.code}`.trim(), besideState(node.row.state, meaningOf(e.code, e.description))].filter((s) => s).join(' ') : stateName(node.row.state);
        item.tooltip = e?.state === 'Failed' ? failureTooltip(e) : undefined;
        item.contextValue = e?.state === 'Failed' && deliveryCodeInfo(e.code)?.media ? 'wxc.recipient.mediaFailure' : 'wxc.recipient';
        return item;
      }
      case 'event':
        return this.eventItem(node);
      case 'unmatched': {
        const count = this.history.unmatched().length;
        const item = new vscode.TreeItem(vscode.l10n.t('Reports for unknown sends ({0})', count), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'unmatched';
        item.iconPath = new vscode.ThemeIcon('question');
        item.tooltip = vscode.l10n.t('Delivery reports whose transid matches no send of this workspace (sent from elsewhere, or pushed out of the history).');
        item.contextValue = 'wxc.unmatched';
        return item;
      }
      case 'unmatchedReport': {
        const r = node.item.report;
        const item = new vscode.TreeItem(`${stateName(r.state)} ${r.code}`.trim(), vscode.TreeItemCollapsibleState.None);
        item.id = `unmatched:${node.index}:${r.transid}:${r.destination}:${r.code}:${r.timeStamp}`;
        item.iconPath = STATE_ICONS[r.state];
        item.description = `${meaningOf(r.code, r.description)} · transid ${r.transid}${r.destination ? ` · ${r.destination}` : ''} · ${localClock(r.timeStamp || node.item.receivedAt)}`;
        item.tooltip = r.state === 'Failed' ? failureTooltip({ ...r, receivedAt: node.item.receivedAt }) : undefined;
        return item;
      }
    }
  }

  private sendItem(entry: HistoryEntry): vscode.TreeItem {
    const queued = wasQueued(entry);
    const state = latestState(entry);
    const { head, meaning } = stateOfSend(entry);
    // The state first: a narrow view cuts the end of a row, and two sends must not look the same.
    const item = new vscode.TreeItem(`${head} · ${kindTitle(entry.messageType)} · ${localTime(entry.at)}`, queued ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `send:${entry.id}`;
    item.description = [meaning, environmentOf(entry), entry.file].filter((s) => s).join(' · ');
    item.iconPath = queued && state.state ? STATE_ICONS[state.state] : STATE_ICONS.Failed;
    item.tooltip = [
      state.summary || undefined,
      `${entry.code} ${entry.meaning}`,
      `${entry.messageType} · ${entry.recipients === 1 ? vscode.l10n.t('{0} recipient', entry.recipients) : vscode.l10n.t('{0} recipients', entry.recipients)} · ${entry.environment}`,
      entry.file,
      localDateTime(entry.at),
      entry.transid ? `transid ${entry.transid}` : undefined,
    ]
      .filter((l): l is string => l !== undefined)
      .join('\n');
    item.contextValue = mediaFailure(entry) ? 'wxc.send.mediaFailure' : 'wxc.send';
    item.command = { title: vscode.l10n.t('Show Response'), command: CommandIds.openSend, arguments: [entry.id] };
    return item;
  }

  private eventItem(node: Extract<SendsNode, { kind: 'event' }>): vscode.TreeItem {
    const e = node.event;
    const item = new vscode.TreeItem(e ? `${stateName(e.state)} ${e.code}`.trim() : `${stateName('Queued')} ${node.entry.code}`, vscode.TreeItemCollapsibleState.None);
    item.id = `event:${node.entry.id}:${node.destination}:${node.index}`;
    item.iconPath = STATE_ICONS[e ? e.state : 'Queued'];
    if (!e) {
      item.description = localClock(node.entry.at);
      return item;
    }
    const meaning = besideState(e.state, meaningOf(e.code, e.description));
    item.description = `${meaning ? `${meaning} · ` : ''}${localClock(e.timeStamp || e.receivedAt)}`;
    item.tooltip = e.state === 'Failed' ? failureTooltip(e) : deliveryCodeInfo(e.code)?.advice ?? meaning;
    item.contextValue = e.state === 'Failed' && deliveryCodeInfo(e.code)?.media ? 'wxc.event.mediaFailure' : 'wxc.event';
    return item;
  }

  dispose(): void {
    this.changes.dispose();
  }
}

/** A failure's meaning and what to do, as plain text. */
function failureTooltip(e: Pick<DeliveryEvent, 'code' | 'description' | 'timeStamp' | 'receivedAt'>): string {
  const info = deliveryCodeInfo(e.code);
  return [`${e.code} ${meaningOf(e.code, e.description)}`.trim(), info?.advice ?? vscode.l10n.t('This code is not in the table of delivery codes; see the Webex Connect documentation.'), e.timeStamp || e.receivedAt].join('\n');
}

/** The payload file a send came from, when it can still be found. */
async function sourceOf(entry: HistoryEntry): Promise<vscode.Uri | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => displayName(d.uri) === entry.file);
  if (open) return open.uri;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, entry.file);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export function registerSendsView(context: vscode.ExtensionContext, deps: { history: SendHistory; receiver: DeliveryReceiver }): SendsTree {
  const tree = new SendsTree(deps.history);
  const view = vscode.window.createTreeView(SENDS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const entryOf = (arg: unknown): HistoryEntry | undefined => {
    const id = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'entry' in arg ? (arg as { entry: HistoryEntry }).entry.id : undefined;
    return id === undefined ? undefined : deps.history.entries().find((e) => e.id === id);
  };
  const updateMessage = () => {
    view.message = deps.receiver.running
      ? undefined
      : vscode.l10n.t('The delivery receiver is stopped: reports arrive only while it runs ("Webex Connect: Start Delivery Receiver").');
  };
  updateMessage();
  context.subscriptions.push(
    tree,
    view,
    deps.receiver.onDidChange(updateMessage),
    vscode.commands.registerCommand(CommandIds.refreshSends, () => tree.refresh()),
    vscode.commands.registerCommand(CommandIds.revealSend, async (arg?: unknown) => {
      const entry = entryOf(arg);
      if (!entry) return false;
      await view.reveal({ kind: 'send', entry }, { select: true, focus: true, expand: 2 });
      return true;
    }),
    vscode.commands.registerCommand(CommandIds.checkSendMedia, async (arg?: unknown) => {
      const entry = entryOf(arg);
      if (!entry) return undefined;
      const uri = await sourceOf(entry);
      if (!uri) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not in this workspace any more: open the payload and run "Webex Connect: Check Media URLs".', entry.file));
        return undefined;
      }
      await vscode.window.showTextDocument(uri);
      return vscode.commands.executeCommand(CommandIds.checkMedia, uri);
    }),
    vscode.commands.registerCommand(CommandIds.clearSends, async (confirmed?: unknown) => {
      if (confirmed !== true) {
        const clear = vscode.l10n.t('Clear');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('Forget every send of this workspace and its delivery reports?'),
          {
            modal: true,
            detail: vscode.l10n.t(
              'The send history and the Sends view start empty, and Conversations no longer shows what was sent. What customers sent back stays there (Clear Conversations… forgets it). Payload files are not touched.',
            ),
          },
          clear,
        );
        if (answer !== clear) return false;
      }
      await deps.history.clear();
      return true;
    }),
  );
  return tree;
}
