/**
 * What Send refuses, drawn in a real VS Code: one error per problem at its place, from the checks
 * pipeline (VS Code's JSON service takes no payload), with a fix for a refused MIME type; and
 * completions that fit the place: a template's own missing parameters, whole messages only in an
 * empty file, each kind once, notifyurl among the envelope's keys.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { offeredKinds } from '../../src/core/messages';
import { skeletonPayload } from '../../src/core/messages/scaffold';
import { closeAllEditors, describeDiagnostic, positionOf, settledDiagnostics, waitFor, workspaceUri } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const TEMPLATE_ID = '602076559564625';
const TEMPLATES = { [TEMPLATE_ID]: { name: 'spring_offer', header: { type: 'image' }, body: 'Hi {{name}}, use {{code}}.' } };

async function openText(text: string, name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name).with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
  assert.strictEqual(document.languageId, 'wa-payload');
  return editor;
}

function imagePayload(mimeType: string): string {
  const p = skeletonPayload('image') as Loose;
  p.channels['OTT-Messaging'].wa.image.url = 'https://cdn.acme-media.net/p/photo.jpg';
  p.channels['OTT-Messaging'].wa.image.mimeType = mimeType;
  return JSON.stringify(p, null, 2);
}

/** The range of the first occurrence of `needle`. */
function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const start = positionOf(document, needle);
  return new vscode.Range(start, start.translate(0, needle.length));
}

async function completions(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  return (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position)).items;
}

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

describe('Refused problems and completions that fit the place', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await vscode.workspace.getConfiguration('wxc').update('templates', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  it('a disallowed mimeType is one error at its place, from the checks, with a quick fix that applies', async () => {
    const editor = await openText(imagePayload('image/gif'), 'refused-mime.wa.json');
    const { document } = editor;
    const range = rangeOf(document, '"image/gif"');
    const diagnostics = await settledDiagnostics(document.uri);
    const there = diagnostics.filter((d) => d.range.intersection(range));
    assert.strictEqual(there.length, 1, diagnostics.map(describeDiagnostic).join('\n'));
    assert.ok(there[0].range.isEqual(range), describeDiagnostic(there[0]));
    assert.strictEqual(there[0].severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(there[0].source, 'Webex Connect');
    assert.match(there[0].message, /only these MIME types for image: image\/jpeg, image\/png/);
    assert.deepStrictEqual(diagnostics.filter((d) => d.source !== 'Webex Connect').map(describeDiagnostic), [], 'nothing drawn by anyone else');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Set mimeType to "image/jpeg"');
    assert.ok(fix?.edit, `the fix among ${actions.map((a) => a.title).join('; ')}`);
    assert.ok(!actions.some((a) => /image\/png/.test(a.title)), 'no fix the URL does not say');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /"mimeType": "image\/jpeg"/);
    await waitFor('the error to go', () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error) ? undefined : true));
  });

  it('a mimeType typed into a refused one is one error as soon as the edit is in, without a pause, and goes as soon as it is undone', async () => {
    // The extension host's first check loads the compiled schema: not this test's subject, so
    // another payload is checked first; the document under test then has only cheap checks behind it.
    await openText(imagePayload('image/jpeg'), 'warm-up.wa.json');
    const editor = await openText(imagePayload('image/jpeg'), 'typed-mime.wa.json');
    const { document } = editor;
    assert.deepStrictEqual((await settledDiagnostics(document.uri)).map(describeDiagnostic), [], 'nothing flagged before typing');
    const after = positionOf(document, '"image/jpeg').translate(0, '"image/jpeg'.length);
    // One keystroke, as the editor applies it. No wait after it: the check runs when VS Code
    // delivers the edit to the extension host, before the edit's own promise resolves here.
    assert.ok(await editor.edit((e) => e.insert(after, 'x')));
    const typed = vscode.languages.getDiagnostics(document.uri);
    assert.strictEqual(typed.length, 1, `right after the edit: ${typed.map(describeDiagnostic).join('\n') || 'nothing'}`);
    assert.strictEqual(typed[0].severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(typed[0].source, 'Webex Connect');
    assert.ok(typed[0].range.isEqual(rangeOf(document, '"image/jpegx"')), describeDiagnostic(typed[0]));
    assert.match(typed[0].message, /only these MIME types for image/);
    // Still one, once everything that draws has answered (VS Code's JSON service draws nothing here).
    assert.deepStrictEqual((await settledDiagnostics(document.uri)).map(describeDiagnostic), typed.map(describeDiagnostic));

    assert.ok(await editor.edit((e) => e.delete(new vscode.Range(after, after.translate(0, 1)))));
    assert.deepStrictEqual(vscode.languages.getDiagnostics(document.uri).map(describeDiagnostic), [], 'gone right after the edit that undoes it');
  });

  it('a syntax error is one error, once', async () => {
    const { document } = await openText(imagePayload('image/jpeg').replace('"appid"', '"appid" "oops",\n  "x"'), 'syntax.wa.json');
    const diagnostics = await settledDiagnostics(document.uri);
    assert.strictEqual(diagnostics.length, 1, diagnostics.map(describeDiagnostic).join('\n'));
    assert.strictEqual(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(diagnostics[0].source, 'Webex Connect');
    assert.strictEqual(diagnostics[0].code, 'syntax');
  });

  it('the schema still completes keys and values, and hovers', async () => {
    const { document } = await openText(imagePayload('image/jpeg'), 'schema-help.wa.json');
    const values = (await completions(document, positionOf(document, '"image/jpeg"', 1))).map(labelOf);
    // Inside the string the values come without their quotes.
    assert.ok(values.includes('image/png'), values.join(', '));
    // Among the top-level keys: the envelope's optional fields not yet written.
    const keys = (await completions(document, positionOf(document, '"appid"'))).map(labelOf);
    assert.ok(keys.includes('callbackData') && !keys.includes('destination'), keys.join(', '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '"mimeType"', 3));
    assert.strictEqual(hovers.length, 1, 'one hover, not two');
  });

  it('inside a template\'s parameters: only that template\'s missing parameters, each inserted as no error', async () => {
    await vscode.workspace.getConfiguration('wxc').update('templates', TEMPLATES, vscode.ConfigurationTarget.Workspace);
    const text = JSON.stringify(
      { deliverychannel: 'whatsapp', appid: 'a1', destination: [{ waid: ['16505551234'] }], message: { template: TEMPLATE_ID, parameters: { image: { link: 'https://cdn.acme-media.net/p/offer.jpg' }, name: 'Ada' } } },
      null,
      2,
    ).replace('"name": "Ada"', '"name": "Ada",\n      ');
    const editor = await openText(text, 'parameters.wa.json');
    const { document } = editor;
    const at = positionOf(document, '"name": "Ada",').translate(1, 0).with({ character: 6 });
    const items = await completions(document, at);
    const labels = items.map(labelOf);
    const properties = items.filter((i) => i.kind === vscode.CompletionItemKind.Property).map(labelOf);
    assert.deepStrictEqual(properties, ['code'], labels.join(', '));
    for (const generic of ['document', 'headerText', 'otp', 'video', 'image', 'name']) assert.ok(!labels.includes(generic) && !labels.includes(`"${generic}"`), `${generic} in ${labels.join(', ')}`);
    assert.ok(!labels.some((l) => l.startsWith('wa-')), `no whole-message snippets: ${labels.join(', ')}`);

    const code = items.find((i) => labelOf(i) === 'code');
    assert.ok(code?.insertText instanceof vscode.SnippetString && code.range instanceof vscode.Range);
    await editor.insertSnippet(code.insertText, code.range);
    assert.match(document.getText(), /"code": "code"/);
    const diagnostics = await settledDiagnostics(document.uri);
    assert.deepStrictEqual(diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map(describeDiagnostic), [], document.getText());
  });

  it('whole messages only in an empty file: each kind once, under the New Message pick\'s titles, and no notifyurl there', async () => {
    const { document } = await openText('wa-', 'empty.wa.json');
    const items = await completions(document, new vscode.Position(0, 3));
    // In the order the editor shows them (by sortText, as VS Code sorts an unfiltered list).
    const wa = items.filter((i) => labelOf(i).startsWith('wa-')).sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)));
    assert.deepStrictEqual(
      wa.map((i) => [labelOf(i), typeof i.label === 'string' ? undefined : i.label.description]),
      offeredKinds().map((k) => [`wa-${k.id}`, k.title]),
    );
    assert.ok(!items.some((i) => /^WhatsApp .* message$/.test(labelOf(i))), 'no second copy from the schema');
  });

  it('no whole-message snippet inside a message; notifyurl among the envelope\'s keys only', async () => {
    const { document } = await openText(imagePayload('image/jpeg'), 'inside.wa.json');
    const inMedia = (await completions(document, positionOf(document, '"caption"'))).map(labelOf);
    assert.ok(inMedia.length > 0 && !inMedia.some((l) => l.startsWith('wa-')), inMedia.join(', '));
    const top = (await completions(document, positionOf(document, '"appid"'))).map(labelOf);
    assert.deepStrictEqual(top.filter((l) => l.startsWith('wa-')), ['wa-notifyurl'], top.join(', '));
  });
});
