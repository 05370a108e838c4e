/**
 * Tapping as the customer in the preview, in a real VS Code against the real sandbox: the editor
 * registers its delivery receiver as the sandbox's customers' webhook; a reply-button message sent
 * to the sandbox can be tapped in the preview, and the sandbox gets the postback of that message;
 * with an environment that is not the sandbox, the same buttons stay inert.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ConversationsApi } from '../../src/editor/conversations';
import type { SendOutcome } from '../../src/editor/send';
import { EXTENSION_ID, askPage, closeAllEditors, configureSending, sleep, waitFor, workspaceUri } from './helpers';

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const WAID = '15550004242';

const replyPayload = JSON.stringify(
  {
    deliverychannel: 'whatsapp',
    appid: 'it-tap-app',
    destination: [{ waid: [WAID] }],
    channels: {
      'OTT-Messaging': {
        wa: {
          type: 'reply',
          reply: {
            body: { text: 'Shall we deliver tomorrow?' },
            action: { buttons: [{ type: 'reply', reply: { id: 'tap-yes', title: 'Yes please' } }, { type: 'reply', reply: { id: 'tap-no', title: 'No' } }] },
          },
        },
      },
    },
  },
  null,
  2,
);

async function sandboxJson(path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(sandboxUrl + path)).json()) as Record<string, unknown>;
}

describe('Preview taps in the sandbox', function () {
  this.timeout(90_000);

  before(async () => {
    assert.ok(sandboxUrl && testKey, 'the harness passes WXC_TEST_SANDBOX_URL and WXC_TEST_SERVICE_KEY');
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await configureSending({ tapbox: { baseUrl: sandboxUrl, variables: {} }, elsewhere: { region: 'eu', variables: {} } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'tapbox'), 'tapbox');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'tapbox', testKey), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('wxc.stopReceiver');
    await closeAllEditors();
  });

  it('registers the receiver as the sandbox\'s webhook, lets the preview tap a sent message\'s buttons, and keeps them inert elsewhere', async () => {
    const started = await vscode.commands.executeCommand<{ port: number; notifyUrl?: string }>('wxc.startReceiver');
    assert.ok(started?.notifyUrl, 'the receiver runs');
    const registered = await waitFor('the sandbox webhook', async () => {
      const hook = await sandboxJson('/sandbox/webhook');
      return typeof hook.url === 'string' && hook.url.includes(`:${started.port}/`) ? hook.url : undefined;
    });
    assert.strictEqual(registered, started.notifyUrl, 'the receiver\'s URL for this environment');

    const uri = workspaceUri('tap-me.wa.jsonc').with({ scheme: 'untitled' });
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), replyPayload));
    await vscode.commands.executeCommand('wxc.openPreviewToSide', document.uri);
    const before = await waitFor('the preview', async () => {
      const page = await askPage('preview');
      return page.quickReplies.length === 2 ? page : undefined;
    });
    assert.deepStrictEqual(before.tappable, [], 'nothing was sent yet: the buttons are inert');

    const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri);
    assert.strictEqual(outcome.result, 'queued', outcome.message);
    const after = await waitFor('tappable buttons', async () => {
      const page = await askPage('preview');
      return page.tappable.length === 2 ? page : undefined;
    });
    assert.deepStrictEqual(after.tappable.map((t) => t.trim()), ['↩ Yes please', '↩ No']);

    await askPage('preview', 'tap-reply-0');
    const events = await waitFor('the postback in the sandbox', async () => {
      const customer = await sandboxJson(`/sandbox/customers/${WAID}`);
      const list = customer.events as { event: Record<string, unknown> }[];
      return list.length > 0 ? list : undefined;
    });
    assert.strictEqual(events.length, 1, 'one tap, one event');
    assert.deepStrictEqual(
      { event: events[0].event.event, transid: events[0].event.transid, buttonPayload: events[0].event.buttonPayload, buttonText: events[0].event.buttonText, appId: events[0].event.appId },
      { event: 'postback', transid: `${outcome.transid}_0`, buttonPayload: 'tap-yes', buttonText: 'Yes please', appId: 'it-tap-app' },
    );
    // The sandbox posted it to the editor's receiver: the conversation shows the tap, joined to the send by its title.
    const api = vscode.extensions.getExtension<{ conversations: ConversationsApi }>(EXTENSION_ID)?.exports;
    assert.ok(api);
    const tap = await waitFor('the tap in the conversation', () => api.conversations.conversation(WAID)?.items.find((i) => i.kind === 'tap'));
    assert.ok(tap.kind === 'tap');
    assert.deepStrictEqual({ title: tap.title, send: tap.send?.transid }, { title: 'Yes please', send: outcome.transid });

    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'elsewhere'), 'elsewhere');
    const inert = await waitFor('inert buttons', async () => {
      const page = await askPage('preview');
      return page.tappable.length === 0 ? page : undefined;
    });
    assert.strictEqual(inert.quickReplies.length, 2, 'the buttons are still shown');
    await askPage('preview', 'tap-reply-0');
    await sleep(1000);
    assert.strictEqual(((await sandboxJson(`/sandbox/customers/${WAID}`)).events as unknown[]).length, 1, 'an inert button taps nothing');
    // The sandbox is no longer active: the editor takes back the webhook it registered.
    await waitFor('the webhook cleared', async () => ((await sandboxJson('/sandbox/webhook')).url === null ? true : undefined));
  });
});
