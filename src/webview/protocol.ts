/**
 * The messages between the preview panel (src/editor/preview.ts) and its webview script
 * (src/webview/preview.ts). Types only: both sides compile against them, nothing runs from here.
 */
import type { Choice } from '../core/messages/choices';
import type { PreviewModel } from '../core/preview';

/** Whether the preview loads media: never, after the user asks for it in the preview, or always. */
export type MediaConsent = 'never' | 'ask' | 'always';

/** The words the webview shows, translated by the extension (the webview has no l10n of its own). */
export interface PreviewLabels {
  readonly problems: string;
  readonly noProblems: string;
  readonly loadMedia: string;
  readonly mediaOff: string;
  readonly mediaFailed: string;
  readonly untitledDocument: string;
  readonly overLimit: string;
  readonly undefinedVariable: string;
  readonly close: string;
  readonly linkPreview: string;
  readonly addressHidden: string;
  readonly templateUndescribed: string;
  readonly templateCaption: string;
  readonly parameter: string;
  readonly value: string;
  readonly message: string;
  readonly media: Readonly<Record<string, string>>;
  readonly severity: Readonly<Record<string, string>>;
}

/** What the customer can tap in this preview: the message shown was sent to the sandbox, the active environment. */
export interface TapOffer {
  /** The buttons, rows and quick replies of the message as sent (a tap names one by its id). */
  readonly choices: readonly Choice[];
  /** The tooltip of what can be tapped. */
  readonly hint: string;
}

/** Extension → webview. */
export type ToWebview = {
  readonly type: 'update';
  /** The payload's URI, kept in the webview's state so a reload restores the preview of the same file. */
  readonly uri: string;
  /** The payload file shown, for the label. */
  readonly file: string;
  /** The document's version, echoed in `rendered`. */
  readonly version: number;
  readonly model: PreviewModel;
  readonly consent: MediaConsent;
  /** Whether images may load now (consent always, or ask and the user allowed it in this preview). */
  readonly mediaAllowed: boolean;
  readonly labels: PreviewLabels;
  /** Present only while the message shown can be tapped as the customer would (the sandbox); otherwise buttons and rows are inert. */
  readonly taps?: TapOffer;
};

/** Webview → extension. */
export type FromWebview =
  | { readonly type: 'ready' }
  /** The webview shows the update of this document version. */
  | { readonly type: 'rendered'; readonly version: number }
  /** Select a problem's range in the editor. */
  | { readonly type: 'reveal'; readonly offset: number; readonly length: number }
  /** Open a link of the message (http or https only) outside VS Code. */
  | { readonly type: 'openLink'; readonly href: string }
  /** The user asked to load the media of this preview. */
  | { readonly type: 'allowMedia' }
  /** The user tapped, as the customer, the button or row with this id (only sent while `taps` offers it). */
  | { readonly type: 'tap'; readonly id: string };
