/**
 * Every message kind in a real VS Code: scaffolded by command and snippet, checked while typing with
 * quick fixes, sent to the sandbox (which knows the sample template), and the answers 7108 and
 * 7003 explained.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { skeletonPayload } from '../../src/core/messages/scaffold';
import { closeAllEditors, configureSending, describeDiagnostic, receiverRunning, settledDiagnostics, workspaceUri } from './helpers';
import type { SendOutcome } from '../../src/editor/send';


const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const variables = { WAAppid: 'it-app-42', waid: '15550009876' };
const KINDS = ['text', 'location', 'contacts', 'list', 'reply', 'template'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

async function sandboxState(): Promise<{ messages: { type?: string }[]; requests: { code: string }[] }> {
  return (await fetch(`${sandboxUrl}/messages`)).json() as Promise<{ messages: { type?: string }[]; requests: { code: string }[] }>;
}

async function openPayload(value: unknown, name: string): Promise<vscode.TextDocument> {
  const uri = workspaceUri(name).with({ scheme: 'untitled' });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), JSON.stringify(value, null, 2)));
  return document;
}

async function quickFix(document: vscode.TextDocument, where: string | vscode.Range, title: string): Promise<void> {
  let range: vscode.Range;
  if (typeof where === 'string') {
    const offset = document.getText().indexOf(where);
    assert.ok(offset >= 0, `${where} in the document`);
    range = new vscode.Range(document.positionAt(offset), document.positionAt(offset + where.length));
  } else range = where;
  let actions: vscode.CodeAction[] = [];
  for (let i = 0; i < 50 && !actions.some((a) => a.title === title); i++) {
    actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    if (!actions.some((a) => a.title === title)) await new Promise((r) => setTimeout(r, 100));
  }
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `quick fix "${title}" among ${actions.map((a) => a.title).join(', ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

const send = (uri: vscode.Uri) => vscode.commands.executeCommand<SendOutcome>('wxc.send', uri);

describe('Every message kind in a real VS Code', function () {
  this.timeout(60_000);
  before(async () => {
    // The samples' {{notifyurl}} is the receiver's, as npm start has it.
    await receiverRunning();
    await configureSending({ test: { baseUrl: sandboxUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'test'), 'test');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey), true);
  });
  beforeEach(() => fetch(`${sandboxUrl}/messages`, { method: 'DELETE' }));
  afterEach(async () => {
    await vscode.workspace.getConfiguration('wxc').update('templates', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  for (const kind of KINDS) {
    it(`"New WhatsApp Message…" scaffolds a ${kind} payload that is valid once filled in`, async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('wxc.newMessage', kind);
      assert.ok(uri, 'a document was made');
      const document = await vscode.workspace.openTextDocument(uri);
      assert.strictEqual(document.languageId, 'wa-payload');
      // Leave the snippet with every place at its default.
      await vscode.commands.executeCommand('leaveSnippet');
      // The receiver runs (see before), so the scaffold reports to it.
      assert.deepStrictEqual(parse(document.getText()), skeletonPayload(kind, undefined, { notifyUrl: true }));
      const diagnostics = await settledDiagnostics(document.uri);
      // Only the scaffold's placeholder media host (template) is flagged, until a real link is typed.
      const unexpected = diagnostics.filter((d) => d.code !== 'placeholder-url');
      assert.deepStrictEqual(unexpected.map(describeDiagnostic), []);
    });
  }

  it('offers a wa-<kind> snippet for every kind in a payload', async () => {
    const document = await openPayload({}, 'snippets-here.wa.jsonc');
    await vscode.window.activeTextEditor?.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), 'wa-'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 3));
    const labels = new Set(list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)));
    for (const kind of [...KINDS, 'image', 'sticker']) assert.ok(labels.has(`wa-${kind}`), `wa-${kind} in ${[...labels].join(', ')}`);
  });

  for (const kind of KINDS) {
    it(`sends the ${kind} sample exactly once, answered 1001`, async () => {
      const uri = workspaceUri('samples', `${kind}.wa.jsonc`);
      await vscode.window.showTextDocument(uri);
      const outcome = await send(uri);
      assert.strictEqual(outcome.code, '1001', outcome.message);
      const state = await sandboxState();
      assert.strictEqual(state.requests.length, 1);
      assert.strictEqual(state.messages[0].type, kind === 'template' ? 'template 602076559564625 (spring_offer)' : kind);
    });
  }

  it('a list with a row id used twice is an error with a fix, and is not sent', async () => {
    const p = skeletonPayload('list') as Loose;
    p.channels['OTT-Messaging'].wa.list.action.sections[0].rows[1].id = 'slot-morning';
    const document = await openPayload(p, 'duplicate-rows.wa.jsonc');
    const diagnostics = await settledDiagnostics(document.uri);
    const error = diagnostics.find((d) => d.code === 'list-duplicate-row-id');
    assert.ok(error && error.severity === vscode.DiagnosticSeverity.Error, diagnostics.map(describeDiagnostic).join('\n'));
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.posted, false, outcome.message);
    assert.strictEqual((await sandboxState()).requests.length, 0, 'nothing reached the sandbox');
    await quickFix(document, error.range, 'Rename to "slot-morning-2"');
    assert.strictEqual((parse(document.getText()) as Loose).channels['OTT-Messaging'].wa.list.action.sections[0].rows[1].id, 'slot-morning-2');
  });

  it("Meta's interactive wrapper converts to Webex Connect's list by a quick fix", async () => {
    const list = skeletonPayload('list') as Loose;
    const p = structuredClone(list);
    p.channels['OTT-Messaging'].wa = { type: 'interactive', interactive: { type: 'list', ...list.channels['OTT-Messaging'].wa.list } };
    const document = await openPayload(p, 'meta-list.wa.jsonc');
    await settledDiagnostics(document.uri);
    await quickFix(document, '"interactive": {', 'Convert to Webex Connect\'s "list" message');
    assert.deepStrictEqual(parse(document.getText()), list);
    const after = await settledDiagnostics(document.uri);
    assert.deepStrictEqual(after.map(describeDiagnostic), []);
  });

  it('a template checked against wxc.templates: a missing parameter is an error, with a fix; nothing is sent', async () => {
    await vscode.workspace.getConfiguration('wxc').update('templates', { '602076559564625': { name: 'spring_offer', header: { type: 'image' }, body: 'Hi {{name}}, use {{code}}.' } }, vscode.ConfigurationTarget.Workspace);
    const p = skeletonPayload('template') as Loose;
    p.message.parameters.image.link = 'https://media.acme-shop.com/offer.jpg';
    delete p.message.parameters.code;
    const document = await openPayload(p, 'template-missing.wa.jsonc');
    const diagnostics = await settledDiagnostics(document.uri);
    const missing = diagnostics.find((d) => d.code === 'template-missing-parameter');
    assert.ok(missing, diagnostics.map(describeDiagnostic).join('\n'));
    assert.match(missing.message, /needs "code"/);
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.posted, false);
    assert.strictEqual((await sandboxState()).requests.length, 0);
    await quickFix(document, '"parameters"', 'Add the missing parameters');
    assert.strictEqual((parse(document.getText()) as Loose).message.parameters.code, '');
  });

  it('an unknown template id is answered 7108, explained', async () => {
    const p = skeletonPayload('template') as Loose;
    p.message.template = '111122223333444';
    const document = await openPayload(p, 'template-unknown.wa.jsonc');
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.code, '7108', outcome.message);
    assert.match(outcome.message, /Invalid template id/);
    assert.match(outcome.message, /Templates/);
  });

  it('a template parameter the sandbox template needs, left out, is answered 7003, explained', async () => {
    const p = skeletonPayload('template') as Loose;
    delete p.message.parameters.name;
    const document = await openPayload(p, 'template-7003.wa.jsonc');
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.code, '7003', outcome.message);
    assert.match(outcome.message, /Mandatory parameters missing/);
  });
});
