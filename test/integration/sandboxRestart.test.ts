/**
 * A sandbox stopped and started again on its own (the `npm start` flow, or `wxc sandbox` run
 * again) forgets its webhook. In a real VS Code against a real sandbox this test owns: the editor
 * sees the restart by the sandbox's instance and registers its receiver again, on its own and after
 * a send, so what the customer writes and taps keeps reaching the Conversations view; a webhook
 * cleared on the same running sandbox is left as it was set.
 */
import * as assert from 'node:assert';
import { request as httpRequest } from 'node:http';
import * as vscode from 'vscode';
import type { ConversationsApi } from '../../src/editor/conversations';
import type { SendOutcome } from '../../src/editor/send';
import { RECONNECT_EVERY_MS } from '../../src/editor/sandboxLink';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { EXTENSION_ID, closeAllEditors, configureSending, sleep, waitFor, workspaceUri } from './helpers';

const KEY = 'restart-suite-key-5e1d';
const WAID = '15550106001';
const APP_ID = 'it-restart-app';

interface Api {
  conversations: ConversationsApi;
}

const replyPayload = JSON.stringify({
  deliverychannel: 'whatsapp',
  appid: '{{WAAppid}}',
  destination: [{ waid: ['{{waid}}'] }],
  notifyurl: '{{notifyurl}}',
  channels: {
    'OTT-Messaging': {
      wa: { type: 'reply', reply: { body: { text: 'Still on for Friday?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes, Friday' } }] } } },
    },
  },
});

describe('A sandbox restarted on its own', function () {
  this.timeout(120_000);
  let api: Api;
  let sandbox: Sandbox;
  let port = 0;
  let receiverUrl = '';

  /**
   * The test's own calls to the sandbox, each on a connection of its own: a pooled keep-alive
   * socket to the sandbox before its restart (same port) could be picked just as it closes.
   */
  const call = (method: string, path: string, body?: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${sandbox.url}${path}`, { method, agent: false, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const webhook = async (): Promise<string | null> => (JSON.parse((await call('GET', '/sandbox/webhook')).text) as { url: string | null }).url;
  const restart = async (): Promise<void> => {
    await sandbox.close();
    sandbox = await startSandbox({ port, serviceKey: KEY, deliveryDelayMs: 20 });
    assert.strictEqual(await webhook(), null, 'a restarted sandbox starts without a webhook');
  };
  const write = (body: Record<string, unknown>): Promise<{ status: number; text: string }> => {
    return call('POST', `/sandbox/customers/${WAID}/messages`, JSON.stringify(body));
  };
  const send = async (): Promise<SendOutcome> => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('restart-reply.wa.jsonc').with({ scheme: 'untitled' }));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), replyPayload));
    const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri);
    assert.strictEqual(outcome.result, 'queued', outcome.message);
    return outcome;
  };

  before(async () => {
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    sandbox = await startSandbox({ port: 0, serviceKey: KEY, deliveryDelayMs: 20 });
    port = sandbox.port;
    await configureSending({ restartbox: { baseUrl: sandbox.url, variables: { WAAppid: APP_ID, waid: WAID } } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'restartbox'), 'restartbox');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'restartbox', KEY), true);
    const started = await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver');
    assert.ok(started?.notifyUrl, 'the receiver runs');
    receiverUrl = started.notifyUrl;
    assert.strictEqual(await waitFor('the first registration', async () => ((await webhook()) === receiverUrl ? true : undefined)), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('wxc.stopReceiver');
    await closeAllEditors();
    await sandbox.close();
  });

  it('registers the receiver again on its own, so what the customer writes after the restart reaches their conversation', async () => {
    await restart();
    // Nothing is sent and nothing is tapped: the editor looks every RECONNECT_EVERY_MS.
    await waitFor('the receiver registered again', async () => ((await webhook()) === receiverUrl ? true : undefined), RECONNECT_EVERY_MS + 10_000);
    const text = `back after the restart <i>${Date.now()}</i>`;
    const wrote = await write({ text });
    assert.strictEqual(wrote.status, 202, wrote.text);
    await waitFor('the message in the conversation', () =>
      api.conversations.conversation(WAID)?.items.some((i) => i.kind === 'received' && i.event.type === 'message' && i.event.text === text) ? true : undefined,
    );
  });

  it('after a send to a restarted sandbox, the customer\'s tap on it reaches the conversation, joined to that send by its title', async () => {
    await restart();
    const outcome = await send();
    await waitFor('the receiver registered again', async () => ((await webhook()) === receiverUrl ? true : undefined));
    const tapped = await write({ transid: outcome.transid, buttonPayload: 'yes' });
    assert.strictEqual(tapped.status, 202, tapped.text);
    const tap = await waitFor('the tap in the conversation', () => api.conversations.conversation(WAID)?.items.find((i) => i.kind === 'tap' && i.event.transid === outcome.transid));
    assert.ok(tap.kind === 'tap');
    assert.strictEqual(tap.title, 'Yes, Friday');
    assert.strictEqual(tap.send?.transid, outcome.transid, 'joined to the send that carried the button');
  });

  it('a webhook cleared on the same running sandbox stays cleared: a send does not set it again', async () => {
    assert.strictEqual(await webhook(), receiverUrl);
    const cleared = await call('DELETE', '/sandbox/webhook');
    assert.strictEqual(cleared.status, 204);
    await send();
    // The send (and each of its reports) makes the editor look; give the reports time to come.
    await sleep(1500);
    assert.strictEqual(await webhook(), null, 'left as it was set');
    const wrote = await write({ text: 'nobody listens' });
    assert.strictEqual(wrote.status, 409, wrote.text);
  });
});
