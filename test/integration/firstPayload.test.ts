/**
 * A newcomer's first payload, however it appears, gets every check: these suites run in VS Codes
 * of their own (scripts/test-integration.mjs), one whose two workspace folders start without any
 * payload file ("First payload"), one without a folder at all ("Lone payload").
 */
import * as assert from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, askPage, closeAllEditors, describeDiagnostic, hoverText, positionOf, settledDiagnostics, sleep, waitFor, workspaceUri } from './helpers';

/** A payload as a person writes one: a comment, a trailing comma, and three things to report. */
const PAYLOAD = `{
  // my first WhatsApp payload
  "appid": "{{WAAppid}}",
  "deliverychannel": "whatsapp",
  "channels": { "OTT-Messaging": { "wa": { "type": "image", "image": { "url": "https://cdn.example.com/team.jpg", "mimeType": "image/jpg" } } } },
  "destination": [{ "waid": ["{{waid}}"] }],
  "colour": "blue",
}
`;

/** The environment npm start and the harness define in the user settings, as the status bar names it. */
const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const sandboxLabel = () => `sandbox (${new URL(sandboxUrl).host})`;

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is loaded`);
  return ext;
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Webex Connect');

/** The open document for `uri`, once VS Code has it (after a rename or a save it comes a moment later). */
const openDocument = (uri: vscode.Uri) =>
  waitFor(`${uri.path} to be open`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));

/**
 * What a payload in view must have: the payload language, the media checks, the schema's checks
 * with comments allowed, quick fixes, variable hovers, the Send CodeLens and the environment in
 * the status bar. The payload is the one in PAYLOAD (or the harness's lone file, which has the same findings).
 */
async function assertEveryCheck(document: vscode.TextDocument): Promise<void> {
  const { uri } = document;
  const where = uri.path;
  assert.strictEqual(document.languageId, 'wa-payload', `${where}: language`);
  // In an editor, as a person has it (VS Code's JSON server reports only on documents in a tab).
  await vscode.window.showTextDocument(document);
  await waitFor(`the extension to be active for ${where}`, () => (extension().isActive ? true : undefined));

  // Media checks and the schema's, which arrive asynchronously.
  await waitFor(`Webex Connect diagnostics on ${where}`, () => {
    const rules = ours(uri).map((d) => d.code);
    return rules.includes('placeholder-url') && rules.includes('non-canonical-mime') ? true : undefined;
  });
  // The schema's finding is the checks pipeline's, an error, drawn once (VS Code's JSON service takes no payload).
  await waitFor(`the schema's error about "colour" on ${where}`, () => {
    const colour = vscode.languages.getDiagnostics(uri).filter((d) => /colour/.test(d.message));
    return colour.length === 1 && colour[0].source === 'Webex Connect' && colour[0].severity === vscode.DiagnosticSeverity.Error ? true : undefined;
  });
  const all = (await settledDiagnostics(uri, 800)).map(describeDiagnostic);
  assert.ok(!all.some((d) => /comment|trailing comma/i.test(d)), `no complaint about the comment or the trailing comma:\n${all.join('\n')}`);

  // A quick fix for the non-canonical MIME type, and a hover on a variable.
  const mime = positionOf(document, '"image/jpg"', 2);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(mime, mime));
  assert.ok(
    actions.some((a) => a.edit?.get(uri).some((e) => e.newText.includes('image/jpeg'))),
    `a quick fix to image/jpeg, got: ${actions.map((a) => a.title).join('; ')}`,
  );
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, '{{waid}}', 3));
  assert.match(hoverText(hovers), /from environment \*\*sandbox\*\*/);

  // The CodeLens above the payload.
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
  const send = lenses.find((l) => l.command?.command === 'wxc.send');
  assert.ok(send, `a Send CodeLens on ${where}, got: ${lenses.map((l) => l.command?.title).join('; ')}`);
  assert.ok(send.command?.title.includes(sandboxLabel()), send.command?.title);

  // The environment on screen, while the payload is in view.
  await waitFor(`the status bar to show ${sandboxLabel()}`, async () =>
    (await askPage('statusbar')).some((item) => item.text.includes(sandboxLabel())) ? true : undefined,
  );
}

describe('First payload: a workspace that starts without any payload file', function () {
  this.timeout(90_000);
  after(closeAllEditors);

  it('stays inactive with settings.json, tsconfig.json, package.json and a plain JSON file open, and shows no status item', async () => {
    for (const file of [['.vscode', 'settings.json'], ['tsconfig.json'], ['package.json'], ['data.json']]) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(...file)));
    }
    await sleep(3_000);
    assert.strictEqual(extension().isActive, false, 'activated by a JSON file that is not a payload');
    assert.deepStrictEqual(ours(workspaceUri('data.json')), []);
    assert.ok(!(await askPage('statusbar')).some((item) => item.text.includes(sandboxLabel())), 'no environment in the status bar');
    await closeAllEditors();
  });

  it('a JSON file renamed to *.wa.json becomes a payload: the extension starts and the file gets every check', async () => {
    assert.strictEqual(extension().isActive, false, 'nothing has started the extension yet');
    const before = workspaceUri('draft.json');
    const after = workspaceUri('draft.wa.json');
    writeFileSync(before.fsPath, PAYLOAD);
    const draft = await vscode.workspace.openTextDocument(before);
    await vscode.window.showTextDocument(draft);
    assert.strictEqual(draft.languageId, 'json');
    // As the Explorer renames: through a workspace edit, the open editor follows the file.
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(before, after);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the rename applies');
    await assertEveryCheck(await openDocument(after));
    await closeAllEditors();
  });

  it("doesn't start the receiver for a workspace's or folder's startOnOpen: true (a repository must not open a port)", async () => {
    assert.ok(extension().isActive, 'the payload above started the extension');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const inspected = vscode.workspace.getConfiguration('wxc', folder.uri).inspect<boolean>('deliveryReceiver.startOnOpen');
    // (Its folder's .vscode/settings.json says true as well, which VS Code itself ignores in a
    // multi-root workspace for a setting that is not per resource.)
    assert.strictEqual(inspected?.workspaceValue, true, 'the harness sets it in the .code-workspace file');
    assert.strictEqual(inspected?.globalValue, undefined);
    // Time for a start at activation and the sandbox link's registration, had they happened.
    await sleep(3_000);
    const webhook = (await (await fetch(`${sandboxUrl}/sandbox/webhook`)).json()) as { url: string | null };
    assert.strictEqual(webhook.url, null, "the sandbox's webhook was not pointed at a receiver");
    assert.strictEqual(await vscode.commands.executeCommand('wxc.stopReceiver'), false, 'no receiver was running to stop');
  });

  it('a payload file created after start gets every check', async () => {
    const uri = workspaceUri('order.wa.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(PAYLOAD));
    await assertEveryCheck(await vscode.workspace.openTextDocument(uri));
    await closeAllEditors();
  });

  it('an untitled payload saved under its payload name gets every check', async () => {
    const target = workspaceUri('saved.wa.json');
    const untitled = await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }));
    assert.strictEqual(untitled.languageId, 'wa-payload', 'an untitled payload is a payload before it is saved');
    const editor = await vscode.window.showTextDocument(untitled);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), PAYLOAD)));
    assert.ok(await untitled.save(), 'saved to the name it was given');
    await assertEveryCheck(await openDocument(target));
    await closeAllEditors();
  });

  it('a payload in the second workspace folder gets every check', async () => {
    const second = process.env.WXC_TEST_SECOND_FOLDER ?? '';
    assert.ok(vscode.workspace.workspaceFolders?.some((f) => f.uri.fsPath === second), 'the harness opened two folders');
    const file = join(second, 'campaign.wa.jsonc');
    writeFileSync(file, PAYLOAD);
    await assertEveryCheck(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    await closeAllEditors();
  });

  it('hides the environment when no payload is in view, and shows it again with one', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('README.md')));
    await waitFor('the status item to go', async () => ((await askPage('statusbar')).some((i) => i.text.includes(sandboxLabel())) ? undefined : true));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('order.wa.json')), vscode.ViewColumn.Beside);
    await waitFor('the status item to come back', async () => ((await askPage('statusbar')).some((i) => i.text.includes(sandboxLabel())) ? true : undefined));
    await askPage('screenshot', 'first-payload');
    await closeAllEditors();
  });

  it('a *.wa.json that files.associations makes JSONC is still a payload (files from before the payload language)', async () => {
    const config = vscode.workspace.getConfiguration('files');
    await config.update('associations', { '*.wa.json': 'jsonc' }, vscode.ConfigurationTarget.Workspace);
    try {
      const uri = workspaceUri('legacy.wa.json');
      writeFileSync(uri.fsPath, PAYLOAD);
      const document = await vscode.workspace.openTextDocument(uri);
      assert.strictEqual(document.languageId, 'jsonc', 'the user\'s association wins');
      await vscode.window.showTextDocument(document);
      await waitFor('Webex Connect diagnostics on legacy.wa.json', () => (ours(uri).some((d) => d.code === 'placeholder-url') ? true : undefined));
      // The schema's problem once, from the checks: VS Code's JSON service has no payload schema to draw it with.
      await waitFor('the schema\'s error about "colour", once', () => {
        const colour = vscode.languages.getDiagnostics(uri).filter((d) => /colour/.test(d.message));
        return colour.length === 1 && colour[0].source === 'Webex Connect' && colour[0].severity === vscode.DiagnosticSeverity.Error ? true : undefined;
      });
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      assert.ok(lenses.some((l) => l.command?.command === 'wxc.send'), 'the Send CodeLens');
    } finally {
      await config.update('associations', undefined, vscode.ConfigurationTarget.Workspace);
      await closeAllEditors();
    }
  });
});

describe('Lone payload: a payload file opened in a window without a folder', function () {
  this.timeout(90_000);

  it('starts the extension, and VS Code\'s JSON support, and gets every check', async () => {
    assert.strictEqual(vscode.workspace.workspaceFolders, undefined, 'no folder is open');
    assert.strictEqual(extension().isActive, false, 'nothing has started the extension yet');
    const file = process.env.WXC_TEST_LONE_FILE ?? '';
    assert.ok(file, 'the harness passes WXC_TEST_LONE_FILE');
    // The schema's findings below come only if VS Code's JSON support runs: no other JSON file is open to start it.
    await assertEveryCheck(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    await askPage('screenshot', 'lone-payload');
  });

  it('"New WhatsApp Message…" makes an untitled payload with the CodeLens', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('wxc.newMessage', 'video');
    assert.ok(uri);
    const document = await openDocument(uri);
    assert.strictEqual(document.languageId, 'wa-payload');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    assert.ok(lenses.some((l) => l.command?.command === 'wxc.send'), 'the Send CodeLens');
    await closeAllEditors();
  });
});
