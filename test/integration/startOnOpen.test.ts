/**
 * `npm start`'s promise: a newcomer sees the customer's replies with nothing to configure. The
 * harness (scripts/test-integration.mjs, suite `start-on-open`) opens a folder with one payload in
 * a VS Code whose user settings hold npm start's "sandbox" environment and
 * `wxc.deliveryReceiver.startOnOpen: true`. Nothing here starts the receiver or activates the
 * extension: it activates on the folder's payload, starts the receiver, and registers it as the
 * sandbox's webhook; a message the customer writes through the sandbox's HTTP interface then shows
 * in the Conversations view. (A workspace's `true` is ignored: test/unit/editor/receiverStartOnOpen.test.ts.)
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, sendsShown, waitFor } from './helpers';

interface Api {
  conversationsView: vscode.TreeDataProvider<unknown>;
}

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
/** The waid of npm start's "sandbox" environment. */
const WAID = '15550001234';

describe('Start on open: the receiver runs once VS Code is up', function () {
  this.timeout(60_000);

  it('activates on the payload, starts the receiver, points the sandbox at it, and shows what the customer writes', async () => {
    assert.ok(sandboxUrl, 'the harness passes WXC_TEST_SANDBOX_URL');
    const inspected = vscode.workspace.getConfiguration('wxc').inspect<boolean>('deliveryReceiver.startOnOpen');
    assert.strictEqual(inspected?.globalValue, true, 'the harness sets it in the user settings');
    assert.strictEqual(inspected?.workspaceValue, undefined);
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    // Activated by the folder's payload (workspaceContains), not by this test.
    await waitFor('the extension activated by the workspace', () => (extension.isActive ? true : undefined), 30_000);
    const api = extension.exports;
    const webhook = await waitFor(
      "the sandbox's webhook set by the editor",
      async () => {
        const answer = (await (await fetch(`${sandboxUrl}/sandbox/webhook`)).json()) as { url: string | null };
        return answer.url ?? undefined;
      },
      20_000,
    );
    assert.match(webhook, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{16,}\/sandbox$/);
    const text = `Hello from a newcomer's customer <b>${Date.now()}</b>`;
    const posted = await fetch(`${sandboxUrl}/sandbox/customers/${WAID}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    assert.strictEqual(posted.status, 202, await posted.text());
    const row = await waitFor(
      "the customer's message in the Conversations view",
      async () => {
        const rows = await sendsShown(api.conversationsView, undefined, 3);
        const customer = rows.find((r) => r.label.startsWith(WAID));
        return customer?.children.some((c) => c.label === text) ? customer : undefined;
      },
      15_000,
    );
    assert.strictEqual(row.children.filter((c) => c.label === text).length, 1, JSON.stringify(row));
  });
});
