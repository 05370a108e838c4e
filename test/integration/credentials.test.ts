/**
 * Credentials in a real VS Code: a JWT environment sending to the sandbox that checks JWTs (the
 * secret in secret storage, a token per send, no key), and a workspace's keyFromEnv, which is
 * ignored with an explanation while the same name in the user settings is honoured.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, configureSending, receiverRunning, sleep, workspaceUri } from './helpers';
import type { SendOutcome } from '../../src/editor/send';

interface SandboxState {
  messages: { transid: string; payload: Record<string, unknown> }[];
  requests: { keyPresent: boolean; code: string }[];
}

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const jwtSandboxUrl = process.env.WXC_TEST_JWT_SANDBOX_URL ?? '';
const serviceId = process.env.WXC_TEST_SERVICE_ID ?? '';
const serviceSecret = process.env.WXC_TEST_SERVICE_SECRET ?? '';
const variables = { WAAppid: 'it-app-42', waid: '15550009876' };

const state = async (base: string): Promise<SandboxState> => (await (await fetch(`${base}/messages`)).json()) as SandboxState;
const reset = (base: string) => fetch(`${base}/messages`, { method: 'DELETE' });
const send = (uri: vscode.Uri) => vscode.commands.executeCommand<SendOutcome>('wxc.send', uri);

describe('Credentials: a JWT environment and keys from the process environment', function () {
  this.timeout(60_000);

  before(() => {
    assert.ok(sandboxUrl && jwtSandboxUrl && serviceId && serviceSecret, 'the harness passes the sandboxes, the service id and secret');
  });
  beforeEach(async () => {
    await reset(sandboxUrl);
    await reset(jwtSandboxUrl);
  });
  // The samples' {{notifyurl}} is the receiver's, as npm start has it.
  before(receiverRunning);
  afterEach(closeAllEditors);

  describe('a JWT environment', () => {
    before(async () => {
      await configureSending({
        jwt: { baseUrl: jwtSandboxUrl, auth: 'jwt', serviceId, variables },
        appid: { baseUrl: jwtSandboxUrl, auth: 'jwt', serviceId: variables.WAAppid, variables },
      });
      assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceSecret', 'jwt', serviceSecret), true);
      assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceSecret', 'appid', serviceSecret), true);
      assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'jwt'), 'jwt');
    });

    it('sends once with a JWT the sandbox accepts, without a key header', async () => {
      const outcome = await send(workspaceUri('samples', 'image.wa.jsonc'));
      assert.strictEqual(outcome.code, '1001', outcome.message);
      const s = await state(jwtSandboxUrl);
      assert.strictEqual(s.messages.length, 1);
      assert.strictEqual(s.messages[0].payload.appid, variables.WAAppid);
      assert.deepStrictEqual(s.requests.map((r) => [r.keyPresent, r.code]), [[false, '1001']]);
    });

    it('a secret that is not Base64 is refused and not stored: the stored one still sends', async () => {
      assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceSecret', 'jwt', 'not base64!'), false);
      const outcome = await send(workspaceUri('samples', 'video.wa.jsonc'));
      assert.strictEqual(outcome.code, '1001', outcome.message);
    });

    it('a JWT issued by the app id gets 7001 with the JWT\'s likely causes', async () => {
      await vscode.commands.executeCommand('wxc.selectEnvironment', 'appid');
      try {
        const outcome = await send(workspaceUri('samples', 'image.wa.jsonc'));
        assert.strictEqual(outcome.code, '7001');
        assert.match(outcome.message, /JWT was refused.*Base64.*serviceId.*not the app id/s);
        assert.strictEqual((await state(jwtSandboxUrl)).messages.length, 0);
      } finally {
        await vscode.commands.executeCommand('wxc.selectEnvironment', 'jwt');
      }
    });

    it('Copy as cURL reads the token from $WXC_JWT: no token, no secret, no key header', async () => {
      const command = await vscode.commands.executeCommand<string>('wxc.copyAsCurl', workspaceUri('samples', 'document.wa.jsonc'));
      assert.match(command, /-H "Authorization: Bearer \$WXC_JWT"/);
      assert.ok(!/key:/.test(command), command);
      assert.ok(!command.includes(serviceSecret) && !/eyJ[\w-]+\./.test(command), command);
      assert.strictEqual(await vscode.env.clipboard.readText(), command);
    });

    it('Copy as Code in every language reads the token from WXC_JWT: no token, secret, decoded secret or key; each copy is left in the workspace for the sweep', async () => {
      // A send first, so a token was minted in this window (the sweep looks for every one minted).
      assert.strictEqual((await send(workspaceUri('samples', 'image.wa.jsonc'))).code, '1001');
      const decoded = Buffer.from(serviceSecret, 'base64').toString('utf8');
      const folder = workspaceUri('.copied-code-jwt');
      for (const language of ['curl', 'node', 'python', 'php', 'csharp', 'java', 'go']) {
        const code = await vscode.commands.executeCommand<string | undefined>('wxc.copyAsCode', workspaceUri('samples', 'document.wa.jsonc'), language);
        assert.ok(code && code.includes('WXC_JWT') && code.includes(`${jwtSandboxUrl}/resources/v1/messaging`), `${language}: ${code}`);
        assert.ok(!code.includes('WXC_SERVICE_KEY') && !/\bkey\b["']?\s*[:,]/.test(code), `${language} sends a key: ${code}`);
        for (const secret of [serviceSecret, decoded]) assert.ok(!code.includes(secret), `${language}: the service secret is in the code`);
        assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(code), `${language}: a token is in the code`);
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, `${language}.txt`), Buffer.from(await vscode.env.clipboard.readText()));
      }
    });

    it('a JWT environment without a secret asks for one, and sends nothing when dismissed', async () => {
      await vscode.commands.executeCommand('wxc.clearServiceSecret', 'jwt');
      try {
        const pending = send(workspaceUri('samples', 'image.wa.jsonc'));
        await sleep(1000);
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        const outcome = await pending;
        assert.strictEqual(outcome.result, 'no-key', outcome.message);
        assert.match(outcome.message, /no service secret.*Set Service Secret/);
        assert.strictEqual((await state(jwtSandboxUrl)).requests.length, 0);
      } finally {
        await vscode.commands.executeCommand('wxc.setServiceSecret', 'jwt', serviceSecret);
      }
    });
  });

  describe('keyFromEnv', () => {
    it('named in the workspace settings, it is ignored with an explanation: the variable is not read', async () => {
      // WXC_SANDBOX_KEY holds the sandbox's key in this VS Code's process environment.
      await configureSending({ ws: { baseUrl: sandboxUrl, keyFromEnv: 'WXC_SANDBOX_KEY', variables } });
      await vscode.commands.executeCommand('wxc.clearServiceKey', 'ws');
      assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'ws'), 'ws');
      const pending = send(workspaceUri('samples', 'image.wa.jsonc'));
      await sleep(1000);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      const outcome = await pending;
      assert.strictEqual(outcome.result, 'no-key', outcome.message);
      assert.match(outcome.message, /"keyFromEnv" of environment "ws" is ignored: it is in the workspace settings, and only your user settings may name an environment variable/);
      assert.strictEqual((await state(sandboxUrl)).requests.length, 0);
    });

    it('a workspace naming another variable for the user\'s environment is ignored: the user\'s variable is read', async () => {
      // WXC_TEST_WEBHOOK_SECRET is set in this VS Code's process too, to something that is not the key.
      await configureSending({ sandbox: { keyFromEnv: 'WXC_TEST_WEBHOOK_SECRET' } });
      try {
        await vscode.commands.executeCommand('wxc.clearServiceKey', 'sandbox');
        assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'sandbox'), 'sandbox');
        const outcome = await send(workspaceUri('samples', 'text.wa.jsonc'));
        assert.strictEqual(outcome.code, '1001', outcome.message);
      } finally {
        await configureSending({});
      }
    });

    it('secretFromEnv in the user settings signs the JWT with the variable\'s secret; in the workspace settings it is ignored', async () => {
      const config = vscode.workspace.getConfiguration('wxc');
      const user = config.inspect<Record<string, unknown>>('environments')?.globalValue ?? {};
      const entry = { baseUrl: jwtSandboxUrl, auth: 'jwt', serviceId, secretFromEnv: 'WXC_TEST_SERVICE_SECRET', variables };
      await config.update('environments', { ...user, userjwt: entry }, vscode.ConfigurationTarget.Global);
      try {
        await configureSending({ wsjwt: entry });
        await vscode.commands.executeCommand('wxc.clearServiceSecret', 'userjwt');
        await vscode.commands.executeCommand('wxc.clearServiceSecret', 'wsjwt');
        assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'userjwt'), 'userjwt');
        const sent = await send(workspaceUri('samples', 'image.wa.jsonc'));
        assert.strictEqual(sent.code, '1001', sent.message);
        assert.deepStrictEqual((await state(jwtSandboxUrl)).requests.map((r) => [r.keyPresent, r.code]), [[false, '1001']]);

        assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'wsjwt'), 'wsjwt');
        const pending = send(workspaceUri('samples', 'image.wa.jsonc'));
        await sleep(1000);
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        const refused = await pending;
        assert.strictEqual(refused.result, 'no-key', refused.message);
        assert.match(refused.message, /"secretFromEnv" of environment "wsjwt" is ignored: it is in the workspace settings/);
        assert.strictEqual((await state(jwtSandboxUrl)).requests.length, 1);
      } finally {
        await config.update('environments', Object.keys(user).length > 0 ? user : undefined, vscode.ConfigurationTarget.Global);
        await configureSending({});
      }
    });

    it('the same name in the user settings ("sandbox", as npm start defines it) is honoured', async () => {
      await configureSending({});
      await vscode.commands.executeCommand('wxc.clearServiceKey', 'sandbox');
      assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'sandbox'), 'sandbox');
      const outcome = await send(workspaceUri('samples', 'text.wa.jsonc'));
      assert.strictEqual(outcome.code, '1001', outcome.message);
      assert.deepStrictEqual((await state(sandboxUrl)).requests.map((r) => r.keyPresent), [true]);
    });
  });
});
