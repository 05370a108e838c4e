/**
 * The customer's events in a real VS Code: a reply-button message sent to the real sandbox, then
 * the customer's message and tap posted to the running receiver as Webex Connect's app webhook
 * posts them; both reach `conversation(waid)` (the extension's exported API, which the
 * conversations view and Send read), the tap joined to the send that carried it, the window open
 * for 24 hours, hostile text kept as text; a stranger's message kept apart; the inbound URL copied.
 * And the editor's stores with the receiver over workspace state whose writes fail: 500, then the
 * retry stored.
 */
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startReceiver } from '../../src/core/delivery/receiver';
import { deliveryReportBody } from '../../src/core/delivery/reports';
import { moEventBody, postbackEventBody } from '../../src/core/inbound/bodies';
import { Conversations, type ConversationsApi } from '../../src/editor/conversations';
import { SendHistory } from '../../src/editor/history';
import type { SendOutcome } from '../../src/editor/send';
import { projectRoot } from '../unit/helpers/paths';
import { EXTENSION_ID, closeAllEditors, configureSending, waitFor, workspaceUri } from './helpers';

interface Api {
  conversations: ConversationsApi;
}

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const WAID = '15550004321';
const variables = { WAAppid: 'it-app-42', waid: WAID };
const HOSTILE = '\u001b[2K\u202Egnp.exe <img src=x onerror=alert(1)> {{waid}} "quoted"';

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('Conversations: the customer\'s messages and taps in a real VS Code', function () {
  this.timeout(60_000);
  let api: Api;
  let notifyUrl = '';
  let transid = '';

  before(async () => {
    assert.ok(sandboxUrl && testKey, 'the harness passes WXC_TEST_SANDBOX_URL and WXC_TEST_SERVICE_KEY');
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    assert.ok(api.conversations, 'the extension exports the conversations');
    await configureSending({ test: { baseUrl: sandboxUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'test'), 'test');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey), true);
    await vscode.commands.executeCommand('wxc.clearWebhookSecret', 'test');
    const started = await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver');
    notifyUrl = started?.notifyUrl ?? '';
    assert.ok(notifyUrl);
  });

  after(async () => {
    await vscode.commands.executeCommand('wxc.stopReceiver');
    await closeAllEditors();
  });

  it('a reply-button message sent to the customer is their conversation\'s first item, the window unknown', async () => {
    const sample = readFileSync(join(projectRoot, 'samples', 'reply.wa.jsonc'), 'utf8');
    const document = await vscode.workspace.openTextDocument(workspaceUri('conversation.wa.jsonc').with({ scheme: 'untitled' }));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), sample));
    const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri);
    assert.strictEqual(outcome.result, 'queued', outcome.message);
    transid = outcome.transid ?? '';
    const conversation = await waitFor('the send in the conversation', () => api.conversations.conversation(WAID));
    assert.strictEqual(conversation.items[0].kind, 'sent');
    assert.strictEqual(conversation.sentTo, true);
    assert.deepStrictEqual(api.conversations.windowOf(WAID), { state: 'unknown' });
  });

  it('the customer\'s message posted to the receiver shows in conversation(waid) as it was written, and opens the window for 24 hours', async () => {
    let changes = 0;
    const listening = api.conversations.onDidChange(() => changes++);
    const at = new Date(Date.now() - 60_000).toISOString();
    try {
      const res = await post(notifyUrl, moEventBody({ waid: WAID, appId: variables.WAAppid, username: 'Asha', at }, { text: HOSTILE }));
      assert.strictEqual(res.status, 200);
      // Answered 200 once stored: it is there without waiting.
      const conversation = api.conversations.conversation(`+${WAID}`);
      const received = conversation?.items.find((i) => i.kind === 'received');
      assert.ok(received && received.kind === 'received' && received.event.type === 'message', JSON.stringify(conversation?.items));
      assert.strictEqual(received.event.type === 'message' && received.event.text, HOSTILE);
      assert.strictEqual(conversation?.name, 'Asha');
      assert.ok(changes > 0, 'onDidChange fired');
    } finally {
      listening.dispose();
    }
    assert.deepStrictEqual(api.conversations.windowOf(WAID), { state: 'open', until: new Date(Date.parse(at) + 86_400_000).toISOString() });
    assert.deepStrictEqual(api.conversations.windowOf(WAID, Date.parse(at) + 86_400_000), { state: 'closed', since: new Date(Date.parse(at) + 86_400_000).toISOString() });
  });

  it('a tap on the message\'s button is joined to that send and named by its title; the same post again is kept once', async () => {
    const body = postbackEventBody({ waid: WAID, appId: variables.WAAppid }, { transid, buttonPayload: 'reschedule', buttonText: 'Reschedule' });
    assert.strictEqual((await post(notifyUrl, body)).status, 200);
    assert.strictEqual((await post(notifyUrl, body)).status, 200);
    const taps = (api.conversations.conversation(WAID)?.items ?? []).filter((i) => i.kind === 'tap');
    assert.strictEqual(taps.length, 1);
    const tap = taps[0];
    assert.ok(tap.kind === 'tap');
    assert.strictEqual(tap.title, 'Reschedule');
    assert.strictEqual(tap.send?.transid, transid);
    assert.strictEqual(tap.send?.messageType, 'reply');
  });

  it('a stranger\'s message is kept, as a conversation of a customer nobody sent to', async () => {
    assert.strictEqual((await post(notifyUrl, moEventBody({ waid: '15559990000', appId: variables.WAAppid }, { text: 'who is this?' }))).status, 200);
    const stranger = api.conversations.conversations().find((c) => c.waid === '15559990000');
    assert.ok(stranger);
    assert.strictEqual(stranger.sentTo, false);
    assert.strictEqual(api.conversations.conversations().find((c) => c.waid === WAID)?.sentTo, true);
  });

  it('Copy Inbound Webhook URL copies the environment\'s receiver URL (the sandbox environment: this machine)', async () => {
    const url = await vscode.commands.executeCommand<string>('wxc.copyInboundUrl');
    assert.strictEqual(url, notifyUrl);
    assert.strictEqual(await vscode.env.clipboard.readText(), notifyUrl);
  });
});

/** Workspace state whose writes fail while `failing` is set (a full disk), else kept in memory. */
class FlakyState implements vscode.Memento {
  failing = true;
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (this.failing) return Promise.reject(new Error('disk full'));
    this.values.set(key, JSON.parse(JSON.stringify(value ?? null)));
    return Promise.resolve();
  }
}

describe('Conversations: a report or event is answered 200 only once stored', function () {
  this.timeout(30_000);

  it('a write that fails is answered 500, and Webex Connect\'s retry is stored then (not taken for a repeat)', async () => {
    const state = new FlakyState();
    const history = new SendHistory(state);
    const conversations = new Conversations(state, history);
    const receiver = await startReceiver({ secretFor: () => undefined, onReport: (r, meta) => history.addReport(r, meta), onEvent: (e) => conversations.addEvent(e) });
    try {
      const event = moEventBody({ waid: '15550007777', appId: 'a' }, { text: 'are you there?' });
      const report = JSON.parse(deliveryReportBody({ transid: 'unknown-send', destination: '15550007777', state: 'Read', code: '7502' })) as unknown;
      assert.strictEqual((await post(receiver.localBaseUrl, event)).status, 500);
      assert.strictEqual((await post(receiver.localBaseUrl, report)).status, 500);
      assert.strictEqual(conversations.conversation('15550007777'), undefined, 'what was not written is not shown');
      assert.deepStrictEqual(history.unmatched(), []);
      state.failing = false;
      assert.strictEqual((await post(receiver.localBaseUrl, event)).status, 200);
      assert.strictEqual((await post(receiver.localBaseUrl, report)).status, 200);
      assert.strictEqual(new Conversations(state, history).conversation('15550007777')?.items.length, 1, 'written to workspace state');
      assert.strictEqual(new SendHistory(state).unmatched().length, 1);
    } finally {
      await receiver.close();
      conversations.dispose();
      history.dispose();
    }
  });
});
