/**
 * A send's response page: turns the page model (src/core/send/responsePage.ts) into elements.
 * Every string (an answer's, a report's, a payload's) goes in as text (textContent, never HTML);
 * JSON is highlighted by spans made the same way. Bundled by scripts/build.mjs into
 * dist/response.js; loaded with a nonce under a strict CSP (src/editor/responseView.ts).
 */
import type { PageBlock, PageFact, PageHeadline, PageRecipient, ResponsePage } from '../core/send/responsePage';
import { jsonPieces } from './jsonHighlight';
import type { FromResponse, ToResponse } from './responseProtocol';

interface VsCodeApi {
  postMessage(message: FromResponse): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('response') as HTMLElement;

type Children = (Node | string | undefined | false)[];

/** An element with a class and children; strings become text nodes. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, children: Children = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const c of children) if (c !== undefined && c !== false) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

const MARKS: Record<PageHeadline['tone'], string> = { done: '✔', waiting: '…', stuck: '!', failed: '✖' };

function headline(h: PageHeadline): HTMLElement {
  return el('header', `headline ${h.tone}`, [
    el('h1', undefined, [el('span', 'mark', [MARKS[h.tone]]), ' ', h.text]),
    h.meaning ? el('p', 'meaning', [h.meaning]) : undefined,
    h.advice ? el('p', 'advice', [h.advice]) : undefined,
  ]);
}

function answer(a: NonNullable<ResponsePage['answer']>): HTMLElement {
  return el('section', 'answer', [el('p', undefined, [el('span', 'label', [a.label]), ' ', el('strong', undefined, [a.text]), a.advice ? ` — ${a.advice}` : ''])]);
}

function facts(list: readonly PageFact[]): HTMLElement {
  const dl = el('dl', 'facts');
  for (const f of list) dl.append(el('dt', undefined, [f.label]), el('dd', f.mono ? 'mono' : undefined, [f.value]));
  return dl;
}

function recipient(r: PageRecipient): HTMLElement {
  const events = el('ol', 'events');
  for (const e of r.events) {
    events.append(el('li', `event ${e.state.toLowerCase()}`, [el('span', 'state', [e.label]), e.meaning ? el('span', 'event-meaning', [e.meaning]) : undefined, el('time', undefined, [e.time])]));
  }
  return el('section', 'recipient', [el('h3', undefined, [el('span', 'mono', [r.destination])]), events]);
}

/** JSON, highlighted: a span per coloured token, its text set as text. */
function highlighted(source: string): HTMLElement {
  return el('code', 'json', jsonPieces(source).map((p) => (p.cls ? el('span', p.cls, [p.text]) : p.text)));
}

function block(b: PageBlock): HTMLElement {
  const code = b.json ? highlighted(b.text) : el('code', undefined, [b.text]);
  return el('section', 'block', [el('h2', undefined, [b.title]), b.note ? el('p', 'note', [b.note]) : undefined, b.text ? el('pre', undefined, [code]) : undefined]);
}

function render(message: ToResponse): void {
  const page = message.page;
  const scrollY = window.scrollY;
  document.title = page.title;
  const parts: (HTMLElement | undefined)[] = [
    headline(page.headline),
    page.answer ? answer(page.answer) : undefined,
    facts(page.facts),
    page.delivery ? el('section', 'delivery', [el('h2', undefined, [page.delivery.title]), page.delivery.note ? el('p', 'note', [page.delivery.note]) : undefined, ...page.delivery.recipients.map(recipient)]) : undefined,
    ...page.blocks.map(block),
  ];
  root.replaceChildren(...parts.filter((n): n is HTMLElement => n !== undefined));
  window.scrollTo(0, scrollY);
  vscode.setState({ id: message.id, scrollY });
  vscode.postMessage({ type: 'rendered', version: message.version });
}

window.addEventListener('message', (e: MessageEvent<ToResponse>) => {
  if (e.data?.type === 'page') render(e.data);
});
window.addEventListener('scroll', () => {
  const state = vscode.getState() as { id?: string } | undefined;
  vscode.setState({ id: state?.id, scrollY: window.scrollY });
}, { passive: true });
const saved = vscode.getState() as { scrollY?: number } | undefined;
if (saved?.scrollY) requestAnimationFrame(() => window.scrollTo(0, saved.scrollY ?? 0));
vscode.postMessage({ type: 'ready' });
