/**
 * The customer's side in a real VS Code against the real sandbox and the real receiver: a send,
 * then the customer's replies and taps posted to the running receiver in Webex Connect's shape,
 * reaching the Conversations view (read through the extension's exported API: the view's own
 * TreeDataProvider, as VS Code reads it); the warning before a session message to a closed
 * window, answered in the real dialog; Reply… addressing the right customer with the right app id.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { skeletonPayload } from '../../src/core/messages/scaffold';
import { EXTENSION_ID, Shown, askPage, closeAllEditors, configureSending, sendsShown, waitFor, workspaceUri } from './helpers';
import type { SendOutcome } from '../../src/editor/send';

interface Api {
  conversationsView: vscode.TreeDataProvider<unknown>;
}

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const APP_ID = 'it-conversations-app';
const variables = { WAAppid: APP_ID, waid: '15550100000' };
/** Customers of this suite: one who writes and taps, one whose window closed, one never heard from. */
const TALKER = '15550104001';
const LAPSED = '15550104002';
const STRANGER = '15550104003';
/** The sandbox fails a session message to a waid ending in 7710 with 7710 (outside the window). */
const REFUSER = '15550107710';
const HOUR = 60 * 60 * 1000;
/** What the kinds pick says beside a kind that would fail (a template's own summary names the window too). */
const OUTSIDE = 'outside the 24-hour window ·';

let api: Api;
let inboundUrl = '';

/** Posts one of the customer's events to the receiver, as Webex Connect's app webhook does. */
async function postEvent(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(inboundUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.strictEqual(res.status, 200, `the receiver took the event (${res.status} ${await res.text()})`);
}

/** An incoming message (`MO`) in Webex Connect's shape: attachments, contacts and location are JSON strings. */
function mo(waid: string, fields: Record<string, unknown>, at = new Date()): Record<string, unknown> {
  return {
    event: 'MO',
    channel: 'WhatsApp',
    appId: APP_ID,
    waid,
    userId: waid,
    username: 'Ada Customer',
    tid: `tid-${Math.random().toString(36).slice(2)}`,
    message: '',
    attachments: '',
    contacts: '',
    location: '',
    ts: at.toISOString(),
    datetime: at.toISOString(),
    dataIntegration: { context: { serviceId: 'svc', flowId: 'flow' }, appContext: {} },
    ...fields,
  };
}

/** A tap (`postback`) on a button of the message `transid`, shaped `<transid>_<n>` as Webex Connect sends it. */
function postback(waid: string, transid: string, id: string, title: string, at = new Date()): Record<string, unknown> {
  return {
    event: 'postback',
    appId: APP_ID,
    waid,
    userId: waid,
    username: 'Ada Customer',
    buttonPayload: id,
    buttonText: title,
    transid: `${transid}_0`,
    tid: `${transid}_0`,
    clientUUID: 'c-1',
    'x-wx-gtrid': 'g-1',
    errors: '',
    ts: at.toISOString().replace('Z', '+00:00'),
  };
}

function payload(kind: string, waids: string[]): string {
  return JSON.stringify({ ...skeletonPayload(kind), destination: [{ waid: waids }], notifyurl: '{{notifyurl}}' }, null, 2);
}

let opened = 0;

async function openDoc(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(`conversation-${++opened}.wa.jsonc`).with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), content));
  return document;
}

/** Starts a send; resolves to its outcome (the send may wait on a dialog, which the test answers). */
async function startSend(kind: string, waids: string[]): Promise<{ outcome: Thenable<SendOutcome> }> {
  const document = await openDoc(payload(kind, waids));
  return { outcome: vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri) };
}

/** The sandbox's messages to `waid` so far. */
async function sentTo(waid: string): Promise<number> {
  const state = (await (await fetch(`${sandboxUrl}/messages`)).json()) as { messages: { payload: { destination?: { waid?: string[] }[] } }[] };
  return state.messages.filter((m) => (m.payload.destination ?? []).some((d) => (d.waid ?? []).includes(waid))).length;
}

/**
 * VS Code refuses every modal dialog while extension tests run, and the command then rejects with
 * the dialog's text: a send that asks nothing resolves; one that asks rejects with what it asked
 * (answering the dialog is the UI tier's part, scripts/test-ui.mjs).
 */
const REFUSED = 'DialogService: refused to show dialog in tests. Contents: ';

/** What the send asked in its modal dialog, failing when it asked nothing. */
async function asked(outcome: Thenable<SendOutcome>): Promise<string> {
  try {
    const o = await outcome;
    return assert.fail(`the send asked nothing: ${JSON.stringify(o)}`);
  } catch (err) {
    const message = (err as Error).message;
    assert.ok(message.includes(REFUSED), message);
    return message.slice(message.indexOf(REFUSED) + REFUSED.length);
  }
}

const conversations = (): Promise<Shown[]> => sendsShown(api.conversationsView, undefined, 3);

/** The customer's row once `ready` holds for it. */
async function customer(waid: string, ready: (c: Shown) => boolean = () => true, timeoutMs = 10_000): Promise<Shown> {
  let last = '';
  try {
    return await waitFor(
      `the conversation of ${waid}`,
      async () => {
        const c = (await conversations()).find((s) => s.label.startsWith(waid));
        last = JSON.stringify(c);
        return c && ready(c) ? c : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen ${last}`, { cause: err });
  }
}

describe('Conversations in a real VS Code', function () {
  this.timeout(60_000);
  let transid = '';

  before(async () => {
    assert.ok(sandboxUrl && testKey, 'the harness passes WXC_TEST_SANDBOX_URL and WXC_TEST_SERVICE_KEY');
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    assert.ok(api.conversationsView, 'the extension exports the Conversations view data');
    await configureSending({ convo: { baseUrl: sandboxUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'convo'), 'convo');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'convo', testKey), true);
    assert.strictEqual(await vscode.commands.executeCommand('wxc.clearSends', true), true);
    const started = await vscode.commands.executeCommand<{ port: number; notifyUrl?: string }>('wxc.startReceiver');
    assert.ok(started?.notifyUrl);
    inboundUrl = started.notifyUrl;
  });

  after(async () => {
    await vscode.commands.executeCommand('wxc.stopReceiver');
    await closeAllEditors();
  });

  it('a reply-button message sent, then the customer’s text, a tap and media posted to the receiver, make one conversation in time order', async () => {
    const outcome = await (await startSend('reply', [TALKER])).outcome;
    assert.strictEqual(outcome.result, 'queued', outcome.message);
    assert.ok(outcome.transid);
    transid = outcome.transid;
    // Before the customer writes, nothing is known of the window: the view says so, and that is no warning.
    const before = await customer(TALKER);
    assert.match(before.description, /^window unknown · convo \(/);
    assert.strictEqual(before.contextValue, 'wxc.customer.unknown');

    const t0 = Date.now();
    await postEvent(mo(TALKER, { message: 'Hi! <b>bold</b> $(alert) [link](command:wxc.clearSends)\nsecond line' }, new Date(t0 + 1000)));
    await postEvent(postback(TALKER, transid, 'confirm', 'Confirm', new Date(t0 + 2000)));
    await postEvent(mo(TALKER, { attachments: JSON.stringify([{ mime_type: 'image/jpeg', caption: 'my receipt', url: 'https://media.example.com/r/123.jpg' }]) }, new Date(t0 + 3000)));
    await postEvent(mo(TALKER, { location: JSON.stringify({ latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz', address: 'Berlin' }) }, new Date(t0 + 4000)));
    await postEvent(mo(TALKER, { contacts: JSON.stringify([{ name: { formatted_name: 'Grace Hopper' }, phones: [{ phone: '+1 555 0100' }] }]) }, new Date(t0 + 5000)));

    const row = await customer(TALKER, (c) => c.children.length >= 6);
    assert.strictEqual(row.label, `${TALKER} · Ada Customer`);
    assert.match(row.description, /^open until .+ · convo \(/);
    assert.strictEqual(row.contextValue, 'wxc.customer.open');
    assert.match(row.tooltip, /24-hour window open until/);
    const [sent, text, tap, media, location, contact] = row.children;
    // What was sent: its state first, then its kind.
    assert.match(sent.label, /^(Queued|Submitted|Delivered|Read) · reply$/);
    assert.strictEqual(sent.contextValue, 'wxc.conversation.sent');
    assert.match(sent.tooltip, new RegExp(`transid ${transid}`));
    // What the customer wrote, as text: one line in the label, the whole of it in the tooltip.
    assert.strictEqual(text.label, 'Hi! <b>bold</b> $(alert) [link](command:wxc.clearSends) second line');
    assert.ok(text.tooltip.startsWith('Hi! <b>bold</b> $(alert) [link](command:wxc.clearSends)\nsecond line'), text.tooltip);
    assert.strictEqual(text.contextValue, 'wxc.conversation.received');
    // The tap, named by its title and joined to the message that carried the button.
    assert.strictEqual(tap.label, 'Tapped "Confirm"');
    assert.match(tap.description, /^on the reply sent /);
    assert.match(tap.tooltip, new RegExp(`transid ${transid}\\)`));
    assert.strictEqual(tap.contextValue, 'wxc.conversation.tap');
    // Media: a link (never loaded), read from the attachments' JSON string.
    assert.strictEqual(media.label, 'image/jpeg');
    assert.deepStrictEqual(
      media.children.map((c) => [c.label, c.description, c.contextValue, c.icon]),
      [['my receipt', 'https://media.example.com/r/123.jpg', 'wxc.conversation.link', 'link']],
    );
    assert.strictEqual(location.label, 'Location');
    assert.deepStrictEqual(location.children.map((c) => [c.label, c.description]), [['Alexanderplatz · Berlin', '52.52, 13.405']]);
    assert.strictEqual(contact.label, 'Contact card');
    assert.deepStrictEqual(contact.children.map((c) => [c.label, c.description]), [['Grace Hopper', '+1 555 0100']]);
  });

  it('bidi controls, line breaks and markup in what a customer sends stay on their row, shown as escapes: they cannot reorder the row\'s own text', async () => {
    const waid = '15550104009';
    await postEvent(mo(waid, { username: 'Eve\u202e', message: 'pay \u202eexe.txt\u2066 now' }));
    const hostileWaid = '\u202e<b>990</b>\nline two';
    await postEvent(mo(hostileWaid, { message: 'from a waid that is none' }));
    const eve = await customer(waid, (c) => c.children.length > 0);
    assert.strictEqual(eve.label, `${waid} · Eve\\u202e`);
    assert.strictEqual(eve.children[0].label, 'pay \\u202eexe.txt\\u2066 now');
    const odd = await waitFor('the odd waid', async () => (await conversations()).find((c) => c.label.includes('<b>990</b>')));
    assert.strictEqual(odd.label, '\\u202e<b>990</b> line two · Ada Customer');
    assert.ok(!/[\u202a-\u202e\u2066-\u2069\n]/.test(odd.label + odd.tooltip.split('\n')[0] + eve.label + eve.tooltip.split('\n')[0]), JSON.stringify([odd, eve]));
  });

  it('Copy puts a row’s own text on the clipboard; the media link is not opened by anything but Open Link', async () => {
    const nodes = (await api.conversationsView.getChildren()) ?? [];
    const talker = nodes[(await conversations()).findIndex((c) => c.label.startsWith(TALKER))];
    const items = (await api.conversationsView.getChildren(talker)) ?? [];
    const parts = (await api.conversationsView.getChildren(items[3])) ?? [];
    assert.strictEqual(await vscode.commands.executeCommand('wxc.copyConversationItem', parts[0]), 'https://media.example.com/r/123.jpg');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'https://media.example.com/r/123.jpg');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.copyConversationItem', items[1]), 'Hi! <b>bold</b> $(alert) [link](command:wxc.clearSends)\nsecond line');
  });

  it('an event the receiver does not know is kept and shown with its fields as text', async () => {
    await postEvent({ event: 'reaction', waid: TALKER, appId: APP_ID, emoji: '👍', ts: new Date(Date.now() + 6000).toISOString() });
    const row = await customer(TALKER, (c) => c.children.some((i) => i.contextValue === 'wxc.conversation.unknown'));
    const unknown = row.children.find((i) => i.contextValue === 'wxc.conversation.unknown');
    assert.ok(unknown);
    assert.strictEqual(unknown.label, 'Event "reaction" (not known)');
    assert.ok(
      unknown.children.some((f) => f.label === 'emoji' && f.description === '👍'),
      JSON.stringify(unknown.children),
    );
  });

  it('an event that names no customer is kept under its own row, as text', async () => {
    await postEvent({ event: 'MO', appId: APP_ID, message: 'who am I? <script>x</script>', ts: new Date().toISOString() });
    const apart = await waitFor('the events without a customer', async () => (await conversations()).find((c) => c.contextValue === 'wxc.apart'));
    assert.match(apart.label, /^\d+ events? without a customer$/);
    assert.ok(
      apart.children.some((c) => c.label === 'who am I? <script>x</script>' && c.contextValue === 'wxc.conversation.received'),
      JSON.stringify(apart.children),
    );
  });

  it('a session message to a customer whose window closed asks first, and nothing leaves unless answered', async () => {
    // The customer last wrote 25 hours ago: the window closed an hour ago.
    await postEvent(mo(LAPSED, { message: 'are you open on Sunday?' }, new Date(Date.now() - 25 * HOUR)));
    const lapsed = await customer(LAPSED);
    assert.match(lapsed.description, /^closed since /);
    assert.strictEqual(lapsed.contextValue, 'wxc.customer.closed');
    assert.match(lapsed.tooltip, /only a template is delivered/);
    const count = await sentTo(LAPSED);
    const question = await asked((await startSend('text', [LAPSED])).outcome);
    assert.match(question, new RegExp(`^The 24-hour window of ${LAPSED} closed .+: WhatsApp will not deliver this text message \\(it fails with 7710\\)`));
    assert.strictEqual(await sentTo(LAPSED), count, 'nothing reached the sandbox');
  });

  it('no warning for a window never seen (unknown), nor for an open one, nor for a template to a closed one', async () => {
    for (const [kind, waid] of [
      ['text', STRANGER],
      ['text', TALKER],
      ['template', LAPSED],
    ]) {
      const outcome = await (await startSend(kind, [waid])).outcome;
      assert.strictEqual(outcome.result, 'queued', `${kind} to ${waid}: ${outcome.message}`);
    }
  });

  it('a 7710 report closes the window: the next session message asks, a template does not', async () => {
    const outcome = await (await startSend('text', [REFUSER])).outcome;
    assert.strictEqual(outcome.result, 'queued', outcome.message);
    const row = await customer(REFUSER, (c) => c.contextValue === 'wxc.customer.closed');
    assert.match(row.description, /^closed since /);
    assert.match(row.children[0].label, /^Failed · text$/);
    assert.match(await asked((await startSend('reply', [REFUSER])).outcome), new RegExp(`^The 24-hour window of ${REFUSER} closed`));
    assert.strictEqual((await (await startSend('template', [REFUSER])).outcome).result, 'queued');
  });

  it('several recipients: the warning names only those whose window is closed', async () => {
    const question = await asked((await startSend('image', [TALKER, LAPSED, STRANGER])).outcome);
    assert.match(question, new RegExp(`^The 24-hour window of ${LAPSED}, one of 3 recipients, closed .+: WhatsApp will not deliver this image message to them`));
    assert.ok(!question.includes(TALKER) && !question.includes(STRANGER), question);
  });

  it('Reply… on a customer opens a payload of the kind chosen, addressed to their waid with the app id they wrote to', async () => {
    const nodes = (await api.conversationsView.getChildren()) ?? [];
    const shown = await conversations();
    const talker = nodes[shown.findIndex((c) => c.label.startsWith(TALKER))];
    const uri = await vscode.commands.executeCommand<vscode.Uri>('wxc.replyToCustomer', talker, 'text');
    assert.ok(uri);
    const document = await waitFor('the reply', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
    assert.match(document.uri.path, /new-text(-\d+)?\.wa\.json$/);
    const value = JSON.parse(document.getText()) as { appid: string; destination: unknown; notifyurl?: string; channels: { 'OTT-Messaging': { wa: { type: string } } } };
    assert.deepStrictEqual(value.destination, [{ waid: [TALKER] }]);
    assert.strictEqual(value.appid, APP_ID);
    assert.strictEqual(value.channels['OTT-Messaging'].wa.type, 'text');
    // The receiver runs, so the reply reports to it.
    assert.strictEqual(value.notifyurl, '{{notifyurl}}');
  });

  it('Reply… offers every kind while the window is open, templates first and the rest marked when it is closed', async () => {
    const shown = await conversations();
    const nodes = (await api.conversationsView.getChildren()) ?? [];
    const open = vscode.commands.executeCommand('wxc.replyToCustomer', nodes[shown.findIndex((c) => c.label.startsWith(TALKER))]);
    const openRows = await waitFor('the kinds pick', async () => {
      const p = await askPage('quickpick');
      return p.rows.length > 0 ? p : undefined;
    });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await open, undefined);
    assert.match(openRows.title, new RegExp(`^Reply to ${TALKER} \\(open until `));
    assert.match(openRows.rows[0], /Image/);
    assert.ok(openRows.rows.every((r) => !r.includes(OUTSIDE)), openRows.rows.join('\n'));

    const closed = vscode.commands.executeCommand('wxc.replyToCustomer', LAPSED);
    const closedRows = await waitFor('the kinds pick', async () => {
      const p = await askPage('quickpick');
      return p.rows.length > 0 && p.title.includes(LAPSED) ? p : undefined;
    });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await closed, undefined);
    assert.match(closedRows.rows[0], /Template/);
    assert.ok(!closedRows.rows[0].includes(OUTSIDE), closedRows.rows[0]);
    assert.ok(closedRows.rows.slice(1).every((r) => r.includes(OUTSIDE)), closedRows.rows.join('\n'));
    assert.strictEqual(closedRows.rows.length, openRows.rows.length, 'the same kinds, in another order');
  });

  it('Reply to a Customer from the command palette asks which customer, latest first', async () => {
    const picking = vscode.commands.executeCommand('wxc.replyToCustomer');
    const pick = await waitFor('the customers pick', async () => {
      const p = await askPage('quickpick');
      return p.rows.length > 0 && p.title === 'Reply to a Customer' ? p : undefined;
    });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await picking, undefined);
    for (const waid of [TALKER, LAPSED, STRANGER]) assert.ok(pick.rows.some((r) => r.includes(waid)), `${waid} in ${pick.rows.join(' | ')}`);
    assert.ok(pick.rows.some((r) => r.includes(LAPSED) && r.includes('closed since')), pick.rows.join(' | '));
  });

  /** The payload Reply… opens for `waid`, as JSON. */
  async function replyTo(waid: string, kind: string): Promise<{ appid: string; destination: unknown; channels: { 'OTT-Messaging'?: { wa: { type: string } } }; message?: unknown }> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('wxc.replyToCustomer', waid, kind);
    assert.ok(uri, `a reply to ${waid}`);
    const document = await waitFor('the reply', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
    return JSON.parse(document.getText()) as never;
  }

  it('Reply… to a customer who never wrote takes the environment\'s WAAppid; one who wrote keeps the app they wrote to', async () => {
    await configureSending({ convo: { baseUrl: sandboxUrl, variables: { ...variables, WAAppid: 'it-env-app' } } });
    try {
      // REFUSER was only sent to (and failed 7710): no app of theirs is known, and their window is closed.
      const template = await replyTo(REFUSER, 'template');
      assert.deepStrictEqual(template.destination, [{ waid: [REFUSER] }]);
      assert.strictEqual(template.appid, 'it-env-app');
      const text = await replyTo(TALKER, 'text');
      assert.deepStrictEqual(text.destination, [{ waid: [TALKER] }]);
      assert.strictEqual(text.appid, APP_ID);
    } finally {
      await configureSending({ convo: { baseUrl: sandboxUrl, variables } });
      await closeAllEditors();
    }
  });

  it('Clear Conversations… asks first; then what customers sent is gone and the sends stay; Clear Sends… keeps what customers send', async () => {
    const refusedWith = async (command: string): Promise<string> => {
      try {
        await vscode.commands.executeCommand(command);
      } catch (err) {
        const message = (err as Error).message;
        assert.ok(message.includes(REFUSED), message);
        return message.slice(message.indexOf(REFUSED) + REFUSED.length);
      }
      return assert.fail(`${command} asked nothing`);
    };
    assert.strictEqual(await refusedWith('wxc.clearConversations'), 'Forget every message and tap customers sent to this workspace?');
    const kept = await customer(TALKER);
    assert.ok(kept.children.some((c) => c.contextValue === 'wxc.conversation.received'), 'nothing is cleared unless answered');

    assert.strictEqual(await vscode.commands.executeCommand('wxc.clearConversations', true), true);
    const talker = await customer(TALKER, (c) => c.children.every((i) => i.contextValue === 'wxc.conversation.sent'));
    assert.ok(talker.children.length > 0, 'what was sent to them stays');
    assert.match(talker.description, /^window unknown/);
    assert.match((await customer(LAPSED)).description, /^window unknown/, 'a window learnt from their message is unknown again');
    assert.match((await customer(REFUSER)).description, /^closed since /, 'a window closed by a 7710 report stays closed: the report is a send\'s');
    assert.ok(!(await conversations()).some((c) => c.contextValue === 'wxc.apart'), 'the events without a customer are gone too');

    await postEvent(mo(TALKER, { message: 'still here' }));
    assert.strictEqual(await refusedWith('wxc.clearSends'), 'Forget every send of this workspace and its delivery reports?');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.clearSends', true), true);
    const after = await customer(TALKER, (c) => c.children.length === 1);
    assert.deepStrictEqual(after.children.map((c) => c.label), ['still here']);
    assert.match(after.description, /^open until /);
    assert.ok(!(await conversations()).some((c) => c.label.startsWith(REFUSER)), 'a customer only sent to is gone with the sends');
  });
});
