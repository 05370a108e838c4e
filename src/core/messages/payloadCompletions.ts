/**
 * The payload snippets that fit the place of the cursor: a whole message (`wa-<kind>`, one per
 * kind, under the New WhatsApp Message pick's titles) only in a file that holds nothing yet but
 * the word being typed, and the envelope's optional fields (`wa-notifyurl`) only among the keys
 * of the top-level object that lacks them. The editor turns these into completion items.
 */
import { createScanner, getLocation, parse, SyntaxKind } from 'jsonc-parser';
import { isObject } from '../json/values';
import { NOTIFY_URL_VARIABLE } from '../payload/variables';
import { t } from '../text/l10n';
import { offeredKinds } from './';
import { ScaffoldOptions, payloadSnippet } from './scaffold';

export interface PayloadSnippet {
  /** What is typed to get it, e.g. `wa-image`. */
  readonly prefix: string;
  /** The name shown beside it: the New WhatsApp Message pick's title of the kind. */
  readonly name: string;
  readonly detail: string;
  /** What to insert, in VS Code snippet syntax. */
  readonly snippet: string;
}

/** The prefix of a kind's whole-message snippet, e.g. `wa-image`. */
export const snippetPrefix = (id: string): string => `wa-${id}`;

/** One whole-message snippet per offered kind. */
export function kindSnippets(options: ScaffoldOptions = {}): PayloadSnippet[] {
  return offeredKinds().map((k) => ({ prefix: snippetPrefix(k.id), name: k.title, detail: k.summary, snippet: payloadSnippet(k.id, options) }));
}

/** The envelope's optional field `notifyurl` as a snippet (not in every scaffold: such a payload can't be sent while the receiver is stopped). */
export function notifyUrlSnippet(): PayloadSnippet {
  return {
    prefix: 'wa-notifyurl',
    name: t('Delivery reports'),
    detail: t('Delivery reports to the delivery receiver: "notifyurl": "{0}" (Webex Connect: Start Delivery Receiver defines it).', `{{${NOTIFY_URL_VARIABLE}}}`),
    snippet: `"notifyurl": "{{${NOTIFY_URL_VARIABLE}}}",`,
  };
}

/** Whether the text holds nothing but comments, white space and the word at `offset`: the place of a whole-message snippet. */
export function emptyButWordAt(text: string, offset: number): boolean {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia || kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    // The one token allowed is the word being typed, ending at the cursor (e.g. `wa-` reads as `wa`, `-`).
    if (end > offset || !/^[\w-]*$/.test(text.slice(start, offset))) return false;
  }
  return true;
}

/** The envelope-field snippets at `offset`: among the keys of the top-level object, for the fields it lacks. */
export function envelopeSnippetsAt(text: string, offset: number): PayloadSnippet[] {
  const location = getLocation(text, offset);
  if (!(location.path.length === 1 && location.isAtPropertyKey)) return [];
  const payload = parse(text, [], { allowTrailingComma: true }) as unknown;
  return isObject(payload) && !('notifyurl' in payload) ? [notifyUrlSnippet()] : [];
}
