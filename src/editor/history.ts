import * as vscode from 'vscode';
import { DeliveryReport } from '../core/delivery/reports';
import { UnmatchedReport, addUnmatched, mergeReport, readUnmatched, takeUnmatched } from '../core/delivery/timeline';
import { HistoryEntry, addReport, addToHistory, latestState, readHistory, wasQueued } from '../core/send/history';
import { SendRecord } from '../core/send/record';
import { CommandIds } from './commandIds';

const HISTORY_KEY = 'wxc.history' as const;
const UNMATCHED_KEY = 'wxc.unmatchedReports' as const;

/** What a report came to: merged into a send's timeline, kept apart (no send has its transid), or a repeat. */
export type ReportOutcome = 'matched' | 'unmatched' | 'repeat';

/**
 * The last sends of this workspace with their delivery reports, and the reports of unknown
 * transids, kept in workspace state (never in a file). Decisions are src/core's; this stores.
 */
export class SendHistory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryEntry | undefined>();
  /** Fires with the entry whose timeline changed, or undefined when the list changed. */
  readonly onDidChange = this.changed.event;

  /** What workspace state holds, read (and checked) once; every write goes through store(), which keeps these current. */
  private history: HistoryEntry[] | undefined;
  private apart: UnmatchedReport[] | undefined;

  constructor(private readonly state: vscode.Memento) {}

  /** Newest first; entries stored by older versions (with their report's text) are kept. */
  entries(): HistoryEntry[] {
    this.history ??= readHistory(this.state.get<unknown>(HISTORY_KEY));
    return [...this.history];
  }

  /** Reports whose transid matched no send, newest first. */
  unmatched(): UnmatchedReport[] {
    this.apart ??= readUnmatched(this.state.get<unknown>(UNMATCHED_KEY));
    return [...this.apart];
  }

  /**
   * Stores a send; reports of its transid that arrived before its answer was stored join its
   * timeline. Returns the stored entry. Both lists are set before anything is awaited: a report
   * that arrives while workspace state writes them finds the send (and is not left apart).
   */
  async add(record: SendRecord): Promise<HistoryEntry> {
    let entry: HistoryEntry = record;
    let apart: UnmatchedReport[] | undefined;
    if (record.transid) {
      const { taken, rest } = takeUnmatched(this.unmatched(), record.transid);
      if (taken.length > 0) {
        let timeline = entry.timeline;
        for (const u of taken) timeline = mergeReport(timeline, u.report, u.receivedAt);
        entry = { ...record, timeline };
        apart = rest;
      }
    }
    await Promise.all([apart ? this.store(UNMATCHED_KEY, apart, undefined) : undefined, this.store(HISTORY_KEY, addToHistory(this.entries(), entry), undefined)]);
    return entry;
  }

  /** Keeps a report with the send of its transid, or apart when there is none. */
  async addReport(report: DeliveryReport, meta: { receivedAt: string; environment?: string }): Promise<ReportOutcome> {
    const added = addReport(this.entries(), report, meta.receivedAt, meta.environment);
    if (added) {
      if (!added.changed) return 'repeat';
      await this.store(HISTORY_KEY, added.history, added.entry);
      return 'matched';
    }
    const before = this.unmatched();
    const after = addUnmatched(before, { report, receivedAt: meta.receivedAt, ...(meta.environment === undefined ? {} : { environment: meta.environment }) });
    if (after.length === before.length && after[0] === before[0]) return 'repeat';
    await this.store(UNMATCHED_KEY, after, undefined);
    return 'unmatched';
  }

  /**
   * Stores a value and tells the views. Workspace state holds the new value at once and writes it
   * to disk later (its promise settles then): the views follow the value, not the write.
   */
  private async store(key: typeof HISTORY_KEY, value: HistoryEntry[], entry: HistoryEntry | undefined): Promise<void>;
  private async store(key: typeof UNMATCHED_KEY, value: UnmatchedReport[], entry: undefined): Promise<void>;
  private async store(key: string, value: HistoryEntry[] | UnmatchedReport[], entry: HistoryEntry | undefined): Promise<void> {
    const previous = key === HISTORY_KEY ? this.history : this.apart;
    const hold = (v: typeof value | undefined) => (key === HISTORY_KEY ? (this.history = v as HistoryEntry[] | undefined) : (this.apart = v as UnmatchedReport[] | undefined));
    hold(value);
    const written = this.state.update(key, value);
    this.changed.fire(entry);
    try {
      await written;
    } catch (err) {
      // Not written: forget it here too (unless something newer replaced it), so that Webex
      // Connect's retry of a report answered 500 is stored then, not taken for a repeat.
      if ((key === HISTORY_KEY ? this.history : this.apart) === value) hold(previous);
      this.changed.fire(undefined);
      throw err;
    }
  }

  /** Forgets every send and report of this workspace. */
  async clear(): Promise<void> {
    this.history = [];
    this.apart = [];
    const written = Promise.all([this.state.update(HISTORY_KEY, undefined), this.state.update(UNMATCHED_KEY, undefined)]);
    this.changed.fire(undefined);
    await written;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerHistory(context: vscode.ExtensionContext): SendHistory {
  const history = new SendHistory(context.workspaceState);
  context.subscriptions.push(
    history,
    vscode.commands.registerCommand(CommandIds.showHistory, async () => {
      const entries = history.entries();
      if (entries.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Nothing has been sent from this workspace yet.'));
        return undefined;
      }
      const items = entries.map((e) => {
        const state = latestState(e);
        return {
          label: `${wasQueued(e) ? (state.state === 'Failed' ? '$(warning)' : '$(check)') : '$(error)'} ${e.code} ${e.meaning}${state.summary ? ` → ${state.summary}` : ''}`,
          description: `${e.messageType} · ${e.recipients} recipient${e.recipients === 1 ? '' : 's'} · ${e.environment} · ${e.durationMs} ms`,
          detail: `${new Date(e.at).toLocaleString()} · ${e.file}${e.transid ? ` · transid ${e.transid}` : ''}`,
          entry: e,
        };
      });
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Webex Connect: last {0} sends', entries.length),
        placeHolder: vscode.l10n.t('Open a response'),
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!picked) return undefined;
      return vscode.commands.executeCommand(CommandIds.openSend, picked.entry.id);
    }),
  );
  return history;
}
