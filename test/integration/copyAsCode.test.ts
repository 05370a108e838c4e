/** Copy as Code… in a real VS Code: the pick of languages, the clipboard, and the copied code run against the sandbox. */
import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, configureSending, sleep, workspaceUri } from './helpers';

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const variables = { WAAppid: 'it-code-app-7', waid: '15550004321' };

const copyAsCode = (uri: vscode.Uri, language?: string) => vscode.commands.executeCommand<string | undefined>('wxc.copyAsCode', uri, language);

interface SandboxState {
  messages: { payload: Record<string, unknown> }[];
  requests: { keyValid: boolean }[];
}

async function sandbox(): Promise<SandboxState> {
  return (await (await fetch(`${sandboxUrl}/messages`)).json()) as SandboxState;
}

/** Runs a Node script with only PATH and `env` in its environment; resolves to its exit code and output. */
function runNode(code: string, env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'wxc-it-code-'));
  writeFileSync(join(dir, 'request.js'), code);
  return new Promise((done) => {
    const child = spawn(process.execPath, ['request.js'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (status) => {
      rmSync(dir, { recursive: true, force: true });
      done({ status, out });
    });
  });
}

describe('Copy as Code… from a real VS Code', function () {
  this.timeout(60_000);

  before(async () => {
    assert.ok(sandboxUrl && testKey, 'the harness passes WXC_TEST_SANDBOX_URL and WXC_TEST_SERVICE_KEY');
    await configureSending({ code: { baseUrl: sandboxUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'code'), 'code');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'code', testKey), true);
  });
  beforeEach(() => fetch(`${sandboxUrl}/messages`, { method: 'DELETE' }));
  afterEach(closeAllEditors);

  it('copies the resolved payload as Python: the endpoint, os.environ["WXC_SERVICE_KEY"], never the key', async () => {
    const code = await copyAsCode(workspaceUri('samples', 'document.wa.jsonc'), 'python');
    assert.ok(code, 'nothing was copied');
    assert.strictEqual(await vscode.env.clipboard.readText(), code);
    assert.ok(code.includes(`url = "${sandboxUrl}/resources/v1/messaging"`), code);
    assert.ok(code.includes('"key": os.environ["WXC_SERVICE_KEY"]'), code);
    assert.ok(code.includes(variables.WAAppid) && !code.includes('{{') && !code.includes('$schema'), code);
    assert.ok(!code.includes(testKey));
  });

  it('every language is copied, and each copy is written into the workspace for the harness\'s secret sweep', async () => {
    const languages = ['curl', 'node', 'python', 'php', 'csharp', 'java', 'go'];
    const folder = workspaceUri('.copied-code');
    for (const language of languages) {
      const code = await copyAsCode(workspaceUri('samples', 'audio.wa.jsonc'), language);
      assert.ok(code && code.includes(`${sandboxUrl}/resources/v1/messaging`), `${language}: ${code}`);
      assert.ok(code.includes('WXC_SERVICE_KEY') && !code.includes(testKey), language);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, `${language}.txt`), Buffer.from(await vscode.env.clipboard.readText()));
    }
  });

  it('an environment with "auth": "jwt": Authorization: Bearer read from WXC_JWT, no key header', async () => {
    await configureSending({ code: { baseUrl: sandboxUrl, variables }, signed: { baseUrl: sandboxUrl, auth: 'jwt', serviceId: 'it-service-9', variables } });
    try {
      assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'signed'), 'signed');
      const code = await copyAsCode(workspaceUri('samples', 'image.wa.jsonc'), 'go');
      assert.ok(code, 'nothing was copied');
      assert.ok(code.includes('req.Header.Add("Authorization", "Bearer " + os.Getenv("WXC_JWT"))'), code);
      assert.ok(!code.includes('WXC_SERVICE_KEY') && !code.includes('"key"') && !code.includes(testKey), code);
    } finally {
      await configureSending({ code: { baseUrl: sandboxUrl, variables } });
      await vscode.commands.executeCommand('wxc.selectEnvironment', 'code');
    }
  });

  it('the pick offers the language used last first, and copies what is picked', async () => {
    await copyAsCode(workspaceUri('samples', 'image.wa.jsonc'), 'go');
    const pending = copyAsCode(workspaceUri('samples', 'image.wa.jsonc'));
    await sleep(800);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const code = await pending;
    assert.ok(code?.startsWith('package main\n'), code);
    assert.strictEqual(await vscode.env.clipboard.readText(), code);
  });

  it('a payload Send refuses is not copied', async () => {
    await vscode.env.clipboard.writeText('before');
    const uri = workspaceUri('scratch-undefined.wa.jsonc').with({ scheme: 'untitled' });
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const text = (await vscode.workspace.openTextDocument(workspaceUri('samples', 'image.wa.jsonc'))).getText().replace('"{{waid}}"', '"{{nobody}}"');
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), text));
    assert.strictEqual(await copyAsCode(document.uri, 'node'), undefined);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'before');
  });

  it('the copied Node code runs unchanged against the sandbox, the key only in its environment: one message', async () => {
    const code = await copyAsCode(workspaceUri('samples', 'video.wa.jsonc'), 'node');
    assert.ok(code && !code.includes(testKey));
    const run = await runNode(await vscode.env.clipboard.readText(), { WXC_SERVICE_KEY: testKey });
    assert.strictEqual(run.status, 0, run.out);
    const state = await sandbox();
    assert.strictEqual(state.requests.length, 1);
    assert.ok(state.requests[0].keyValid);
    assert.strictEqual(state.messages.length, 1);
    assert.strictEqual(state.messages[0].payload.appid, variables.WAAppid);
  });
});
