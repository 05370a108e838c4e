/**
 * The preview's webview: turns the preview model (src/core/preview.ts) into a WhatsApp chat
 * bubble. Every string of the payload goes in as text (textContent, never HTML); links, problem
 * badges and media consent are posted to the extension, which decides. Bundled by
 * scripts/build.mjs into dist/preview.js; loaded with a nonce under a strict CSP.
 */
import type { Bubble, ContactCard, Header, MediaTile, PreviewModel, PreviewProblem, RichText } from '../core/preview';
import type { FromWebview, PreviewLabels, TapOffer, ToWebview } from './protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
let labels: PreviewLabels;
let sheetOpen = false;
let uri: string | undefined;
/** What can be tapped as the customer now (the message shown was sent to the sandbox); undefined: every button and row is inert. */
let taps: TapOffer | undefined;

type Children = (Node | string | undefined | false)[];

/** An element with classes, attributes and children; strings become text nodes. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, attrs: Record<string, string> = {}, children: Children = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

const post = (m: FromWebview) => vscode.postMessage(m);

/** Activation by click, Enter or Space, for elements that act like buttons or links. */
function onActivate(node: HTMLElement, action: () => void): void {
  node.addEventListener('click', (e) => {
    e.preventDefault();
    action();
  });
  node.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || (e.key === ' ' && node.tagName !== 'BUTTON')) {
      e.preventDefault();
      action();
    }
  });
}

/** The id to tap for a button or row of the message, when the offer has it (a quick reply is matched by its title, the preview knows no id for it). */
function tapId(kind: 'button' | 'row' | 'quickReply', key: string): string | undefined {
  const choice = taps?.choices.find((c) => c.kind === kind && (kind === 'quickReply' ? c.title === key : c.id === key));
  return choice?.id;
}

/** Makes a button or row tappable as the customer when the offer has it; `after` runs once the tap is posted. */
function tappable(node: HTMLElement, kind: 'button' | 'row' | 'quickReply', key: string, after?: () => void): HTMLElement {
  const id = tapId(kind, key);
  if (id === undefined || !taps) return node;
  node.classList.add('tappable');
  node.setAttribute('title', taps.hint);
  onActivate(node, () => {
    post({ type: 'tap', id });
    after?.();
  });
  return node;
}

function format(text: string, ...args: (string | number)[]): string {
  return text.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
}

function rich(text: RichText | undefined, cls: string): HTMLElement | undefined {
  if (!text) return undefined;
  const out = el('div', `rich ${cls}`);
  let cutShown = false;
  for (const s of text.segments) {
    if (s.over && !cutShown && text.limit !== undefined) {
      cutShown = true;
      out.append(el('span', 'cut', { role: 'img', 'aria-label': format(labels.overLimit, text.limit, text.chars), title: format(labels.overLimit, text.limit, text.chars) }, ['✂']));
    }
    let node: HTMLElement;
    if (s.href) {
      node = el('a', 'link', { role: 'link', tabindex: '0', title: s.href }, [s.text]);
      const href = s.href;
      onActivate(node, () => post({ type: 'openLink', href }));
    } else if (s.variable !== undefined) {
      node = el('mark', 'variable', { title: format(labels.undefinedVariable, `{{${s.variable}}}`) }, [s.text]);
    } else node = el('span', '', {}, [s.text]);
    if (s.bold) node.classList.add('b');
    if (s.italic) node.classList.add('i');
    if (s.strike) node.classList.add('s');
    if (s.mono) node.classList.add('m');
    if (s.over) node.classList.add('over');
    out.append(node);
  }
  return out;
}

// Plain symbols, not emoji: they render in every font, also where no emoji font is installed.
const MEDIA_GLYPH: Record<string, string> = { image: '▦', sticker: '☺', video: '▶', audio: '♪', document: '▤' };

function tile(t: MediaTile, model: ToWebview): HTMLElement {
  const what = labels.media[t.media] ?? t.media;
  const box = el('div', `tile tile-${t.media}`, { role: 'group', 'aria-label': what });
  if (t.media === 'document') {
    box.append(
      el('div', 'doc', {}, [
        el('span', 'doc-icon', { 'aria-hidden': 'true' }, [(t.extension ?? '?').toUpperCase().slice(0, 4)]),
        el('div', 'doc-text', {}, [el('div', 'doc-name', {}, [t.filename ?? labels.untitledDocument]), el('div', 'doc-meta', {}, [[t.extension?.toUpperCase(), t.mime].filter(Boolean).join(' · ')])]),
      ]),
    );
  } else if (t.media === 'audio') {
    box.append(el('div', 'audio', {}, [el('span', 'play', { 'aria-hidden': 'true' }, ['▶']), el('span', 'wave', { 'aria-hidden': 'true' }), el('span', 'doc-meta', {}, [[t.extension?.toUpperCase(), t.mime].filter(Boolean).join(' · ')])]));
  } else {
    const frame = el('div', 'frame');
    const canLoad = (t.media === 'image' || t.media === 'sticker') && t.loadable && t.url !== undefined;
    if (canLoad && model.mediaAllowed) {
      const img = el('img', 'picture', { alt: what });
      img.referrerPolicy = 'no-referrer';
      img.addEventListener('error', () => {
        img.replaceWith(el('div', 'placeholder', {}, [el('span', 'glyph', { 'aria-hidden': 'true' }, [MEDIA_GLYPH[t.media]]), el('span', 'note', {}, [labels.mediaFailed])]));
      });
      img.src = t.url!;
      frame.append(img);
    } else {
      frame.append(el('div', 'placeholder', {}, [el('span', 'glyph', { 'aria-hidden': 'true' }, [MEDIA_GLYPH[t.media]]), el('span', 'note', {}, [[what, t.extension?.toUpperCase()].filter(Boolean).join(' · ')])]));
      if (canLoad && model.consent === 'ask') {
        const load = el('button', 'load', { type: 'button', 'data-key': 'load-media' }, [labels.loadMedia]);
        onActivate(load, () => post({ type: 'allowMedia' }));
        frame.append(load);
      } else if (canLoad && model.consent === 'never') frame.append(el('span', 'note small', {}, [labels.mediaOff]));
    }
    if (t.media === 'video') frame.append(el('span', 'play-mark', { 'aria-hidden': 'true' }, ['▶']));
    box.append(frame);
  }
  const caption = rich(t.caption, 'caption');
  if (caption) box.append(caption);
  return box;
}

function header(h: Header | undefined, model: ToWebview): HTMLElement | undefined {
  if (!h) return undefined;
  return 'tile' in h ? tile(h.tile, model) : rich(h.text, 'header');
}

function contactCard(c: ContactCard): HTMLElement {
  return el('div', 'contact', { role: 'group', 'aria-label': c.name }, [
    el('div', 'contact-head', {}, [el('span', 'avatar', { 'aria-hidden': 'true' }, [[...c.name.trim()][0]?.toUpperCase() ?? '?']), el('div', '', {}, [el('div', 'contact-name', {}, [c.name]), c.org && el('div', 'footer', {}, [c.org])])]),
    ...c.phones.map((p) => el('div', 'contact-line', {}, ['☎ ', p])),
    ...c.emails.map((m) => el('div', 'contact-line', {}, ['✉ ', m])),
  ]);
}

function openSheet(bubble: Extract<Bubble, { kind: 'list' }>, opener: HTMLElement): void {
  closeSheet(false);
  sheetOpen = true;
  opener.setAttribute('aria-expanded', 'true');
  const titleId = 'sheet-title';
  const close = el('button', 'sheet-close', { type: 'button', 'aria-label': labels.close, 'data-key': 'sheet-close' }, ['×']);
  const sheet = el('div', 'sheet', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId }, [
    el('div', 'sheet-head', {}, [close, el('h2', 'sheet-title', { id: titleId }, [rich(bubble.button, 'inline') ?? ''])]),
  ]);
  bubble.sections.forEach((section, s) => {
    const group = el('div', 'section', { role: 'group' });
    const title = rich(section.title, 'section-title');
    if (title) {
      title.id = `section-${s}`;
      group.setAttribute('aria-labelledby', title.id);
      group.append(title);
    }
    const rows = el('ul', 'rows');
    section.rows.forEach((row, r) => {
      const item = el('li', 'row', { tabindex: '0', 'data-key': `row-${s}-${r}`, 'data-row-id': row.id }, [el('div', 'row-text', {}, [rich(row.title, 'row-title'), rich(row.description, 'row-description')]), el('span', 'radio', { 'aria-hidden': 'true' })]);
      rows.append(tappable(item, 'row', row.id, () => closeSheet(true)));
    });
    group.append(rows);
    sheet.append(group);
  });
  const backdrop = el('div', 'backdrop', {}, [sheet]);
  onActivate(close, () => closeSheet(true));
  backdrop.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      closeSheet(true);
    } else if (e.key === 'Tab') {
      // Keep the focus in the sheet while it is open.
      const focusable = [...sheet.querySelectorAll<HTMLElement>('button, [tabindex="0"]')];
      const i = focusable.indexOf(document.activeElement as HTMLElement);
      const next = e.shiftKey ? (i <= 0 ? focusable.length - 1 : i - 1) : i === focusable.length - 1 ? 0 : i + 1;
      e.preventDefault();
      focusable[next]?.focus();
    }
  });
  backdrop.addEventListener('click', (e) => {
    if (e.target === backdrop) closeSheet(true);
  });
  root.append(backdrop);
  close.focus();
  saveState();
}

function closeSheet(returnFocus: boolean): void {
  root.querySelector('.backdrop')?.remove();
  if (sheetOpen && returnFocus) {
    sheetOpen = false;
    const opener = root.querySelector<HTMLElement>('[data-key="list-button"]');
    opener?.setAttribute('aria-expanded', 'false');
    opener?.focus();
    saveState();
  }
}

function bubbleOf(model: ToWebview): HTMLElement[] {
  const b = model.model.bubble;
  const bubble = el('article', `bubble bubble-${b.kind}`, { 'aria-label': labels.message });
  const under: HTMLElement[] = [];
  const add = (...nodes: (HTMLElement | undefined)[]) => nodes.forEach((n) => n && bubble.append(n));
  switch (b.kind) {
    case 'media':
      add(tile(b, model));
      break;
    case 'text':
      add(rich(b.body, 'body'));
      if (b.linkPreview) add(el('div', 'link-preview', { role: 'note', 'aria-label': labels.linkPreview }, [el('span', 'glyph', { 'aria-hidden': 'true' }, ['⇗']), el('span', '', {}, [b.linkPreview])]));
      break;
    case 'location':
      add(
        el('div', 'map', { 'aria-hidden': 'true' }, [el('span', 'pin', {}, ['⌖'])]),
        b.name !== undefined ? el('div', 'place-name', {}, [b.name]) : undefined,
        b.address !== undefined ? el('div', b.addressHidden ? 'place-address hidden-address' : 'place-address', b.addressHidden ? { title: labels.addressHidden } : {}, [b.address]) : undefined,
        b.latitude !== undefined || b.longitude !== undefined ? el('div', 'footer coords', {}, [`${b.latitude ?? '?'}, ${b.longitude ?? '?'}`]) : undefined,
      );
      break;
    case 'contacts':
      add(...b.cards.map(contactCard));
      break;
    case 'list': {
      add(rich(b.header, 'header'), rich(b.body, 'body'), rich(b.footer, 'footer'));
      const button = el('button', 'list-button', { type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'data-key': 'list-button' }, [el('span', 'glyph', { 'aria-hidden': 'true' }, ['☰ ']), rich(b.button, 'inline') ?? '']);
      onActivate(button, () => openSheet(b, button));
      add(button);
      break;
    }
    case 'reply':
      add(header(b.header, model), rich(b.body, 'body'), rich(b.footer, 'footer'));
      under.push(el('div', 'quick-replies', { role: 'group' }, b.buttons.map((x, i) => tappable(el('button', 'quick-reply', { type: 'button', 'data-key': `reply-${i}`, 'data-button-id': x.id }, [el('span', 'glyph', { 'aria-hidden': 'true' }, ['↩ ']), rich(x.title, 'inline') ?? '']), 'button', x.id))));
      break;
    case 'template':
      if (b.defined) add(el('div', 'template-caption', {}, [format(labels.templateCaption, b.label)]));
      add(header(b.header, model));
      if (b.defined) {
        add(rich(b.body, 'body'), rich(b.footer, 'footer'));
        if (b.buttons.length) {
          under.push(
            el('div', 'quick-replies', { role: 'group' }, b.buttons.map((x, i) => {
              const button = el('button', 'quick-reply', { type: 'button', 'data-key': `tbutton-${i}`, ...(x.url ? { title: x.url } : {}) }, [el('span', 'glyph', { 'aria-hidden': 'true' }, [x.type === 'url' ? '↗ ' : x.type === 'otp' ? '⧉ ' : '↩ ']), x.text]);
              return x.type === 'quickReply' ? tappable(button, 'quickReply', x.text) : button;
            })),
          );
        }
      } else {
        add(el('div', 'notice-line', {}, [format(labels.templateUndescribed, b.template)]));
        const table = el('table', 'parameters', {}, [el('thead', '', {}, [el('tr', '', {}, [el('th', '', { scope: 'col' }, [labels.parameter]), el('th', '', { scope: 'col' }, [labels.value])])])]);
        const body = el('tbody');
        for (const p of b.parameters) body.append(el('tr', '', {}, [el('th', '', { scope: 'row' }, [p.name]), el('td', '', {}, [p.value])]));
        table.append(body);
        add(table);
      }
      break;
    case 'notice':
      bubble.className = 'notice';
      bubble.setAttribute('role', 'status');
      add(el('div', '', {}, [b.message]));
      break;
  }
  return [bubble, ...under];
}

function problems(list: readonly PreviewProblem[]): HTMLElement {
  const section = el('section', 'problems', { 'aria-label': labels.problems });
  if (list.length === 0) {
    section.append(el('div', 'no-problems', {}, [labels.noProblems]));
    return section;
  }
  const ul = el('ul', 'badges');
  list.forEach((p, i) => {
    const badge = el('button', `badge ${p.severity}`, { type: 'button', 'data-key': `problem-${i}`, title: p.message }, [
      el('span', 'severity', {}, [labels.severity[p.severity] ?? p.severity]),
      el('span', 'where', {}, [`${p.line}:${p.column}`]),
      el('span', 'what', {}, [p.message]),
    ]);
    onActivate(badge, () => post({ type: 'reveal', offset: p.offset, length: p.length }));
    ul.append(el('li', '', {}, [badge]));
  });
  section.append(ul);
  return section;
}

function saveState(): void {
  vscode.setState({ uri, scrollY: window.scrollY, sheetOpen });
}

function render(update: ToWebview): void {
  // After a reload (a new CSP, a settings change) the first render of the same document goes back to where it was scrolled.
  const scrollY = restoreScrollY !== undefined && update.uri === uri ? restoreScrollY : window.scrollY;
  restoreScrollY = undefined;
  labels = update.labels;
  taps = update.taps;
  uri = update.uri;
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
  const model: PreviewModel = update.model;
  const chat = el('div', 'chat', { role: 'region', 'aria-label': [update.file, model.title].filter(Boolean).join(' — ') }, bubbleOf(update));
  root.replaceChildren(el('div', 'file', {}, [update.file, model.title ? ` · ${model.title}` : '']), problems(model.problems), chat);
  const bubble = model.bubble;
  if (sheetOpen && bubble.kind === 'list') {
    const opener = root.querySelector<HTMLElement>('[data-key="list-button"]');
    if (opener) openSheet(bubble, opener);
  } else sheetOpen = false;
  if (focusKey) root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus({ preventScroll: true });
  window.scrollTo(0, scrollY);
  saveState();
  post({ type: 'rendered', version: update.version });
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  if (e.data?.type === 'update') render(e.data);
});
window.addEventListener('scroll', () => saveState(), { passive: true });

const saved = vscode.getState() as { uri?: string; scrollY?: number; sheetOpen?: boolean } | undefined;
uri = saved?.uri;
if (saved?.sheetOpen) sheetOpen = true;
let restoreScrollY = saved?.scrollY;
post({ type: 'ready' });
