import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { MEDIA, MEDIA_TYPES } from '../../src/core/media/table';
import { exampleMediaUrl } from '../../src/core/messages/scaffold';
import {
  EXTENSION_ID,
  closeAllEditors,
  describeDiagnostic,
  diagnosticsAtLeast,
  hoverText,
  openWorkspaceFile,
  positionOf,
  receiverRunning,
  settledDiagnostics,
  sleep,
  waitFor,
  workspaceUri,
} from './helpers';

describe('Authoring payloads in a real VS Code', function () {
  this.timeout(60_000);

  afterEach(closeAllEditors);

  it('activates by itself in a workspace that holds payload files', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    // No command has run yet: only the workspaceContains activation can have started it.
    await waitFor('activation', () => (extension.isActive ? true : undefined));
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('wxc.newMessage'), 'wxc.newMessage is registered');
  });

  it('opens *.wa.json as a WhatsApp Payload (JSON with comments): the docs\' //Mandatory comments give no error', async () => {
    const editor = await openWorkspaceFile('seed-audio.wa.json');
    assert.strictEqual(editor.document.languageId, 'wa-payload');
    const diagnostics = await diagnosticsAtLeast(editor.document.uri, 1);
    const described = diagnostics.map(describeDiagnostic);
    assert.ok(!described.some((d) => /comment/i.test(d)), `no comment errors, got:\n${described.join('\n')}`);
    // The only problem in the seed's audio sample is its placeholder URL, on line 16.
    assert.strictEqual(diagnostics.length, 1, described.join('\n'));
    assert.strictEqual(diagnostics[0].range.start.line, 15);
    assert.strictEqual(editor.document.getText(diagnostics[0].range), '"<your-media-url>"');
    assert.match(diagnostics[0].message, /direct, public https:\/\/ link to the audio file/);
  });

  it('accepts trailing commas and block comments, and every sample', async () => {
    // The samples' {{notifyurl}} is the receiver's, as npm start has it (without it, a warning says to start it).
    await receiverRunning();
    for (const file of ['trailing-commas.wa.jsonc', ...MEDIA_TYPES.map((t) => `samples/${t}.wa.jsonc`)]) {
      const editor = await openWorkspaceFile(...file.split('/'));
      assert.strictEqual(editor.document.languageId, 'wa-payload', file);
      // Give the JSON service time to report anything it would.
      const diagnostics = await settledDiagnostics(editor.document.uri);
      assert.deepStrictEqual(diagnostics.map(describeDiagnostic), [], file);
    }
  });

  it('shows each schema error of an invalid payload on its own range', async () => {
    const editor = await openWorkspaceFile('invalid.wa.jsonc');
    const document = editor.document;
    const diagnostics = await diagnosticsAtLeast(document.uri, 4);
    const got = diagnostics
      .map((d) => ({ text: document.getText(d.range), line: d.range.start.line + 1, message: d.message }))
      .sort((a, b) => a.line - b.line);
    const expected = [
      { text: '"+44 7700 900123"', line: 6, message: /international form with digits only, no "\+"/ },
      // VS Code underlines the object that lacks the property (older versions: its key).
      { text: /^\{\n\s+"url"[\s\S]*"Listen to this"\n\s+\}$|^"audio"$/, line: 12, message: /^Missing property "mimeType"\.$/ },
      { text: '"audio/ogg"', line: 14, message: /write "mimeType" \(capital T\)/ },
      { text: '"Listen to this"', line: 15, message: /no caption on audio messages/ },
    ];
    assert.strictEqual(got.length, expected.length, JSON.stringify(got, null, 1));
    expected.forEach((e, i) => {
      if (typeof e.text === 'string') assert.strictEqual(got[i].text, e.text, JSON.stringify(got[i]));
      else assert.match(got[i].text, e.text, JSON.stringify(got[i]));
      assert.strictEqual(got[i].line, e.line, JSON.stringify(got[i]));
      assert.match(got[i].message, e.message);
    });
    assert.ok(diagnostics.every((d) => d.severity <= vscode.DiagnosticSeverity.Warning), 'shown as errors or warnings');
  });

  for (const type of MEDIA_TYPES) {
    it(`"New WhatsApp Message…" scaffolds a valid ${type} payload as a snippet`, async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('wxc.newMessage', type);
      assert.ok(uri, 'the command returns the new document');
      assert.strictEqual(uri.scheme, 'untitled');
      assert.ok(uri.path.endsWith(`new-${type}.wa.json`), uri.path);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor && editor.document.uri.toString() === uri.toString(), 'the new payload is the active editor');
      assert.strictEqual(editor.document.languageId, 'wa-payload');
      // Snippet mode: the first tab stop selects the media URL.
      assert.strictEqual(editor.document.getText(editor.selection), exampleMediaUrl(MEDIA[type]));
      const payload = JSON.parse(editor.document.getText());
      const wa = payload.channels['OTT-Messaging'].wa;
      assert.strictEqual(wa.type, type);
      assert.strictEqual(wa[type].mimeType, MEDIA[type].mimeTypes[0].mime);
      assert.strictEqual('caption' in wa[type], MEDIA[type].caption);
      assert.strictEqual('filename' in wa[type], MEDIA[type].filename);
      assert.deepStrictEqual(payload.destination, [{ waid: ['{{waid}}'] }]);
      assert.strictEqual(payload.appid, '{{WAAppid}}');
      // Fill the URL placeholder as a user would, then tab on: the document stays schema-valid.
      await editor.insertSnippet(new vscode.SnippetString(`https://media.acme-cdn.net/${type}/file.${MEDIA[type].mimeTypes[0].extensions[0]}`));
      await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
      const diagnostics = await settledDiagnostics(uri);
      assert.deepStrictEqual(diagnostics.map(describeDiagnostic), [], editor.document.getText());
      // The unsaved document is checked by the schema too: a wrong MIME type is flagged where it is.
      const mime = MEDIA[type].mimeTypes[0].mime;
      const start = positionOf(editor.document, `"${mime}"`);
      await editor.edit((e) => e.replace(new vscode.Range(start, start.translate(0, mime.length + 2)), '"text/html"'));
      const flagged = await diagnosticsAtLeast(uri, 1);
      assert.strictEqual(flagged.length, 1, flagged.map(describeDiagnostic).join('\n'));
      assert.strictEqual(editor.document.getText(flagged[0].range), '"text/html"');
      assert.match(flagged[0].message, new RegExp(`only these MIME types for ${type}`));
    });
  }

  it('shows no Send CodeLens on a *.wa.json that is not a payload yet (empty, blank, comments only, an array, a string), and shows it once an object starts', async () => {
    const lensesOf = async (uri: vscode.Uri) =>
      ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? []).map((l) => l.command?.command ?? '');
    const notYet: [string, string][] = [
      ['empty', ''],
      ['blank', '  \n\t\n'],
      ['comments', '// my first payload\n/* to be written */\n'],
      ['array', '[{"appid": "x"}]'],
      ['string', '"hello"'],
    ];
    for (const [name, text] of notYet) {
      const uri = workspaceUri(`not-yet-${name}.wa.json`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      const editor = await vscode.window.showTextDocument(uri);
      assert.deepStrictEqual(await lensesOf(uri), [], `no CodeLens on ${JSON.stringify(text)}`);
      if (name === 'comments') {
        // The object begins: Send, Copy as cURL and Copy as Code appear (Send then says what is missing).
        await editor.edit((e) => e.insert(editor.document.positionAt(editor.document.getText().length), '{\n'));
        assert.deepStrictEqual(await lensesOf(uri), ['wxc.send', 'wxc.copyAsCurl', 'wxc.copyAsCode']);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    // A sample has them, as before.
    assert.deepStrictEqual(await lensesOf(workspaceUri('samples', 'image.wa.jsonc')), ['wxc.send', 'wxc.copyAsCurl', 'wxc.copyAsCode']);
  });

  it('"New WhatsApp Message…" without an argument asks for the media type', async () => {
    const pending = vscode.commands.executeCommand<vscode.Uri | undefined>('wxc.newMessage');
    await sleep(800);
    // Move to the third entry (video) and accept it.
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const uri = await pending;
    assert.ok(uri, 'a document was created from the pick');
    assert.ok(uri.path.endsWith('new-video.wa.json'), uri.path);
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /"type": "video"/);
  });

  it('"New WhatsApp Message…" with an unknown type creates nothing', async () => {
    const before = vscode.workspace.textDocuments.length;
    const uri = await vscode.commands.executeCommand('wxc.newMessage', 'gif');
    assert.strictEqual(uri, undefined);
    assert.strictEqual(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && d.uri.path.includes('gif')).length, 0);
    assert.ok(vscode.workspace.textDocuments.length <= before);
  });

  it('a second scaffold of the same type gets its own document', async () => {
    const first = await vscode.commands.executeCommand<vscode.Uri>('wxc.newMessage', 'sticker');
    const second = await vscode.commands.executeCommand<vscode.Uri>('wxc.newMessage', 'sticker');
    assert.notStrictEqual(first.toString(), second.toString());
    assert.ok(second.path.endsWith('new-sticker-2.wa.json'), second.path);
  });

  it('hovering mimeType shows its documentation, with formats and size limit', async () => {
    const editor = await openWorkspaceFile('samples', 'image.wa.jsonc');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      positionOf(editor.document, '"mimeType"', 3),
    );
    const text = hoverText(hovers);
    assert.match(text, /MIME type\*\* of the image — mandatory/);
    assert.match(text, /image\/jpeg/);
    assert.match(text, /image\/png/);
    assert.match(text, /5 MB/);
    assert.match(text, /Example: `"mimeType": "image\/jpeg"`/);
    // The README's screenshot: the same hover, as a person sees it.
    const at = positionOf(editor.document, '"mimeType"', 3);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1000);
    console.log('WXC_SCREENSHOT readme');
    await sleep(1000);
  });

  it('hovering destination and caption explains their limits', async () => {
    const editor = await openWorkspaceFile('samples', 'image.wa.jsonc');
    const at = (needle: string) =>
      vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, needle, 3));
    assert.match(hoverText(await at('"destination"')), /1 to 1000/);
    assert.match(hoverText(await at('"caption"')), /1024 characters/);
  });

  for (const language of ['wa-payload', 'jsonc', 'json']) {
    it(`offers the wa-* snippets in ${language} files`, async () => {
      const document = await vscode.workspace.openTextDocument({ language, content: 'wa-' });
      await vscode.window.showTextDocument(document);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(0, 3),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      for (const type of MEDIA_TYPES) assert.ok(labels.includes(`wa-${type}`), `wa-${type} in ${labels.join(', ')}`);
      const image = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'wa-image');
      assert.strictEqual(image?.kind, vscode.CompletionItemKind.Snippet);
    });
  }

  it('completes the message type with the five media types and their descriptions', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('samples', 'video.wa.jsonc'));
    await vscode.window.showTextDocument(document);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      positionOf(document, '"type": "video"', 9),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const type of MEDIA_TYPES) assert.ok(labels.includes(`"${type}"`), `"${type}" in ${labels.join(', ')}`);
  });
});
