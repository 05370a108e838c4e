import * as vscode from 'vscode';
import { useBundle } from './core/text/l10n';
import { registerMediaChecker } from './editor/checkMedia';
import { registerSendCodeLens } from './editor/codeLens';
import { registerCopyAsCode } from './editor/copyAsCode';
import { type ConversationsApi, registerConversations } from './editor/conversations';
import { registerCopyAsCurl } from './editor/copyAsCurl';
import { ConversationNode, registerConversationsView } from './editor/conversationsView';
import { registerDefineVariable } from './editor/defineVariable';
import { registerDeliveryReceiver } from './editor/deliveryReceiver';
import { registerEnvironmentHostDiagnostics } from './editor/environmentHostDiagnostics';
import { registerEnvironments } from './editor/environments';
import { registerHistory } from './editor/history';
import { registerCopyInboundUrl } from './editor/inboundUrl';
import { registerPayloadDiagnostics } from './editor/payloadDiagnostics';
import { registerNewMessageCommand } from './editor/newMessage';
import { registerPayloadCompletions } from './editor/payloadCompletions';
import { PreviewRendered, registerPreview } from './editor/preview';
import { PreviewTaps } from './editor/previewTaps';
import { registerReplies } from './editor/reply';
import { ResponseRendered, registerResponseViews } from './editor/responseView';
import { registerSandboxLink } from './editor/sandboxLink';
import { registerSchemaLanguage } from './editor/schemaLanguage';
import { registerSend } from './editor/send';
import { SendsNode, registerSendsView } from './editor/sendsView';
import { registerServiceKeys } from './editor/serviceKeys';
import { registerServiceSecrets } from './editor/serviceSecrets';
import { registerTemplateHover } from './editor/templateHover';
import { registerVariableHover } from './editor/variableHover';
import { type WalkthroughProgress, registerWalkthrough } from './editor/walkthrough';
import { registerWebhookSecrets } from './editor/webhookSecrets';

/**
 * Set by the bundle's first and last lines (the esbuild banner and footer in scripts/build.mjs):
 * when evaluating the bundle's module code started and ended. Absent when this file runs unbundled.
 */
declare const __wxcBundleLoad: { readonly start: number; readonly end: number } | undefined;

/** What the extension exports to other extensions and its tests: how long it took to start, and what the preview shows. */
export interface WxcApi {
  readonly preview: {
    /** Fires when the preview beside the editor has shown a document's version (the webview confirms it drew it). */
    readonly onDidRender: vscode.Event<PreviewRendered>;
  };
  readonly responses: {
    /** Fires when a send's response page has drawn a page (the webview confirms it): the page as data, no secret in it. */
    readonly onDidRender: vscode.Event<ResponseRendered>;
    /** The send ids whose response page is open. */
    readonly openIds: () => string[];
  };
  readonly timings: {
    /** Milliseconds spent evaluating dist/extension.js (undefined when not run from the bundle). */
    readonly loadMs: number | undefined;
    /** Milliseconds spent in activate(). */
    readonly activateMs: number;
  };
  /**
   * What the Sends view shows: its data provider, as VS Code reads it (`getChildren`,
   * `getTreeItem`). Another extension (or a test) can read the sends and their delivery
   * timelines through it; it holds no secret.
   */
  readonly sends: vscode.TreeDataProvider<SendsNode>;
  /** The customers' conversations (what was sent to each waid, what came back) and their 24-hour windows; read-only, no secret. */
  readonly conversations: ConversationsApi;
  /** What the Conversations view shows (per customer, what was sent and what came back), read as VS Code reads it; it holds no secret. */
  readonly conversationsView: vscode.TreeDataProvider<ConversationNode>;
  /** The walkthrough's id (for workbench.action.openWalkthrough) and which of its steps' signals this window has seen. */
  readonly walkthrough: WalkthroughProgress;
}

/** Wires the extension's parts to VS Code; each part registers its own disposables. */
export function activate(context: vscode.ExtensionContext): WxcApi {
  const started = performance.now();
  // src/core's messages come from @vscode/l10n, which knows no locale of its own: hand it VS Code's
  // bundle for the display language (undefined for English, or when none ships for it).
  if (vscode.l10n.bundle) useBundle(vscode.l10n.bundle);
  const log = vscode.window.createOutputChannel('Webex Connect', { log: true });
  context.subscriptions.push(log);
  const environments = registerEnvironments(context);
  registerEnvironmentHostDiagnostics(context);
  const keys = registerServiceKeys(context, environments);
  const serviceSecrets = registerServiceSecrets(context, environments);
  const diagnostics = registerPayloadDiagnostics(context, environments);
  registerVariableHover(context, environments);
  const schema = registerSchemaLanguage(context);
  registerTemplateHover(context);
  registerDefineVariable(context, environments);
  const history = registerHistory(context);
  const views = registerResponseViews(context, history);
  const webhookSecrets = registerWebhookSecrets(context, environments);
  const conversations = registerConversations(context, history);
  const receiver = registerDeliveryReceiver(context, { environments, history, conversations, webhookSecrets, log });
  registerCopyInboundUrl(context, { receiver, environments, log });
  const sends = registerSendsView(context, { history, receiver });
  registerNewMessageCommand(context, () => receiver.running);
  const conversationsView = registerConversationsView(context, conversations);
  const replies = registerReplies(context, { source: conversations, environments, receiverRunning: () => receiver.running });
  registerPayloadCompletions(context, schema, diagnostics, () => receiver.running);
  const media = registerMediaChecker(context, environments, log);
  registerSend(context, { environments, keys, serviceSecrets, history, views, log, media, windows: conversations, replies });
  registerCopyAsCurl(context, { environments, keys, serviceSecrets, log });
  registerCopyAsCode(context, { environments, keys, serviceSecrets, log });
  registerSendCodeLens(context, environments);
  const sandbox = registerSandboxLink(context, { environments, receiver, log, sent: history.onDidChange });
  const preview = registerPreview(context, environments, new PreviewTaps(sandbox, history, log));
  const walkthrough = registerWalkthrough(context, { environments, history, preview });
  const activateMs = performance.now() - started;
  const loadMs = typeof __wxcBundleLoad === 'undefined' ? undefined : __wxcBundleLoad.end - __wxcBundleLoad.start;
  log.info(`Activated in ${activateMs.toFixed(1)} ms${loadMs === undefined ? '' : ` (bundle loaded in ${loadMs.toFixed(1)} ms)`}`);
  return { timings: { loadMs, activateMs }, sends, conversations, conversationsView, walkthrough, preview: { onDidRender: preview.onDidRender }, responses: { onDidRender: views.onDidRender, openIds: () => views.openIds } };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
