import * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml';
import { HistoryEntry } from '../core/send/history';
import { ResponsePage, responsePage } from '../core/send/responsePage';
import { isObject } from '../core/json/values';
import type { FromResponse, ToResponse } from '../webview/responseProtocol';
import { CommandIds } from './commandIds';
import { SendHistory } from './history';
import { localClock, localDateTime, localTime } from './localTime';

/** The response page's view type (its serializer's, and the `onWebviewPanel` activation event's). */
export const RESPONSE_VIEW_TYPE = 'wxc.response';

/** What a response page showed (see WxcApi.responses). */
export interface ResponseRendered {
  readonly id: string;
  readonly version: number;
  readonly page: ResponsePage;
}

/** A send's page as the editor shows it: local times, as the Sends view shows them. */
export function pageOf(entry: HistoryEntry): ResponsePage {
  return responsePage(entry, { time: localClock, dateTime: localDateTime, shortTime: localTime });
}

interface OpenPage {
  readonly panel: vscode.WebviewPanel;
  ready: boolean;
  version: number;
  last?: ResponseRendered;
}

/**
 * The response pages: one webview panel per send, reused (opening a send again reveals its page
 * wherever it is), following the send's reports as they arrive. Every string is shown as text by
 * src/webview/response.ts under a CSP that runs only its own script.
 */
export class ResponseViews implements vscode.Disposable {
  private readonly pages = new Map<string, OpenPage>();
  private readonly rendered = new vscode.EventEmitter<ResponseRendered>();
  readonly onDidRender = this.rendered.event;
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly history: SendHistory,
  ) {
    this.listener = history.onDidChange((entry) => {
      if (entry) this.update(entry.id);
      else for (const id of this.pages.keys()) this.update(id);
    });
  }

  private entry(id: string): HistoryEntry | undefined {
    return this.history.entries().find((e) => e.id === id);
  }

  /** Shows the page of a send: its open page is revealed where it is; a new one opens beside the editor (or where the other pages are). Returns whether there was a send to show. */
  show(id: string): boolean {
    const entry = this.entry(id);
    if (!entry) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This send is no longer in the history of this workspace.'));
      return false;
    }
    const open = this.pages.get(id);
    if (open) {
      open.panel.reveal(open.panel.viewColumn, false);
      this.update(id);
      return true;
    }
    const column = [...this.pages.values()].map((p) => p.panel.viewColumn).find((c) => c !== undefined) ?? vscode.ViewColumn.Beside;
    const panel = vscode.window.createWebviewPanel(RESPONSE_VIEW_TYPE, pageOf(entry).title, { viewColumn: column, preserveFocus: false }, this.options());
    this.adopt(id, panel);
    return true;
  }

  /** Takes over a panel restored after a reload, for the send it showed; closes it when that send is gone. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const id = isObject(state) && typeof state.id === 'string' ? state.id : undefined;
    if (!id || !this.entry(id) || this.pages.has(id)) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.adopt(id, panel);
  }

  /** The open pages' send ids. */
  get openIds(): string[] {
    return [...this.pages.keys()];
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, enableCommandUris: false, enableFindWidget: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')] };
  }

  private adopt(id: string, panel: vscode.WebviewPanel): void {
    const open: OpenPage = { panel, ready: false, version: 0 };
    this.pages.set(id, open);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    const subscriptions = [
      panel.webview.onDidReceiveMessage((m: FromResponse) => {
        if (m?.type === 'ready') {
          // A page that was hidden has loaded again, empty: it gets the page whether or not it changed.
          open.ready = true;
          open.last = undefined;
          this.update(id);
        } else if (m?.type === 'rendered' && open.last && open.last.version === m.version) this.rendered.fire(open.last);
      }),
      panel.onDidDispose(() => {
        this.pages.delete(id);
        for (const d of subscriptions) d.dispose();
      }),
    ];
    panel.webview.html = this.html(panel.webview);
  }

  private html(webview: vscode.Webview): string {
    return webviewHtml({ webview, extensionUri: this.extensionUri, script: 'response.js', style: 'response.css', imgSrc: 'data:', title: vscode.l10n.t('Response'), rootId: 'response' });
  }

  /** Posts the send's page as it stands now to its open page (a hidden page gets it when it is shown again and asks). */
  private update(id: string): void {
    const open = this.pages.get(id);
    const entry = this.entry(id);
    if (!open || !entry) return;
    const page = pageOf(entry);
    open.panel.title = page.title;
    if (!open.ready) return;
    if (open.last && JSON.stringify(open.last.page) === JSON.stringify(page)) return;
    open.last = { id, version: ++open.version, page };
    const message: ToResponse = { type: 'page', id, version: open.last.version, page };
    // A hidden page drops the message; it loads again when shown, says ready, and gets the page then.
    void open.panel.webview.postMessage(message).then((delivered) => {
      if (!delivered && open.last?.version === message.version) open.last = undefined;
    });
  }

  dispose(): void {
    this.listener.dispose();
    for (const p of [...this.pages.values()]) p.panel.dispose();
    this.rendered.dispose();
  }
}

export function registerResponseViews(context: vscode.ExtensionContext, history: SendHistory): ResponseViews {
  const views = new ResponseViews(context.extensionUri, history);
  const idOf = (arg: unknown): string | undefined =>
    typeof arg === 'string' ? arg : isObject(arg) && isObject(arg.entry) && typeof arg.entry.id === 'string' ? arg.entry.id : undefined;
  context.subscriptions.push(
    views,
    // Show Response (the toast), a send in the Sends view, the history's pick: the one page of the send.
    vscode.commands.registerCommand(CommandIds.openSend, (arg?: unknown) => {
      const id = idOf(arg);
      return id === undefined ? false : views.show(id);
    }),
    vscode.window.registerWebviewPanelSerializer(RESPONSE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        views.restore(panel, state);
      },
    }),
  );
  return views;
}
