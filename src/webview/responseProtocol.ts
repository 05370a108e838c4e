/**
 * The messages between a send's response page (src/editor/responseView.ts) and its webview script
 * (src/webview/response.ts). Types only: both sides compile against them, nothing runs from here.
 */
import type { ResponsePage } from '../core/send/responsePage';

/** Extension → webview: the page as it stands now (sent again whenever a report changes it). */
export type ToResponse = {
  readonly type: 'page';
  /** The send's id, kept in the webview's state so a reload restores the page of the same send. */
  readonly id: string;
  /** Counts the pages sent to this panel, echoed in `rendered`. */
  readonly version: number;
  readonly page: ResponsePage;
};

/** Webview → extension. */
export type FromResponse = { readonly type: 'ready' } | { readonly type: 'rendered'; readonly version: number };
