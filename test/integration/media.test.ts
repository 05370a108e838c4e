import * as assert from 'node:assert';
import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import * as vscode from 'vscode';
import { closeAllEditors, describeDiagnostic, hoverText, settledDiagnostics, waitFor, workspaceUri } from './helpers';

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';

function payloadText(type: string, media: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify(
    {
      deliverychannel: 'whatsapp',
      appid: '{{WAAppid}}',
      destination: [{ waid: ['{{waid}}'] }],
      channels: { 'OTT-Messaging': { wa: { type, [type]: media } } },
      ...extra,
    },
    null,
    2,
  )}\n`;
}

let counter = 0;
async function open(content: string): Promise<vscode.TextEditor> {
  const uri = workspaceUri(`media-${++counter}.wa.json`).with({ scheme: 'untitled' });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), content));
  return editor;
}

function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in document`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}

async function ours(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  return (await settledDiagnostics(document.uri, 800)).filter((d) => d.source === 'Webex Connect');
}

/** Applies the quick fix titled `title` offered at `needle`. */
async function applyFix(document: vscode.TextDocument, needle: string, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, rangeOf(document, needle), vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `"${title}" among ${actions.map((a) => a.title).join(' | ')}`);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit));
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('Media checks and quick fixes in a real VS Code', function () {
  this.timeout(60_000);

  before(async () => {
    const config = vscode.workspace.getConfiguration('wxc');
    await config.update('environments', { media: { baseUrl: sandboxUrl, variables: { WAAppid: 'app', waid: '15550001111' } } }, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'media'), 'media');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('wxc').update('environments', undefined, vscode.ConfigurationTarget.Workspace);
  });
  afterEach(closeAllEditors);

  it('flags a URL whose extension does not match mimeType, and fixes mimeType from it', async () => {
    const { document } = await open(payloadText('image', { url: 'https://cdn.acme-media.net/team.png?sig=abc', mimeType: 'image/jpeg' }));
    const found = await ours(document);
    assert.strictEqual(found.length, 1, found.map(describeDiagnostic).join('\n'));
    assert.strictEqual(document.getText(found[0].range), '"https://cdn.acme-media.net/team.png?sig=abc"');
    assert.strictEqual(found[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.match(found[0].message, /ends in \.png but mimeType is image\/jpeg/);
    await applyFix(document, 'team.png', 'Set mimeType to "image/png"');
    assert.match(document.getText(), /"mimeType": "image\/png"/);
    assert.deepStrictEqual((await ours(document)).map(describeDiagnostic), []);
  });

  it('canonicalizes a loose MIME type', async () => {
    const { document } = await open(payloadText('sticker', { url: 'https://cdn.acme-media.net/s.webp', mimeType: 'image/WEBP' }));
    const [d] = await ours(document);
    assert.strictEqual(document.getText(d.range), '"image/WEBP"');
    await applyFix(document, 'image/WEBP', 'Change to "image/webp"');
    assert.match(document.getText(), /"mimeType": "image\/webp"/);
  });

  it('removes a caption the schema rejects on audio', async () => {
    const { document } = await open(payloadText('audio', { url: 'https://cdn.acme-media.net/v.aac', mimeType: 'audio/aac', caption: 'Listen' }));
    await waitFor('the schema\'s caption error', () => (vscode.languages.getDiagnostics(document.uri).some((d) => /no caption on audio/.test(d.message)) ? true : undefined));
    await applyFix(document, '"caption"', 'Remove "caption" (audio messages have none)');
    assert.ok(!document.getText().includes('caption'));
    JSON.parse(document.getText());
    await waitFor('no diagnostics', () => (vscode.languages.getDiagnostics(document.uri).length === 0 ? true : undefined));
  });

  it('sets type to match the media object', async () => {
    const { document } = await open(payloadText('image', { url: 'https://cdn.acme-media.net/a.jpg', mimeType: 'image/jpeg' }).replace('"type": "image"', '"type": "video"'));
    await applyFix(document, '"video"', 'Set "type" to "image"');
    assert.match(document.getText(), /"type": "image"/);
  });

  it('hints at a document without filename and adds one from the URL', async () => {
    const { document } = await open(payloadText('document', { url: 'https://cdn.acme-media.net/Q3%20report.pdf', mimeType: 'application/pdf' }));
    const [d] = await ours(document);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Hint);
    assert.strictEqual(document.getText(d.range), '"document"');
    await applyFix(document, '"document": {', 'Add "filename": "Q3 report.pdf"');
    assert.match(document.getText(), /"filename": "Q3 report\.pdf"/);
    assert.deepStrictEqual((await ours(document)).map(describeDiagnostic), []);
  });

  it('flags a Dropbox share page with one warning, and the fix makes it the file', async () => {
    const url = 'https://www.dropbox.com/scl/fi/x9y8/team.jpg?rlkey=k7Zq&dl=0';
    const { document } = await open(payloadText('image', { url, mimeType: 'image/jpeg' }));
    const found = await ours(document);
    assert.deepStrictEqual(found.map((d) => d.code), ['share-page'], found.map(describeDiagnostic).join('\n'));
    assert.strictEqual(found[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(document.getText(found[0].range), JSON.stringify(url));
    assert.match(found[0].message, /^This Dropbox link is a web page about the file, not the file/);
    await applyFix(document, 'dropbox', 'Set dl=1 (the file, not the page)');
    assert.match(document.getText(), /"url": "https:\/\/www\.dropbox\.com\/scl\/fi\/x9y8\/team\.jpg\?rlkey=k7Zq&dl=1"/);
    assert.deepStrictEqual((await ours(document)).map(describeDiagnostic), []);
  });

  it('a space in the URL: the schema rejects it, our warning names it, and the fix encodes it', async () => {
    const { document } = await open(payloadText('image', { url: 'https://cdn.acme-media.net/spring sale/café.jpg', mimeType: 'image/jpeg' }));
    const found = await ours(document);
    assert.deepStrictEqual(found.map((d) => d.code), ['url-encoding'], found.map(describeDiagnostic).join('\n'));
    assert.match(found[0].message, /\(a space, "é"\): percent-encode them/);
    await applyFix(document, 'spring sale', 'Percent-encode the URL');
    assert.match(document.getText(), /"url": "https:\/\/cdn\.acme-media\.net\/spring%20sale\/caf%C3%A9\.jpg"/);
    assert.deepStrictEqual((await ours(document)).map(describeDiagnostic), []);
    await waitFor('no schema warning either', () => (vscode.languages.getDiagnostics(document.uri).length === 0 ? true : undefined));
  });

  it('warns at a document filename whose extension contradicts mimeType', async () => {
    const { document } = await open(payloadText('document', { url: 'https://cdn.acme-media.net/q3.pdf', mimeType: 'application/pdf', filename: 'Q3.docx' }));
    const [d] = await ours(document);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(document.getText(d.range), '"Q3.docx"');
    await applyFix(document, 'Q3.docx', 'Rename to "Q3.pdf"');
    assert.deepStrictEqual((await ours(document)).map(describeDiagnostic), []);
  });

  it('flags media on a private address and a placeholder host', async () => {
    const { document } = await open(payloadText('image', { url: 'https://192.168.1.20/a.jpg', mimeType: 'image/jpeg' }));
    const [d] = await ours(document);
    assert.match(d.message, /can't fetch media from 192\.168\.1\.20: it is a private network address/);
    const second = await open(payloadText('image', { url: 'https://cdn.example.com/a.jpg', mimeType: 'image/jpeg' }));
    assert.match((await ours(second.document))[0].message, /placeholder domain/);
  });

  it('warns on an undefined variable, defines it with the quick fix, then shows its value on hover', async () => {
    const { document } = await open(payloadText('image', { url: 'https://cdn.acme-media.net/a.jpg', mimeType: 'image/jpeg' }, { correlationid: 'order-{{orderId}}' }));
    const [d] = await ours(document);
    assert.strictEqual(document.getText(d.range), '{{orderId}}');
    assert.match(d.message, /\{\{orderId\}\} is not defined in environment "media"/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const define = actions.find((a) => a.title === 'Define {{orderId}} in environment "media"…');
    assert.ok(define?.command, actions.map((a) => a.title).join(' | '));
    // The fix asks for the value; give it as the command's extra argument instead of typing.
    assert.strictEqual(await vscode.commands.executeCommand(define.command.command, ...(define.command.arguments ?? []), '4711'), true);
    const environments = vscode.workspace.getConfiguration('wxc').get<Record<string, { variables: Record<string, string> }>>('environments');
    assert.strictEqual(environments?.media.variables.orderId, '4711');
    await waitFor('the warning to go', () => (vscode.languages.getDiagnostics(document.uri).some((x) => x.source === 'Webex Connect') ? undefined : true));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, rangeOf(document, 'orderId').start);
    assert.match(hoverText(hovers), /\{\{orderId\}\}` = [\s\S]*4711[\s\S]*environment \*\*media\*\*/);
  });

  describe('Check Media URLs against a local server', () => {
    let server: Server;
    let base: string;
    const sockets = new Set<import('node:net').Socket>();
    before(async () => {
      server = createServer((req, res) => {
        const path = req.url ?? '';
        if (path === '/ok.jpg') res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '2048' }).end();
        else if (path === '/page.jpg') res.writeHead(200, { 'content-type': 'text/html', 'content-length': '900' }).end();
        else if (path === '/big.jpg') res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(6 * 1024 * 1024) }).end();
        else if (path === '/hop1.jpg') res.writeHead(302, { location: '/hop2.jpg' }).end();
        else if (path === '/hop2.jpg') res.writeHead(301, { location: '/ok.jpg' }).end();
        else if (path === '/nohead.jpg') {
          if (req.method === 'HEAD') res.writeHead(405).end();
          else res.writeHead(206, { 'content-type': 'image/jpeg', 'content-range': 'bytes 0-0/4096', 'content-length': '1' }).end('x');
        } else if (path === '/stall.jpg') {
          // never answers
        } else res.writeHead(404).end();
      });
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await vscode.workspace.getConfiguration('wxc').update('timeoutSeconds', 2, vscode.ConfigurationTarget.Workspace);
    });
    after(async () => {
      await vscode.workspace.getConfiguration('wxc').update('timeoutSeconds', undefined, vscode.ConfigurationTarget.Workspace);
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    });

    const cases: [string, RegExp | undefined, vscode.DiagnosticSeverity | undefined][] = [
      ['/ok.jpg', undefined, undefined],
      ['/page.jpg', /text\/html.*web page/, vscode.DiagnosticSeverity.Error],
      ['/big.jpg', /6 MB.*5 MB/, vscode.DiagnosticSeverity.Error],
      ['/missing.jpg', /HTTP 404/, vscode.DiagnosticSeverity.Error],
      ['/hop1.jpg', /Followed 2 redirects/, vscode.DiagnosticSeverity.Information],
      ['/nohead.jpg', undefined, undefined],
      ['/stall.jpg', /Not reachable: .*2 s/, vscode.DiagnosticSeverity.Error],
    ];
    for (const [path, message, severity] of cases) {
      it(`${path}: ${message ? `reports ${message.source}` : 'reports nothing wrong'}`, async () => {
        const { document } = await open(payloadText('image', { url: `${base}${path}`, mimeType: 'image/jpeg' }));
        const reports = await vscode.commands.executeCommand<{ url: string; findings: { message: string }[] }[]>('wxc.checkMedia', document.uri);
        assert.strictEqual(reports.length, 1);
        const checks = vscode.languages.getDiagnostics(document.uri).filter((d) => d.code === 'media-check');
        if (!message) {
          assert.deepStrictEqual(checks.map(describeDiagnostic), []);
          return;
        }
        assert.ok(checks.some((d) => message.test(d.message) && d.severity === severity), checks.map(describeDiagnostic).join('\n'));
        assert.ok(checks.every((d) => document.getText(d.range) === `"${base}${path}"`), 'on the URL');
      });
    }

    it("an edit takes the check's findings away (they describe the text it ran on), and leaves the payload's own diagnostics", async () => {
      const editor = await open(payloadText('image', { url: `${base}/page.jpg`, mimeType: 'image/jpeg' }));
      const { document } = editor;
      await vscode.commands.executeCommand('wxc.checkMedia', document.uri);
      const mediaChecks = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.code === 'media-check');
      assert.ok(mediaChecks().length > 0, 'the check reported the web page');
      assert.ok(await editor.edit((e) => e.insert(rangeOf(document, '"image/jpeg').end, 'x')));
      assert.deepStrictEqual(mediaChecks().map(describeDiagnostic), [], 'gone with the edit');
      // The payload's own checks still draw what the edit made: a MIME type Send refuses.
      await waitFor('the refused mimeType', () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'Webex Connect' && d.severity === vscode.DiagnosticSeverity.Error && /MIME types/.test(d.message)) ? true : undefined));
    });
  });
});
