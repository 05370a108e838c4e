/**
 * The preview beside the editor, in a real VS Code: it opens beside the payload, follows the
 * active payload editor, redraws on an edit, shows each kind's elements, shows hostile strings as
 * text without running them, and loads no media without consent.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { WxcApi } from '../../src/extension';
import type { PreviewRendered } from '../../src/editor/preview';
import { EXTENSION_ID, PageAnswers, askPage, closeAllEditors, sleep, workspaceUri } from './helpers';

let api: WxcApi;

/** Whether a CSP lets images come from any https address (`https:` as a source of img-src). */
const imagesFromTheWeb = (csp: string) => /img-src[^;]*\shttps:(\s|;|$)/.test(csp);
/** A CSP directive's sources. */
const sources = (csp: string, directive: string) => (new RegExp(`(?:^|;)\\s*${directive} ([^;]*)`).exec(csp)?.[1] ?? '').split(/\s+/).filter(Boolean);
/** The sources img-src allows besides the extension's own files (style-src's): the media origins. */
const mediaSources = (csp: string) => sources(csp, 'img-src').filter((s) => !sources(csp, 'style-src').includes(s));

/** What the preview shows once `ok` holds (a settings change reloads the webview). */
async function waitForPage(ok: (page: PageAnswers['preview']) => boolean, timeoutMs = 10_000): Promise<PageAnswers['preview']> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let page: PageAnswers['preview'] | undefined;
    try {
      page = await askPage('preview');
    } catch (err) {
      // The page was being made again (its frame detached while read): ask again.
      if (Date.now() > deadline) throw err;
    }
    if (page && (ok(page) || Date.now() > deadline)) return page;
    await sleep(200);
  }
}

/** The active editor's selection once it is the given range of `document`. */
async function waitForSelection(document: vscode.TextDocument, offset: number, length: number): Promise<vscode.Selection> {
  const want = new vscode.Range(document.positionAt(offset), document.positionAt(offset + length));
  for (let i = 0; i < 50; i++) {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document === document && editor.selection.isEqual(want)) return editor.selection;
    await sleep(100);
  }
  const editor = vscode.window.activeTextEditor;
  throw new Error(`the selection is ${JSON.stringify(editor?.selection)} in ${editor?.document.uri.toString()}, not ${JSON.stringify(want)}`);
}

/** The next render of `uri` (at least `version` when given); subscribe before acting. */
function nextRender(uri: vscode.Uri, version?: number, timeoutMs = 15_000): Promise<PreviewRendered> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the preview did not show ${uri.path}${version ? ` version ${version}` : ''} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = api.preview.onDidRender((r) => {
      if (r.uri !== uri.toString() || (version !== undefined && r.version < version)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('wxc.preview'));
}

async function openSample(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri('samples', `${name}.wa.jsonc`));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

/** An untitled payload with `text`, shown in the first column. */
async function openUntitled(name: string, text: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name).with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
  return editor;
}

const HOSTILE = [
  '<script>window.wxcCanary=1</script>',
  '<img src=x onerror="window.wxcCanary=2">',
  'javascript:window.wxcCanary=3',
  '</style><style>body{display:none}</style>',
  '\u202Egnp.exe',
];

function hostilePayload(kind: 'list' | 'reply' | 'document'): unknown {
  const h = (i: number) => `${HOSTILE[i % HOSTILE.length]} ${i}`;
  const wa =
    kind === 'list'
      ? {
          type: 'list',
          list: {
            header: { type: 'text', text: h(0) },
            body: { text: `${h(1)} ${h(2)} https://x.org/"><script>window.wxcCanary=4</script>` },
            footer: { text: h(3) },
            action: { button: h(4).slice(0, 20), sections: [{ title: h(0).slice(0, 24), rows: [{ id: h(1), title: h(2).slice(0, 24), description: h(1).slice(0, 72) }] }] },
          },
        }
      : kind === 'reply'
        ? { type: 'reply', reply: { header: { type: 'text', text: h(1) }, body: { text: h(0) }, action: { buttons: [{ type: 'reply', reply: { id: h(3), title: h(1).slice(0, 20) } }] } } }
        : { type: 'document', document: { url: 'https://media.acme-cdn.net/files/terms.pdf', mimeType: 'application/pdf', filename: `${h(1)}.pdf`, caption: `${h(0)} ${h(3)} ${h(4)}` } };
  return { deliverychannel: 'whatsapp', appid: 'a', destination: [{ waid: ['15550001234'] }], channels: { 'OTT-Messaging': { wa } } };
}

describe('Preview beside the editor', function () {
  this.timeout(90_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<WxcApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await vscode.workspace.getConfiguration('wxc').update('preview.loadMedia', 'never', vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('wxc').update('preview.loadMedia', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('opens beside the payload editor and shows the list message', async () => {
    const editor = await openSample('list');
    const rendered = nextRender(editor.document.uri);
    await vscode.commands.executeCommand('wxc.openPreviewToSide');
    const r = await rendered;
    assert.strictEqual(r.model.kind, 'list');
    const tabs = previewTabs();
    assert.strictEqual(tabs.length, 1);
    assert.strictEqual(tabs[0].label, 'Preview list.wa.jsonc');
    assert.notStrictEqual(tabs[0].group.viewColumn, editor.viewColumn, 'beside, not over, the editor');
    // The editor keeps the focus: typing goes on in the payload.
    assert.strictEqual(vscode.window.activeTextEditor?.document, editor.document);
  });

  it('shows each kind\'s elements, following the active payload editor', async () => {
    const expected: Record<string, { bubble: string[]; quickReplies?: string[]; tiles?: string[] }> = {
      image: { bubble: ['Caption text'] },
      document: { bubble: ['PDF'] },
      audio: { bubble: ['AAC'] },
      text: { bubble: ['Your order 4711 has shipped', 'https://example.com/track/4711'] },
      location: { bubble: ['Head office', '1 Market St, San Francisco, CA', '37.7749, -122.4194'] },
      contacts: { bubble: ['Ada Lovelace', '+1 650 555 1234', 'ada@example.com'] },
      list: { bubble: ['Delivery', 'When should we deliver your order?', 'Reply any time', 'Choose a slot'] },
      reply: { bubble: ['Your appointment', 'Tuesday 10:30 with Dr. Lee. Can you make it?'], quickReplies: ['Confirm', 'Reschedule'] },
      template: { bubble: ['602076559564625', 'name', 'Ada', 'code', 'SPRING25'] },
    };
    for (const [name, want] of Object.entries(expected)) {
      const editor = await openSample(name);
      await nextRender(editor.document.uri);
      assert.strictEqual(previewTabs()[0]?.label, `Preview ${name}.wa.jsonc`);
      const page = await askPage('preview');
      const bubble = page.bubble.join('\n');
      for (const needle of want.bubble) assert.ok(bubble.includes(needle), `${name}: "${needle}" in the bubble:\n${bubble}`);
      for (const needle of want.quickReplies ?? []) assert.ok(page.quickReplies.some((q) => q.includes(needle)), `${name}: button "${needle}" in ${JSON.stringify(page.quickReplies)}`);
      // The bold of the text sample's *4711* has lost its asterisks.
      if (name === 'text') assert.ok(!bubble.includes('*4711*'), bubble);
    }
  });

  it('the list button opens the sheet of rows with the focus in it; Escape closes it and gives the focus back', async () => {
    const editor = await openSample('list');
    await nextRender(editor.document.uri);
    const open = await askPage('preview', 'open-list');
    assert.ok(open.dialog, 'a dialog opened');
    // Each row: its title, then its description.
    assert.deepStrictEqual(open.dialog.rows, ['Morning8:00 to 12:00', 'Afternoon12:00 to 18:00']);
    assert.strictEqual(open.dialog.focusInside, true);
    const closed = await askPage('preview', 'escape');
    assert.strictEqual(closed.dialog, null);
    assert.strictEqual(closed.focused, 'list-button');
  });

  it('redraws on an edit, with the new text', async () => {
    const editor = await openSample('text');
    await nextRender(editor.document.uri);
    const at = editor.document.positionAt(editor.document.getText().indexOf('Your order'));
    const edited = editor.edit((e) => e.insert(at, 'Hello Ada. '));
    assert.ok(await edited);
    const r = await nextRender(editor.document.uri, editor.document.version);
    assert.strictEqual(r.version, editor.document.version);
    const page = await askPage('preview');
    assert.ok(page.bubble.join('\n').includes('Hello Ada. Your order'), page.bubble.join('\n'));
    await vscode.commands.executeCommand('undo');
  });

  it('fills variables from the active environment and marks the ones it does not define', async () => {
    const sample = (await openSample('text')).document.getText();
    const editor = await openUntitled('variables.wa.json', sample.replace(/"body": "[^"]*"/, '"body": "To {{waid}} from {{nobody}}"'));
    await nextRender(editor.document.uri, editor.document.version);
    const page = await askPage('preview');
    const bubble = page.bubble.join('\n');
    // Whichever environment is active here (the harness's sandbox, or one another suite selected)
    // defines waid as a phone number, and none defines "nobody".
    assert.match(bubble, /To \d{8,15} from \{\{nobody\}\}/);
    assert.deepStrictEqual(page.variables, ['{{nobody}}']);
  });

  it('shows a problem badge per finding; text past its limit is marked at the cut', async () => {
    const value = hostilePayload('list') as { channels: { 'OTT-Messaging': { wa: { list: { action: { button: string } } } } } };
    value.channels['OTT-Messaging'].wa.list.action.button = 'A button label far past twenty';
    const editor = await openUntitled('limits.wa.json', JSON.stringify({ ...value, channels: { 'OTT-Messaging': { wa: { ...value.channels['OTT-Messaging'].wa, type: 'list' } } }, destination: [{ waid: ['{{nobody}}'] }] }, null, 2));
    const r = await nextRender(editor.document.uri, editor.document.version);
    assert.ok(r.model.problems.length > 0);
    const page = await askPage('preview');
    assert.strictEqual(page.badges.length, r.model.problems.length);
    assert.strictEqual(page.cuts, 1, 'one cut marker, in the button label');
  });

  for (const kind of ['list', 'reply', 'document'] as const) {
    it(`hostile strings in every field of a ${kind} message are shown as text and run nothing`, async () => {
      const editor = await openUntitled(`hostile-${kind}.wa.json`, JSON.stringify(hostilePayload(kind), null, 2));
      await nextRender(editor.document.uri, editor.document.version);
      const page = await askPage('preview', kind === 'list' ? 'open-list' : '');
      const shown = [page.text, ...(page.dialog?.rows ?? [])].join('\n');
      assert.ok(shown.includes('<script>window.wxcCanary=1</script>') || shown.includes('<img src=x onerror="window.wxcCanary=2">'), `the markup appears as text:\n${shown}`);
      assert.ok(shown.includes('\u202Egnp.exe') || kind === 'reply', 'the bidi override is kept as a character');
      assert.deepStrictEqual(page.foreign, [], 'no element made from payload text');
      assert.strictEqual(page.canary, 'unset');
      assert.deepStrictEqual(page.images, []);
      // The one script with a source is ours; VS Code's webview host adds its own inline bootstrap.
      const sourced = page.scripts.filter((src) => src !== '(inline)');
      assert.strictEqual(sourced.length, 1, JSON.stringify(page.scripts));
      assert.match(sourced[0], /\/dist\/preview\.js$/);
      if (kind === 'list') await askPage('preview', 'escape');
    });
  }

  it('with wxc.preview.loadMedia "never": no https in the CSP\'s img-src, no image, a typed placeholder', async () => {
    const sample = (await openSample('image')).document.getText();
    const editor = await openUntitled('media-never.wa.json', sample);
    const r = await nextRender(editor.document.uri, editor.document.version);
    assert.strictEqual(r.model.bubble.kind, 'media');
    const page = await askPage('preview');
    assert.match(page.csp, /default-src 'none'/);
    assert.match(page.csp, /script-src 'nonce-[^']+'/);
    assert.strictEqual(imagesFromTheWeb(page.csp), false, page.csp);
    assert.doesNotMatch(page.csp, /unsafe/);
    assert.deepStrictEqual(page.images, []);
    assert.strictEqual(page.loadButtons, 0);
    assert.ok(page.tiles.join('').includes('JPG'), page.tiles.join('\n'));
  });

  it('with "ask": a Load media button for a public https image, none for a placeholder host, and no https in the CSP until pressed', async () => {
    // Pressing it would fetch from the web: the tests reach only this machine, so the consent path stops here.
    await vscode.workspace.getConfiguration('wxc').update('preview.loadMedia', 'ask', vscode.ConfigurationTarget.Global);
    try {
      // The sample's image is on a public https host.
      const editor = await openSample('image');
      await nextRender(editor.document.uri);
      const page = await askPage('preview');
      assert.strictEqual(page.loadButtons, 1);
      assert.strictEqual(imagesFromTheWeb(page.csp), false, page.csp);
      assert.deepStrictEqual(page.images, []);
      // [::ffff:169.254.169.254] is the cloud metadata address written as IPv6.
      for (const host of ['cdn.example.com', '127.0.0.1', '192.168.1.20', '[::ffff:169.254.169.254]', 'user:secret@media.acme-cdn.net']) {
        const other = await openUntitled(`media-ask-${host.replace(/\W/g, '-')}.wa.json`, editor.document.getText().replace('wxc-tools.github.io', host));
        await nextRender(other.document.uri, other.document.version);
        assert.strictEqual((await askPage('preview')).loadButtons, 0, `${host}: never loaded`);
      }
    } finally {
      await vscode.workspace.getConfiguration('wxc').update('preview.loadMedia', 'never', vscode.ConfigurationTarget.Global);
    }
  });

  it('with "ask": Load media allows the exact origin of that document\'s image only, and not the next document\'s', async () => {
    // Ports 25 and 587 are ones browsers refuse to fetch from (the Fetch standard's bad ports): nothing leaves this machine.
    await vscode.workspace.getConfiguration('wxc').update('preview.loadMedia', 'ask', vscode.ConfigurationTarget.Global);
    try {
      const sample = (await openSample('image')).document.getText();
      const first = await openUntitled('media-ask-first.wa.json', sample.replace('wxc-tools.github.io', 'wxc-tools.github.io:25'));
      await nextRender(first.document.uri, first.document.version);
      let page = await waitForPage((p) => p.loadButtons === 1);
      assert.deepStrictEqual(mediaSources(page.csp), [], page.csp);
      await askPage('preview', 'load-media');
      page = await waitForPage((p) => mediaSources(p.csp).length > 0);
      assert.deepStrictEqual(mediaSources(page.csp), ['https://wxc-tools.github.io:25'], page.csp);
      assert.strictEqual(page.loadButtons, 0);
      // Another payload in the same panel: asked again, nothing allowed until then.
      const second = await openUntitled('media-ask-second.wa.json', sample.replace('wxc-tools.github.io', 'media.acme-cdn.net:587'));
      await nextRender(second.document.uri, second.document.version);
      page = await waitForPage((p) => p.loadButtons === 1 && mediaSources(p.csp).length === 0);
      assert.strictEqual(page.loadButtons, 1, 'the next document asks again');
      assert.deepStrictEqual(mediaSources(page.csp), [], page.csp);
      assert.deepStrictEqual(page.images, []);
      // Back to the first: its consent is remembered in this panel.
      await vscode.window.showTextDocument(first.document, vscode.ViewColumn.One);
      page = await waitForPage((p) => mediaSources(p.csp).length > 0);
      assert.deepStrictEqual(mediaSources(page.csp), ['https://wxc-tools.github.io:25'], page.csp);
    } finally {
      await vscode.workspace.getConfiguration('wxc').update('preview.loadMedia', 'never', vscode.ConfigurationTarget.Global);
    }
  });

  it('with "always": the CSP lets images come only from the exact origin of the media shown, and follows an edit', async () => {
    // Ports 25 and 587 are ones browsers refuse to fetch from (the Fetch standard's bad ports): the
    // page may try the image, nothing leaves this machine.
    await vscode.workspace.getConfiguration('wxc').update('preview.loadMedia', 'always', vscode.ConfigurationTarget.Global);
    try {
      const sample = (await openSample('image')).document.getText();
      const editor = await openUntitled('media-always.wa.json', sample.replace('wxc-tools.github.io', 'WXC-Tools.GitHub.io:25'));
      await nextRender(editor.document.uri, editor.document.version);
      let page = await waitForPage((p) => mediaSources(p.csp).length > 0);
      assert.deepStrictEqual(mediaSources(page.csp), ['https://wxc-tools.github.io:25'], page.csp);
      assert.strictEqual(imagesFromTheWeb(page.csp), false, page.csp);
      assert.strictEqual(page.loadButtons, 0);
      // Another host: the page is made again with that origin only.
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), sample.replace('wxc-tools.github.io', 'media.acme-cdn.net:587')));
      await nextRender(editor.document.uri, editor.document.version);
      page = await waitForPage((p) => mediaSources(p.csp).includes('https://media.acme-cdn.net:587'));
      assert.deepStrictEqual(mediaSources(page.csp), ['https://media.acme-cdn.net:587'], page.csp);
      assert.ok(page.text.includes('media-always.wa.json'), 'the page shows the same document after it is made again');
      // A private address: no origin at all, and nothing loaded.
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), sample.replace('wxc-tools.github.io', '10.1.2.3')));
      await nextRender(editor.document.uri, editor.document.version);
      page = await waitForPage((p) => mediaSources(p.csp).length === 0);
      assert.deepStrictEqual(mediaSources(page.csp), [], page.csp);
      assert.deepStrictEqual(page.images, [], 'a private address is never loaded');
      assert.strictEqual(page.loadButtons, 0);
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), sample.replace('wxc-tools.github.io', 'media.acme-cdn.net:587')));
      page = await waitForPage((p) => mediaSources(p.csp).length > 0);
      assert.deepStrictEqual(mediaSources(page.csp), ['https://media.acme-cdn.net:587'], page.csp);
    } finally {
      await vscode.workspace.getConfiguration('wxc').update('preview.loadMedia', 'never', vscode.ConfigurationTarget.Global);
    }
    // Consent withdrawn: the page is made again without the origin.
    const page = await waitForPage((p) => mediaSources(p.csp).length === 0);
    assert.deepStrictEqual(mediaSources(page.csp), [], page.csp);
  });

  it('a problem badge selects its range in the editor', async () => {
    const sample = (await openSample('image')).document.getText();
    const editor = await openUntitled('badge.wa.json', sample.replace('photo.jpg', 'photo.png'));
    const r = await nextRender(editor.document.uri, editor.document.version);
    const first = r.model.problems[0];
    assert.ok(first, 'a problem: the URL ends in .png while mimeType says JPEG');
    await askPage('preview', 'click-badge');
    const selected = await waitForSelection(editor.document, first.offset, first.length);
    assert.strictEqual(editor.document.getText(selected), editor.document.getText().slice(first.offset, first.offset + first.length));
  });

  it('follows the light and the dark theme (README pictures)', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    try {
      await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
      const list = (await openSample('list')).document.getText();
      const demo = list
        .replace('"When should we deliver your order?"', JSON.stringify('Hi {{first_name}}, your order *4711* is packed.\nWhen should we deliver it? _Details:_ https://acme-shop.net/orders/4711'))
        .replace('"Choose a slot"', '"Choose a delivery slot"');
      const editor = await openUntitled('delivery.wa.json', demo);
      await nextRender(editor.document.uri, editor.document.version);
      for (const [theme, name] of [['Default Light Modern', 'preview-light'], ['Default Dark Modern', 'preview-dark']]) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await sleep(1000);
        await askPage('screenshot', name);
      }
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
