import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsAtLeast, positionOf, waitFor, workspaceUri } from './helpers';

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';

async function sandboxRequests(): Promise<number> {
  const state = (await (await fetch(`${sandboxUrl}/messages`)).json()) as { requests: unknown[] };
  return state.requests.length;
}

describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(60_000);
  afterEach(closeAllEditors);

  it('the workspace is not trusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  it('Send Message is off, says why, and nothing reaches the network', async () => {
    const before = await sandboxRequests();
    const uri = workspaceUri('samples', 'image.wa.jsonc');
    await vscode.window.showTextDocument(uri);
    const outcome = await vscode.commands.executeCommand<{ posted: boolean; result: string; message: string }>('wxc.send', uri);
    assert.strictEqual(outcome.posted, false);
    assert.strictEqual(outcome.result, 'restricted');
    assert.match(outcome.message, /off in Restricted Mode.*Trust the workspace/);
    assert.strictEqual(await sandboxRequests(), before);
  });

  it('Check Media URLs is off', async () => {
    const uri = workspaceUri('samples', 'image.wa.jsonc');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.checkMedia', uri), undefined);
  });

  it('the CodeLens says sending is off instead of offering it', async () => {
    const uri = workspaceUri('samples', 'image.wa.jsonc');
    await vscode.window.showTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    assert.deepStrictEqual(
      lenses.map((l) => l.command?.title),
      ['$(shield) Sending is off in Restricted Mode'],
    );
  });

  it('the workspace\'s own wxc.environments is ignored (it could point the key anywhere)', async () => {
    // The harness gave this workspace a .vscode/settings.json with an environment "hostile".
    const file = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('.vscode', 'settings.json')));
    assert.match(file, /"hostile"/, 'the workspace does define it');
    assert.strictEqual(vscode.workspace.getConfiguration('wxc').inspect<Record<string, unknown>>('environments')?.workspaceValue, undefined);
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'hostile'), undefined);
  });

  it('authoring still works: schema diagnostics, hovers and the scaffold', async () => {
    const invalid = await vscode.workspace.openTextDocument(workspaceUri('invalid.wa.jsonc'));
    await vscode.window.showTextDocument(invalid);
    const diagnostics = await diagnosticsAtLeast(invalid.uri, 4);
    assert.ok(diagnostics.some((d) => /no caption on audio/.test(d.message)));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', invalid.uri, positionOf(invalid, '"url"', 2));
    assert.ok(hovers.length > 0);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('wxc.newMessage', 'video');
    assert.ok(uri);
    await waitFor('the scaffold', () => (vscode.window.activeTextEditor?.document.getText().includes('"type": "video"') ? true : undefined));
  });
});
