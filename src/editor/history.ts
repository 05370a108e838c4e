import * as vscode from 'vscode';
import { HistoryEntry, addToHistory, readHistory, reportOf } from '../core/history';
import { SendRecord } from '../core/sendRecord';
import { CommandIds } from './commandIds';
import { ResponseViews } from './responseView';

const HISTORY_KEY = 'wxc.history';

/** The last sends of this workspace, kept in workspace state (never in a file). */
export class SendHistory {
  constructor(private readonly state: vscode.Memento) {}

  /** Newest first; entries stored by older versions (with their report's text) are kept. */
  entries(): HistoryEntry[] {
    return readHistory(this.state.get<unknown>(HISTORY_KEY));
  }

  async add(record: SendRecord): Promise<void> {
    await this.state.update(HISTORY_KEY, addToHistory(this.entries(), record));
  }
}

export function registerHistory(context: vscode.ExtensionContext, views: ResponseViews): SendHistory {
  const history = new SendHistory(context.workspaceState);
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showHistory, async () => {
      const entries = history.entries();
      if (entries.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Nothing has been sent from this workspace yet.'));
        return undefined;
      }
      const items = entries.map((e) => ({
        label: `${e.code === '1001' ? '$(check)' : '$(error)'} ${e.code} ${e.meaning}`,
        description: `${e.messageType} · ${e.recipients} recipient${e.recipients === 1 ? '' : 's'} · ${e.environment} · ${e.durationMs} ms`,
        detail: `${new Date(e.at).toLocaleString()} · ${e.file}${e.transid ? ` · transid ${e.transid}` : ''}`,
        entry: e,
      }));
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Webex Connect: last {0} sends', entries.length),
        placeHolder: vscode.l10n.t('Open a response'),
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!picked) return undefined;
      return views.show(picked.entry.id, reportOf(picked.entry));
    }),
  );
  return history;
}
