/**
 * A real restart of VS Code keeps the delivery timelines (issue 12) and the customer's
 * conversations (issue 20: their message and tap, posted to the receiver in the first launch). The harness
 * (scripts/test-integration.mjs, suite `restart`) opens the same folder twice with the same
 * VS Code server folders and the same browser profile (the web workbench keeps workspace state in
 * the browser's IndexedDB and secrets in its localStorage), and shuts the first launch down
 * gracefully. The first launch sends to the sandbox and writes what the Sends view showed to a
 * file in WXC_TEST_RESTART_DIR; the second reads that file and, before sending anything, checks
 * the view, the response page (left open by the first launch; one page in the second) and the
 * history's quick pick against it.
 *
 * The receiver's token (secret storage) is NOT checked across the restart, because in this harness
 * secrets do not survive one: the workbench (code-server's web client) keeps them in localStorage
 * sealed with a key whose half it asks from the server with `POST <path>/mint-key`. code-server
 * answers that with 32 bytes (its key half, kept in its user-data dir as `serve-web-key-half`); the
 * plain VS Code server the harness runs (server-main.js: code-server does not take
 * --enable-smoke-test-driver, which extension tests need) answers 405, so sealing fails, nothing is
 * written to localStorage, and secrets live in the page's memory only. Under `npm start`
 * (code-server) they should persist with the browser's profile; no test here checks that.
 */
import * as assert from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, PageAnswers, Shown, askPage, closeAllEditors, configureSending, sendsShown, waitFor, workspaceUri } from './helpers';
import { moEventBody, postbackEventBody } from '../../src/core/inbound/bodies';
import type { ConversationsApi } from '../../src/editor/conversations';
import type { SendOutcome } from '../../src/editor/send';

interface Api {
  sends: vscode.TreeDataProvider<unknown>;
  conversations: ConversationsApi;
}


/** What the first launch saw, handed to the second through a file. */
interface Seen {
  transid: string;
  notifyUrl: string;
  send: Shown;
  latestState: string;
  /** When the customer wrote (their message, posted to the receiver as Webex Connect's app webhook posts it). */
  wroteAt: string;
}

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const restartDir = process.env.WXC_TEST_RESTART_DIR ?? '';
const variables = { WAAppid: 'it-app-42', waid: '15550009876' };
const TIMELINE = ['Queued 1001', 'Submitted 7501', 'Delivered 7500', 'Read 7502'];

let api: Api;

async function activate(): Promise<void> {
  assert.ok(sandboxUrl && testKey && restartDir, 'the harness passes WXC_TEST_SANDBOX_URL, WXC_TEST_SERVICE_KEY and WXC_TEST_RESTART_DIR');
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(extension);
  api = await extension.activate();
  assert.ok(api.sends, 'the extension exports the Sends view data');
}

async function sendNode(transid: string): Promise<Shown | undefined> {
  return (await sendsShown(api.sends)).find((s) => s.tooltip.includes(`transid ${transid}`));
}

/** The history id of the send, from the command its row runs. */
async function entryId(transid: string): Promise<string> {
  for (const node of ((await api.sends.getChildren()) ?? []) as unknown[]) {
    const item = await api.sends.getTreeItem(node);
    if (typeof item.tooltip === 'string' && item.tooltip.includes(`transid ${transid}`)) return String(item.command?.arguments?.[0] ?? '');
  }
  return '';
}

/** What the send's response page shows, opened (or revealed) as its row opens it, read from its webview. */
async function responsePage(transid: string): Promise<PageAnswers['response']> {
  assert.strictEqual(await vscode.commands.executeCommand('wxc.openSend', await entryId(transid)), true, 'the send opens its response page');
  return askPage('response', transid);
}

/** The response page tabs, in every group. */
function responseTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /wxc\.response$/.test(t.input.viewType));
}

const seenFile = (): string => join(restartDir, 'first-launch.json');

describe('Restart, first launch: a send to the sandbox with {{notifyurl}}', function () {
  this.timeout(30_000);

  it('shows Queued → Submitted → Delivered → Read in the Sends view and on the response page, left open', async () => {
    await activate();
    await configureSending({ test: { baseUrl: sandboxUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'test'), 'test');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey), true);
    const started = await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver');
    assert.match(started?.notifyUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{40,}\/test$/);

    const document = await vscode.workspace.openTextDocument(workspaceUri('restart.wa.jsonc').with({ scheme: 'untitled' }));
    const editor = await vscode.window.showTextDocument(document);
    const payload = {
      deliverychannel: 'whatsapp',
      appid: '{{WAAppid}}',
      destination: [{ waid: [variables.waid] }],
      notifyurl: '{{notifyurl}}',
      channels: { 'OTT-Messaging': { wa: { type: 'image', image: { url: 'https://cdn.example.com/media/photo.jpg', mimeType: 'image/jpeg' } } } },
    };
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), JSON.stringify(payload, null, 2)));
    const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri);
    assert.strictEqual(outcome.result, 'queued', outcome.message);
    const transid = outcome.transid ?? '';
    assert.ok(transid);

    const send = await waitFor('the timeline to reach Read', async () => {
      const node = await sendNode(transid);
      return node?.children.map((c) => c.label).join('|') === TIMELINE.join('|') ? node : undefined;
    });
    assert.match(send.label, /^Read · Image · /);
    const response = await waitFor('the response page to say Read', async () => {
      const page = await responsePage(transid);
      return page.headline === '✔ Read' ? page : undefined;
    });
    const latestState = response.headline;
    // The customer writes back and taps a button of that message.
    const wroteAt = new Date().toISOString();
    const post = (body: unknown) => fetch(started?.notifyUrl ?? '', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.strictEqual((await post(moEventBody({ waid: variables.waid, appId: variables.WAAppid, at: wroteAt }, { text: 'Got the photo, thanks' }))).status, 200);
    assert.strictEqual((await post(postbackEventBody({ waid: variables.waid, appId: variables.WAAppid, at: wroteAt }, { transid, buttonPayload: 'more', buttonText: 'Send more' }))).status, 200);
    assert.strictEqual(api.conversations.conversation(variables.waid)?.items.length, 3);
    const seen: Seen = { transid, notifyUrl: started?.notifyUrl ?? '', send, latestState, wroteAt };
    writeFileSync(seenFile(), JSON.stringify(seen, null, 2));
    // The payload closes; the send's response page stays open, for the second launch to restore.
    await closeAllEditors();
    await responsePage(transid);
    assert.strictEqual(responseTabs().length, 1);
  });
});

describe('Restart, second launch: the same folder, before anything is sent', function () {
  this.timeout(30_000);
  let seen: Seen;

  before(async () => {
    await activate();
    seen = JSON.parse(readFileSync(seenFile(), 'utf8')) as Seen;
    assert.ok(seen.transid, 'the first launch recorded its send');
  });

  it('the Sends view shows that send with the same timeline, latest state Read', async () => {
    const send = await sendNode(seen.transid);
    assert.ok(send, `the send ${seen.transid} is in the Sends view (it shows ${JSON.stringify((await sendsShown(api.sends, undefined, 1)).map((s) => s.label))})`);
    assert.deepStrictEqual(
      send.children.map((c) => c.label),
      TIMELINE,
    );
    // Every event keeps its time and meaning, the send its label, state and icon.
    assert.deepStrictEqual(send, seen.send);
    assert.match(send.label, /^Read · Image · /);
  });

  // VS Code restores a webview left open only when it saved its editors on the way out, which a test
  // run's exit doesn't always do: whether the page came back is not asserted; that there is one
  // page, showing the latest state, is.
  it('opening the send shows its response page with the latest state, one page even if VS Code restored the one left open', async () => {
    const page = await waitFor('the page to show the send', async () => {
      const p = await responsePage(seen.transid).catch(() => undefined);
      return p && p.headline ? p : undefined;
    });
    assert.strictEqual(page.headline, seen.latestState);
    assert.match(page.text, /15550009876\s+Queued 1001[^]*Read 7502/);
    assert.match(responseTabs()[0]?.label ?? '', /^Image · test · /);
    assert.strictEqual(responseTabs().length, 1, 'one page for the send');
    await closeAllEditors();
  });

  it('the history\'s quick pick shows the latest state', async () => {

    const picked = vscode.commands.executeCommand('wxc.showHistory');
    try {
      const pick = await waitFor('the history quick pick', async () => {
        const p = await askPage('quickpick');
        return p.rows.length > 0 ? p : undefined;
      });
      assert.match(pick.title, /last 1 sends/);
      assert.match(pick.rows[0], /1001 .* → Read/);
      assert.ok(pick.rows[0].includes(`transid ${seen.transid}`), pick.rows[0]);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await picked;
    }
  });

  it('the customer\'s conversation is there: the send, their message, and their tap joined to the send; the window open 24 h from their message', () => {
    const conversation = api.conversations.conversation(variables.waid);
    assert.ok(conversation, 'the conversation survived the restart');
    assert.deepStrictEqual(
      conversation.items.map((i) => i.kind),
      ['sent', 'received', 'tap'],
    );
    const [, received, tap] = conversation.items;
    assert.ok(received.kind === 'received' && received.event.type === 'message');
    assert.strictEqual(received.event.type === 'message' && received.event.text, 'Got the photo, thanks');
    assert.ok(tap.kind === 'tap');
    assert.strictEqual(tap.title, 'Send more');
    assert.strictEqual(tap.send?.transid, seen.transid);
    assert.deepStrictEqual(api.conversations.windowOf(variables.waid), { state: 'open', until: new Date(Date.parse(seen.wroteAt) + 86_400_000).toISOString() });
  });

  it('the receiver started again listens on the port it had (kept in workspace state), so a forwarded port stays valid', async () => {
    // Its token is not compared: see the top of this file.
    const started = await vscode.commands.executeCommand<{ port: number; notifyUrl?: string }>('wxc.startReceiver');
    assert.ok(started);
    assert.strictEqual(started.port, Number(new URL(seen.notifyUrl).port));
    await vscode.commands.executeCommand('wxc.stopReceiver');
  });
});
