import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, configureSending, receiverRunning, workspaceUri } from './helpers';

const workspace = process.env.WXC_TEST_WORKSPACE ?? '';
const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';

/** The corpus (test/fixtures/bad) and its large cases, as the harness laid them into the workspace. */
function corpus(): string[] {
  const list = (dir: string) => readdirSync(join(workspace, dir)).filter((f) => f.endsWith('.wa.jsonc')).map((f) => `${dir}/${f}`);
  return [...list('bad'), ...list('bad-big')];
}

async function requestsSoFar(): Promise<number> {
  return ((await (await fetch(`${sandboxUrl}/messages`)).json()) as { requests: unknown[] }).requests.length;
}

describe('Bad payload files in a real VS Code: a located message, nothing sent, nothing changed', function () {
  this.timeout(120_000);
  let requestsBefore = 0;

  before(async () => {
    // The samples' {{notifyurl}} is the receiver's, as npm start has it.
    await receiverRunning();
    await configureSending({ bad: { baseUrl: sandboxUrl, variables: { WAAppid: 'app', waid: '15550001111' } } });
    await vscode.commands.executeCommand('wxc.selectEnvironment', 'bad');
    await vscode.commands.executeCommand('wxc.setServiceKey', 'bad', testKey);
    requestsBefore = await requestsSoFar();
  });
  afterEach(closeAllEditors);

  const files = workspace ? corpus() : [];
  it('the harness laid out the whole corpus', () => {
    assert.ok(files.length >= 53, `${files.length} files`);
  });

  for (const file of files) {
    it(file, async () => {
      const uri = workspaceUri(...file.split('/'));
      const bytes = readFileSync(uri.fsPath);
      // VS Code refuses to open a binary file as text; Send is still asked to explain it.
      const document = await vscode.workspace.openTextDocument(uri).then(
        (d) => d,
        () => undefined,
      );
      if (document) await vscode.window.showTextDocument(document, { preview: true });
      else assert.strictEqual(file, 'bad/binary.wa.jsonc', 'only the binary file may be refused');
      const outcome = await vscode.commands.executeCommand<{ posted: boolean; result: string; message: string }>('wxc.send', uri);
      assert.strictEqual(outcome.posted, false, outcome.message);
      assert.match(outcome.message, /line \d+, column \d+/, outcome.message);
      assert.ok(['syntax', 'schema', 'variables'].includes(outcome.result), outcome.result);
      assert.ok(readFileSync(uri.fsPath).equals(bytes), 'the file is never modified');
      assert.strictEqual(document?.isDirty ?? false, false);
    });
  }

  it('nothing reached the API, and the extension still sends a good payload', async () => {
    assert.strictEqual(await requestsSoFar(), requestsBefore);
    const outcome = await vscode.commands.executeCommand<{ code?: string; message: string }>('wxc.send', workspaceUri('samples', 'audio.wa.jsonc'));
    assert.strictEqual(outcome.code, '1001', outcome.message);
  });
});
