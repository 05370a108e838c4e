import * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml';
import { PreviewModel, buildPreview, mediaOrigins } from '../core/preview';
import { isObject } from '../core/json/values';
import type { FromWebview, MediaConsent, PreviewLabels, ToWebview } from '../webview/protocol';
import { AdaptiveDelay } from './checkDelay';
import { CommandIds } from './commandIds';
import { affectsSettings, readSettings } from './config';
import { documentLength, targetDocument } from './documents';
import { Environments } from './environments';
import { editorCheckContext } from './payloadDiagnostics';
import { isPayloadDocument } from './payloadFiles';
import type { PreviewTaps, TapContext } from './previewTaps';

/** The preview panel's view type (also its serializer's, and the `onWebviewPanel` activation event's). */
export const PREVIEW_VIEW_TYPE = 'wxc.preview';


/** What the webview showed: the document, its version and the model (see WxcApi.preview). */
export interface PreviewRendered {
  readonly uri: string;
  readonly version: number;
  readonly model: PreviewModel;
}

function labels(): PreviewLabels {
  const l = vscode.l10n.t;
  return {
    problems: l('Problems'),
    noProblems: l('No problems found by the checks.'),
    loadMedia: l('Load media'),
    mediaOff: l('Media loading is off (setting wxc.preview.loadMedia).'),
    mediaFailed: l('The media could not be loaded.'),
    untitledDocument: l('Untitled document'),
    overLimit: l('WhatsApp allows {0} characters; this text has {1}: what follows is cut or refused.'),
    undefinedVariable: l('{0} is not defined in the active environment or the template parameters.'),
    close: l('Close'),
    linkPreview: l('Link preview'),
    addressHidden: l('WhatsApp shows the address only with a name.'),
    templateUndescribed: l('Template "{0}" is not described in the setting wxc.templates; its parameters:'),
    templateCaption: l('Template {0}'),
    parameter: l('Parameter'),
    value: l('Value'),
    message: l('Message'),
    media: { image: l('Image'), video: l('Video'), audio: l('Audio'), document: l('Document'), sticker: l('Sticker') },
    severity: { error: l('Error'), warning: l('Warning'), info: l('Info'), hint: l('Hint') },
  };
}

/**
 * The preview beside the editor: one panel that follows the active payload editor (as Markdown's
 * preview does), rebuilt from src/core/preview.ts on every edit.
 */
export class PreviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private source: vscode.TextDocument | undefined;
  private ready = false;
  private dirty = false;
  /** With consent "ask": the documents whose media the user allowed in this panel (Load media is for the message shown, not the next file opened). */
  private readonly mediaAllowedFor = new Set<string>();
  private cspAllowsMedia = false;
  /** The origins the page's CSP lets images come from: those of the shown model's loadable images, and only with consent. */
  private cspOrigins: readonly string[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** A build this cheap runs on the next tick after an edit; a costlier one waits until typing pauses briefly. */
  private readonly delay = new AdaptiveDelay(50);
  /** The settings the preview uses, read when they change (not on every keystroke). */
  private settings = readSettings();
  private readonly rendered = new vscode.EventEmitter<PreviewRendered>();
  readonly onDidRender = this.rendered.event;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private lastModel: PreviewRendered | undefined;
  /** What the shown document can tap (sent to the active sandbox), worked out after each change of document, environment or history. */
  private tapContext: TapContext | undefined;
  private tapGeneration = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly environments: Environments,
    private readonly taps?: PreviewTaps,
  ) {}

  /** Works out again what the shown document can tap; updates the preview when that changed. */
  refreshTaps(): void {
    const document = this.source;
    const generation = ++this.tapGeneration;
    if (!this.taps || !this.panel || !document) return;
    void this.taps.contextFor(document).then(
      (context) => {
        if (generation !== this.tapGeneration) return;
        if (JSON.stringify(context) === JSON.stringify(this.tapContext)) return;
        this.tapContext = context;
        this.update();
      },
      () => undefined,
    );
  }

  /** The offer of taps for the document shown, when its context is current. */
  private tapOffer(document: vscode.TextDocument): ToWebview['taps'] {
    const context = this.tapContext;
    if (!context || context.uri !== document.uri.toString()) return undefined;
    return { choices: context.choices, hint: vscode.l10n.t('Tap as the customer (sandbox, message {0})', context.transid) };
  }

  /** Opens the preview beside the editor, or shows it for `document` when it is open already. */
  open(document: vscode.TextDocument): void {
    this.source = document;
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      this.update();
      this.refreshTaps();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.options());
    this.adopt(panel);
  }

  /** Takes over a panel restored after a reload (the serializer), for the document it showed. */
  restore(panel: vscode.WebviewPanel, document: vscode.TextDocument | undefined): void {
    this.source = document;
    panel.webview.options = this.options();
    this.adopt(panel);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.mediaAllowedFor.clear();
    panel.title = this.title();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.dirty) this.update();
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        clearTimeout(this.timer);
        for (const d of this.panelDisposables.splice(0)) d.dispose();
      }),
    );
    this.setHtml();
    this.refreshTaps();
  }

  private consent(): MediaConsent {
    return this.settings.previewMedia;
  }

  private mediaAllowed(): boolean {
    const consent = this.consent();
    return consent === 'always' || (consent === 'ask' && this.source !== undefined && this.mediaAllowedFor.has(this.source.uri.toString()));
  }

  /** The origins of the images `model` shows that the CSP must allow: none without consent. */
  private originsFor(model: PreviewModel | undefined): readonly string[] {
    return this.cspAllowsMedia && model ? mediaOrigins(model.bubble) : [];
  }

  /**
   * The page: the bundled script with a nonce, the stylesheet, and a CSP that allows images only
   * from the exact origins of the media shown (with consent). The page keeps its scroll and open
   * sheet across a reload (its webview state).
   */
  private setHtml(): void {
    if (!this.panel) return;
    const webview = this.panel.webview;
    this.cspAllowsMedia = this.mediaAllowed();
    const last = this.lastModel && this.lastModel.uri === this.source?.uri.toString() ? this.lastModel.model : undefined;
    this.cspOrigins = this.originsFor(last);
    this.ready = false;
    webview.html = webviewHtml({
      webview,
      extensionUri: this.extensionUri,
      script: 'preview.js',
      style: 'preview.css',
      imgSrc: [webview.cspSource, ...this.cspOrigins].join(' '),
      title: vscode.l10n.t('WhatsApp preview'),
      rootId: 'root',
    });
  }

  private title(): string {
    const name = this.source ? this.source.uri.path.split('/').pop() : '';
    return name ? vscode.l10n.t('Preview {0}', name) : vscode.l10n.t('WhatsApp Preview');
  }

  private receive(m: FromWebview): void {
    switch (m?.type) {
      case 'ready':
        this.ready = true;
        this.update();
        break;
      case 'rendered':
        if (this.lastModel && this.lastModel.version === m.version) this.rendered.fire(this.lastModel);
        break;
      case 'reveal':
        void this.reveal(m.offset, m.length);
        break;
      case 'openLink':
        void openLink(m.href);
        break;
      case 'tap': {
        const context = this.tapContext;
        if (context && this.source && context.uri === this.source.uri.toString()) void this.taps?.tap(context, m.id);
        break;
      }
      case 'allowMedia':
        if (this.consent() === 'ask') {
          if (this.source) this.mediaAllowedFor.add(this.source.uri.toString());
          this.setHtml();
        }
        break;
    }
  }

  /** Selects a problem's range in the editor that shows the previewed document. */
  private async reveal(offset: number, length: number): Promise<void> {
    const document = this.source;
    if (!document || !Number.isInteger(offset) || !Number.isInteger(length)) return;
    const range = new vscode.Range(document.positionAt(offset), document.positionAt(offset + length));
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The active editor changed: follow it when it shows a payload. */
  follow(editor: vscode.TextEditor | undefined): void {
    if (!this.panel || !editor || !isPayloadDocument(editor.document) || editor.document === this.source) return;
    this.source = editor.document;
    this.update();
    this.refreshTaps();
  }

  /** A document changed: rebuild the preview on the next tick, or after a short pause when builds are slow. */
  changed(document: vscode.TextDocument): void {
    if (!this.panel || document !== this.source) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), this.delay.delayFor(document.uri.toString(), documentLength(document)));
  }

  /** The settings or the active environment changed. */
  settingsChanged(): void {
    this.settings = readSettings();
    if (!this.panel) return;
    if (this.mediaAllowed() !== this.cspAllowsMedia) this.setHtml();
    else this.update();
    this.refreshTaps();
  }

  /** Builds the model and posts it to the webview (when it is ready and visible). */
  update(): void {
    const panel = this.panel;
    const document = this.source;
    if (!panel || !document) return;
    panel.title = this.title();
    if (!this.ready || !panel.visible) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const text = document.getText();
    const model = this.delay.timed(document.uri.toString(), text.length, () => buildPreview(text, editorCheckContext(this.environments, this.settings.templates)));
    this.lastModel = { uri: document.uri.toString(), version: document.version, model };
    // Consent other than the page's (another document), or other images than its CSP allows: a new
    // page with their origins (it asks for this update again when ready).
    if (this.mediaAllowed() !== this.cspAllowsMedia || this.originsFor(model).join(' ') !== this.cspOrigins.join(' ')) {
      this.setHtml();
      return;
    }
    const message: ToWebview = {
      type: 'update',
      uri: document.uri.toString(),
      file: document.uri.path.split('/').pop() ?? '',
      version: document.version,
      model,
      consent: this.consent(),
      mediaAllowed: this.cspAllowsMedia,
      labels: labels(),
      ...(this.tapOffer(document) ? { taps: this.tapOffer(document) } : {}),
    };
    void panel.webview.postMessage(message);
  }

  /** Whether the preview is open. */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    this.rendered.dispose();
  }
}

/** Opens a link of the message outside VS Code: http and https only. */
async function openLink(href: unknown): Promise<void> {
  if (typeof href !== 'string') return;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
}

export function registerPreview(context: vscode.ExtensionContext, environments: Environments, taps?: PreviewTaps): PreviewPanel {
  const preview = new PreviewPanel(context.extensionUri, environments, taps);
  context.subscriptions.push(
    preview,
    ...(taps ? [taps.onDidChange(() => preview.refreshTaps())] : []),
    vscode.commands.registerCommand(CommandIds.openPreviewToSide, async (uri?: unknown) => {
      const document = await targetDocument(uri, isPayloadDocument);
      if (!document) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a WhatsApp payload (*.wa.json or *.wa.jsonc) to preview it.'));
        return;
      }
      preview.open(document);
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => preview.follow(e)),
    vscode.workspace.onDidChangeTextDocument((e) => preview.changed(e.document)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e)) preview.settingsChanged();
    }),
    environments.onDidChange(() => preview.settingsChanged()),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const uri = isObject(state) && typeof state.uri === 'string' ? state.uri : undefined;
        let document: vscode.TextDocument | undefined;
        try {
          document = uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true)) : undefined;
        } catch {
          document = undefined;
        }
        const active = vscode.window.activeTextEditor?.document;
        preview.restore(panel, document && isPayloadDocument(document) ? document : active && isPayloadDocument(active) ? active : undefined);
      },
    }),
  );
  return preview;
}
