/**
 * Delivery reports in a real VS Code against the real sandbox: the receiver started by its
 * command, {{notifyurl}} filled in, the sandbox's reports shown in the Sends view (read through
 * the extension's exported API: the view's own TreeDataProvider, as VS Code reads it), each
 * failure trigger with its code, meaning and advice, signed reports, hostile report text, and
 * the webhook secret nowhere it must not be.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { deliveryReportBody } from '../../src/core/delivery/reports';
import { startSandbox } from '../../src/sandbox/server';
import { EXTENSION_ID, Shown, askPage, closeAllEditors, configureSending, sendsShown, sleep, waitFor, workspaceUri } from './helpers';
import type { SendOutcome } from '../../src/editor/send';


interface Api {
  sends: vscode.TreeDataProvider<unknown>;
}

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const variables = { WAAppid: 'it-app-42', waid: '15550009876' };
/** Made fresh by the harness, which then searches every file written for it (the secret sweep). */
const WEBHOOK_SECRET = process.env.WXC_TEST_WEBHOOK_SECRET ?? '';

let api: Api;

const shown = (node?: unknown, depth = 3): Promise<Shown[]> => sendsShown(api.sends, node, depth);

/** The send whose tooltip names the transid, as the view shows it. */
async function sendNode(transid: string): Promise<Shown | undefined> {
  return (await shown()).find((s) => s.tooltip.includes(`transid ${transid}`));
}

/** Waits until the send's events (labels) are `labels`. */
async function eventsBecome(transid: string, labels: string[], timeoutMs = 10_000): Promise<Shown> {
  let last = '';
  try {
    return await waitFor(
      `events ${labels.join(' → ')}`,
      async () => {
        const node = await sendNode(transid);
        last = JSON.stringify(node?.children.map((c) => c.label));
        return node && node.children.map((c) => c.label).join('|') === labels.join('|') ? node : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen ${last}`, { cause: err });
  }
}

async function openDoc(content: string, name = 'delivery.wa.jsonc'): Promise<vscode.TextDocument> {
  const uri = workspaceUri(name).with({ scheme: 'untitled' });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), content));
  return document;
}

function payload(waids: string[], mediaUrl = 'https://cdn.example.com/media/photo.jpg', notify = true): string {
  return JSON.stringify(
    {
      deliverychannel: 'whatsapp',
      appid: '{{WAAppid}}',
      destination: [{ waid: waids }],
      ...(notify ? { notifyurl: '{{notifyurl}}' } : {}),
      channels: { 'OTT-Messaging': { wa: { type: 'image', image: { url: mediaUrl, mimeType: 'image/jpeg' } } } },
    },
    null,
    2,
  );
}

async function sendText(content: string): Promise<SendOutcome> {
  const document = await openDoc(content);
  const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri);
  assert.strictEqual(outcome.result, 'queued', outcome.message);
  assert.ok(outcome.transid);
  return outcome;
}

/** What the send's response page shows (opened, or revealed when open), read from its webview. */
async function responseText(outcome: SendOutcome): Promise<string> {
  assert.ok(outcome.sendId && outcome.transid);
  assert.strictEqual(await vscode.commands.executeCommand('wxc.openSend', outcome.sendId), true);
  return (await askPage('response', outcome.transid)).text;
}

describe('Delivery reports in a real VS Code', function () {
  this.timeout(60_000);
  let notifyUrl = '';

  before(async () => {
    assert.ok(sandboxUrl && testKey && WEBHOOK_SECRET, 'the harness passes WXC_TEST_SANDBOX_URL, WXC_TEST_SERVICE_KEY and WXC_TEST_WEBHOOK_SECRET');
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    assert.ok(api.sends, 'the extension exports the Sends view data');
    await configureSending({ test: { baseUrl: sandboxUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'test'), 'test');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey), true);
    assert.strictEqual(await vscode.commands.executeCommand('wxc.clearSends', true), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('wxc.stopReceiver');
    await vscode.commands.executeCommand('wxc.clearWebhookSecret', 'test');
    await closeAllEditors();
  });

  it('without the receiver, {{notifyurl}} is flagged with the command that defines it, and not sent', async () => {
    await vscode.commands.executeCommand('wxc.stopReceiver');
    const document = await openDoc(payload(['15550001111']));
    const diagnostic = await waitFor('the notifyurl diagnostic', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => d.message.includes('{{notifyurl}}')),
    );
    assert.match(diagnostic.message, /delivery receiver runs: start it with "Webex Connect: Start Delivery Receiver"/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const start = actions.find((a) => a.command?.command === 'wxc.startReceiver');
    assert.ok(start, `a quick fix starts the receiver (got ${actions.map((a) => a.title).join(', ')})`);
    const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri);
    assert.strictEqual(outcome.posted, false);
    assert.match(outcome.message, /notifyurl/);
  });

  it('Start Delivery Receiver listens on 127.0.0.1 and fills {{notifyurl}} for the environment', async () => {
    const started = await vscode.commands.executeCommand<{ port: number; notifyUrl?: string }>('wxc.startReceiver');
    assert.ok(started && started.port > 0);
    assert.match(started.notifyUrl ?? '', new RegExp(`^http://127\\.0\\.0\\.1:${started.port}/[A-Za-z0-9_-]{40,}/test$`));
    notifyUrl = started.notifyUrl ?? '';
    // The receiver answers HEAD (Webex Connect checks a URL that way), and nothing on another path.
    assert.strictEqual((await fetch(notifyUrl, { method: 'HEAD' })).status, 200);
    assert.strictEqual((await fetch(`http://127.0.0.1:${started.port}/wrong-token/test`, { method: 'HEAD' })).status, 404);
    // While it runs, New WhatsApp Message scaffolds a payload that reports to it.
    const created = await vscode.commands.executeCommand<vscode.Uri>('wxc.newMessage', 'image');
    assert.ok(created);
    const scaffold = (await vscode.workspace.openTextDocument(created)).getText();
    assert.match(scaffold, /"notifyurl": "\{\{notifyurl\}\}"/);
    await closeAllEditors();
    // Starting again keeps the same URL.
    assert.strictEqual((await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver'))?.notifyUrl, notifyUrl);
  });

  it('the start message fits the environment: for the sandbox nothing to do (no tunnel, no Ports view); for a tenant the public URL steps and notifyurl', async () => {
    type Started = { port: number; notifyUrl?: string; advice?: { message: string; actions: string[] } };
    const start = () => vscode.commands.executeCommand<Started>('wxc.startReceiver');
    await vscode.commands.executeCommand('wxc.stopReceiver');
    const sandbox = await start();
    assert.ok(sandbox.advice, 'a start says something');
    assert.match(sandbox.advice.message, new RegExp(`^Delivery receiver on 127\\.0\\.0\\.1:${sandbox.port}: the sandbox posts its delivery reports here\\.`));
    assert.match(sandbox.advice.message, /"notifyurl": "\{\{notifyurl\}\}"/);
    assert.doesNotMatch(sandbox.advice.message, /tunnel|forward|Ports view|public/i);
    assert.deepStrictEqual(sandbox.advice.actions, ['showSends']);
    // Already running: nothing said again.
    assert.strictEqual((await start()).advice, undefined);

    await configureSending({ test: { baseUrl: sandboxUrl, variables }, tenant: { region: 'eu', variables } });
    await vscode.commands.executeCommand('wxc.stopReceiver');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'tenant'), 'tenant');
    try {
      const tenant = await start();
      assert.ok(tenant.advice);
      assert.match(tenant.advice.message, /Webex Connect \(environment "tenant"\) cannot reach this machine: forward port \d+ to a public https address/);
      assert.match(tenant.advice.message, /write "notifyurl": "\{\{notifyurl\}\}" in the payload/);
      assert.deepStrictEqual(tenant.advice.actions, ['openPorts', 'setPublicUrl']);
    } finally {
      await vscode.commands.executeCommand('wxc.stopReceiver');
      await configureSending({ test: { baseUrl: sandboxUrl, variables } });
      assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'test'), 'test');
    }
    // Back on the sandbox, the URL already handed out still holds.
    assert.strictEqual((await start()).notifyUrl, notifyUrl);
  });

  it('a send with {{notifyurl}} shows Queued → Submitted → Delivered → Read in the Sends view and on the response page', async () => {
    const outcome = await sendText(payload([variables.waid]));
    const node = await eventsBecome(outcome.transid!, ['Queued 1001', 'Submitted 7501', 'Delivered 7500', 'Read 7502']);
    // The state first, then the kind and the time; the environment and the file in the description.
    assert.match(node.label, /^Read · Image · \d{1,2}:\d\d/);
    assert.strictEqual(node.description, 'test · delivery.wa.jsonc');
    // Each step names its state once ("Submitted 7501" then its time, not "Submitted 7501 Submitted · …").
    assert.deepStrictEqual(
      node.children.map((c) => /^\d{1,2}:\d\d/.test(c.description)),
      [true, true, true, true],
    );
    assert.strictEqual(node.icon, 'check-all');
    assert.deepStrictEqual(
      node.children.map((c) => c.icon),
      ['clock', 'arrow-right', 'check', 'check-all'],
    );
    const text = await waitFor('the response page to follow', async () => {
      const t = await responseText(outcome);
      return t.startsWith('✔ Read') ? t : undefined;
    });
    assert.match(text, /15550009876\s+Queued 1001[^]*Submitted 7501[^]*Delivered 7500[^]*Read 7502/);
    await closeAllEditors();
  });

  it('a send to several recipients has a timeline per recipient', async () => {
    const outcome = await sendText(payload(['15550002001', '15550007710']));
    const node = await waitFor('both recipients settled', async () => {
      const n = await sendNode(outcome.transid!);
      return n && n.label.startsWith('1 Failed · 1 Read · Image · ') ? n : undefined;
    });
    assert.deepStrictEqual(
      node.children.map((c) => c.label),
      ['15550002001', '15550007710'],
    );
    assert.deepStrictEqual(
      node.children[0].children.map((c) => c.label),
      ['Queued 1001', 'Submitted 7501', 'Delivered 7500', 'Read 7502'],
    );
    assert.deepStrictEqual(
      node.children[1].children.map((c) => c.label),
      ['Queued 1001', 'Failed 7710'],
    );
    assert.strictEqual(node.icon, 'error');
  });

  const failures: { name: string; waid?: string; media?: string; events: string[]; meaning: string; advice: RegExp; media_: boolean }[] = [
    { name: 'a recipient ending 7865', waid: '15550007865', events: ['Queued 1001', 'Submitted 7501', 'Failed 7865'], meaning: 'Not on WhatsApp', advice: /not registered on WhatsApp/, media_: false },
    { name: 'a recipient ending 7710', waid: '15550017710', events: ['Queued 1001', 'Failed 7710'], meaning: 'Outside the 24-hour window', advice: /send a template/, media_: false },
    { name: 'a recipient ending 7737', waid: '15550007737', events: ['Queued 1001', 'Failed 7737'], meaning: 'Invalid WhatsApp destination', advice: /not a valid WhatsApp id/, media_: false },
    { name: 'media at fail-7701', media: 'https://cdn.example.com/fail-7701/photo.jpg', events: ['Queued 1001', 'Submitted 7501', 'Failed 7701'], meaning: 'Media download error', advice: /could not download the media/, media_: true },
    { name: 'media at fail-7727', media: 'https://cdn.example.com/fail-7727/photo.jpg', events: ['Queued 1001', 'Submitted 7501', 'Failed 7727'], meaning: 'Media not found', advice: /found no media at the URL/, media_: true },
    { name: 'media at fail-7861', media: 'https://cdn.example.com/fail-7861/photo.jpg', events: ['Queued 1001', 'Submitted 7501', 'Failed 7861'], meaning: 'Unsupported MIME type', advice: /refused the media's MIME type/, media_: true },
  ];
  for (const f of failures) {
    it(`the sandbox trigger "${f.name}" shows its code, meaning and advice`, async () => {
      const outcome = await sendText(payload([f.waid ?? variables.waid], f.media));
      const node = await eventsBecome(outcome.transid!, f.events);
      const code = f.events[f.events.length - 1].split(' ')[1];
      assert.match(node.label, new RegExp(`^Failed ${code} · Image · `));
      assert.strictEqual(node.description.split(' · ')[0], f.meaning);
      const failed = node.children[node.children.length - 1];
      assert.strictEqual(failed.icon, 'error');
      assert.match(failed.description, new RegExp(`^${f.meaning} · `));
      assert.match(failed.tooltip, f.advice);
      assert.strictEqual(failed.contextValue, f.media_ ? 'wxc.event.mediaFailure' : 'wxc.event');
      assert.strictEqual(node.contextValue, f.media_ ? 'wxc.send.mediaFailure' : 'wxc.send');
      if (f.media_) assert.match(failed.tooltip, /Check Media URLs/);
      const text = await waitFor('the failure in the response page', async () => {
        const t = await responseText(outcome);
        return t.startsWith(`✖ Failed ${code}\n`) ? t : undefined;
      });
      assert.match(text, f.advice, 'the response page gives the advice');
      await closeAllEditors();
    });
  }

  it('a report for an unknown transid is kept apart, and a repeated report is shown once', async () => {
    const body = deliveryReportBody({ transid: 'no-such-send-42', destination: '15550003333', state: 'Delivered', code: '7500', timeStamp: '2026-11-25T10:00:00.000Z' });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(notifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      assert.strictEqual(res.status, 200);
    }
    const group = await waitFor('the unknown-sends node', async () => (await shown()).find((n) => /^Reports for unknown sends/.test(n.label)));
    const matching = group.children.filter((c) => c.description.includes('no-such-send-42'));
    assert.strictEqual(matching.length, 1);
    assert.strictEqual(matching[0].label, 'Delivered 7500');
  });

  it('hostile report text renders as text on the response page, opened from the Sends view\'s row', async () => {
    const outcome = await sendText(payload([variables.waid]));
    await eventsBecome(outcome.transid!, ['Queued 1001', 'Submitted 7501', 'Delivered 7500', 'Read 7502']);
    const hostile = '<img src=x onerror=alert(1)> [click](command:wxc.clearSends) `tick` a|b';
    const body = deliveryReportBody({ transid: outcome.transid!, destination: variables.waid, state: 'Failed', code: '9999', description: hostile, callbackData: hostile, timeStamp: '2030-01-01T00:00:00.000Z' });
    assert.strictEqual((await fetch(notifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status, 200);
    await eventsBecome(outcome.transid!, ['Queued 1001', 'Submitted 7501', 'Delivered 7500', 'Read 7502', 'Failed 9999']);
    // Opened the way a click on the send's row opens it.
    await closeAllEditors();
    assert.strictEqual(await vscode.commands.executeCommand('wxc.openSend', (await findEntryId(outcome.transid!)) ?? ''), true);
    const page = await waitFor('the hostile report on the page', async () => {
      const p = await askPage('response', outcome.transid!);
      return p.text.includes('Failed 9999') ? p : undefined;
    });
    assert.strictEqual(page.meaning, hostile, 'the report\'s words, verbatim');
    assert.deepStrictEqual(page.foreign, [], 'no element made from a report');
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /wxc\.response$/.test(t.input.viewType));
    assert.ok(tab, 'the page is the extension\'s response page');
    assert.match(tab.label, /^Image · test · /);
    await closeAllEditors();
  });

  it('signed reports: with the sandbox signing with the same secret they are taken; with another secret nothing is shown', async () => {
    const signing = await startSandbox({ port: 0, serviceKey: testKey, deliveryDelayMs: 50, webhookSecret: WEBHOOK_SECRET });
    try {
      await configureSending({ test: { baseUrl: sandboxUrl, variables }, signed: { baseUrl: signing.url, variables } });
      assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'signed'), 'signed');
      await vscode.commands.executeCommand('wxc.setServiceKey', 'signed', testKey);
      assert.strictEqual(await vscode.commands.executeCommand('wxc.setWebhookSecret', 'signed', WEBHOOK_SECRET), true);
      const good = await sendText(payload([variables.waid]));
      await eventsBecome(good.transid!, ['Queued 1001', 'Submitted 7501', 'Delivered 7500', 'Read 7502']);

      // Unsigned reports for that send: refused on the bare path (no secret to check them with), and
      // by another environment's URL (one without a secret) taken but not matched to this send.
      const forged = deliveryReportBody({ transid: good.transid!, destination: variables.waid, state: 'Failed', code: '7710', timeStamp: '2031-01-01T00:00:00.000Z' });
      const bare = notifyUrl.slice(0, notifyUrl.lastIndexOf('/'));
      assert.strictEqual((await fetch(bare, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: forged })).status, 401);
      assert.strictEqual((await fetch(`${bare}/no-such-env`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: forged })).status, 401);
      assert.strictEqual((await fetch(notifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: forged })).status, 200);
      await sleep(300);
      assert.deepStrictEqual(
        (await sendNode(good.transid!))?.children.map((c) => c.label),
        ['Queued 1001', 'Submitted 7501', 'Delivered 7500', 'Read 7502'],
      );

      assert.strictEqual(await vscode.commands.executeCommand('wxc.setWebhookSecret', 'signed', 'a-different-secret'), true);
      const refused = await sendText(payload([variables.waid]));
      const state = await waitFor('the sandbox to be refused three times', async () => {
        const s = (await (await fetch(`${signing.url}/messages`)).json()) as { reports: { transid: string; status?: number }[] };
        const mine = s.reports.filter((r) => r.transid === refused.transid);
        return mine.length >= 3 ? mine : undefined;
      });
      assert.deepStrictEqual(
        state.map((r) => r.status),
        [401, 401, 401],
      );
      const node = await sendNode(refused.transid!);
      assert.ok(node);
      assert.deepStrictEqual(
        node.children.map((c) => c.label),
        ['Queued 1001'],
      );

      // The secret appears in no view, response or setting.
      const everything = JSON.stringify(await shown(undefined, 4));
      assert.ok(!everything.includes(WEBHOOK_SECRET), 'not in the Sends view');
      for (const o of [good, refused]) assert.ok(!(await responseText(o)).includes(WEBHOOK_SECRET), 'not on a response page');
      await closeAllEditors();
      const settings = await vscode.workspace.fs.readFile(workspaceUri('.vscode', 'settings.json'));
      assert.ok(!new TextDecoder().decode(settings).includes(WEBHOOK_SECRET), 'not in the settings');
    } finally {
      await vscode.commands.executeCommand('wxc.clearWebhookSecret', 'signed');
      await configureSending({ test: { baseUrl: sandboxUrl, variables } });
      await vscode.commands.executeCommand('wxc.selectEnvironment', 'test');
      await signing.close();
    }
  });

  it('a burst of 1,000 reports across 50 sends (the history\'s bound) is taken with none lost and every one matched', async function () {
    this.timeout(120_000);
    assert.strictEqual(await vscode.commands.executeCommand('wxc.clearSends', true), true);
    const recipients = Array.from({ length: 10 }, (_, i) => `1555000${String(1000 + i)}`);
    const transids: string[] = [];
    // Sends without a notifyurl: the sandbox posts nothing, every report below comes from this test.
    const document = await openDoc(payload(recipients, undefined, false));
    for (let i = 0; i < 50; i++) {
      const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri);
      assert.strictEqual(outcome.result, 'queued', outcome.message);
      transids.push(outcome.transid!);
    }
    const bodies = transids.flatMap((transid) =>
      recipients.flatMap((destination) => [
        deliveryReportBody({ transid, destination, state: 'Submitted', code: '7501', timeStamp: '2026-11-25T10:00:01.000Z' }),
        deliveryReportBody({ transid, destination, state: 'Delivered', code: '7500', timeStamp: '2026-11-25T10:00:02.000Z' }),
      ]),
    );
    assert.strictEqual(bodies.length, 1000);
    const statuses: number[] = [];
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          statuses.push((await fetch(notifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status);
        }
      }),
    );
    const took = Date.now() - started;
    assert.deepStrictEqual([...new Set(statuses)], [200]);
    await waitFor('every send delivered to all 10', async () => {
      const sends = await shown(undefined, 1);
      return sends.length === 50 && sends.every((n) => n.label.startsWith('Delivered · ')) ? true : undefined;
    }, 30_000);
    for (const transid of transids.slice(0, 5)) {
      const node = await sendNode(transid);
      assert.ok(node);
      assert.deepStrictEqual(
        node.children.map((c) => c.label),
        recipients,
      );
      for (const r of node.children) {
        assert.deepStrictEqual(
          r.children.map((c) => c.label),
          ['Queued 1001', 'Submitted 7501', 'Delivered 7500'],
        );
      }
    }
    assert.ok(!(await shown()).some((n) => /^Reports for unknown sends/.test(n.label)), 'none kept apart');
    console.log(`      1,000 reports taken in ${took} ms (${Math.round(1000 / (took / 1000))}/s) with 50 in flight`);
  });

  it('a restarted receiver keeps its token (notify URLs already sent stay valid) and the timelines, which live in the history, not in the receiver', async () => {
    const before = JSON.stringify(await shown());
    await vscode.commands.executeCommand('wxc.stopReceiver');
    await sleep(200);
    const restarted = await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver');
    assert.strictEqual(restarted?.notifyUrl, notifyUrl, 'the token is kept, so notify URLs already sent stay valid');
    assert.strictEqual(JSON.stringify(await shown()), before);
  });

  it('Set Public URL for Delivery Reports… makes {{notifyurl}} the public base URL of the environment, refuses one that is not https or not public, and an empty answer goes back to this machine', async () => {
    const token = new URL(notifyUrl).pathname.split('/')[1];
    const setting = () => vscode.workspace.getConfiguration('wxc').get<Record<string, { notifyBaseUrl?: string }>>('environments')?.test?.notifyBaseUrl;
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setNotifyBaseUrl', 'http://tunnel.example.net'), false, 'plain http to another host is refused');
    assert.strictEqual(setting(), undefined, 'nothing written when refused');
    // Webex Connect posts from the internet: a private or local https host would never get a report.
    for (const base of ['https://10.0.0.5:8443', 'https://nas.local', 'https://[::ffff:192.168.1.2]']) {
      assert.strictEqual(await vscode.commands.executeCommand('wxc.setNotifyBaseUrl', base), false, `${base} is refused`);
      assert.strictEqual(setting(), undefined, `${base}: nothing written`);
    }
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setNotifyBaseUrl', '  https://abc123-8787.euw.devtunnels.ms/  '), true);
    assert.strictEqual(setting(), 'https://abc123-8787.euw.devtunnels.ms', 'trimmed, without the trailing slash');
    const publicUrl = await waitFor('{{notifyurl}} to follow the setting', async () => {
      const url = (await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver'))?.notifyUrl;
      return url?.startsWith('https://') ? url : undefined;
    });
    assert.strictEqual(publicUrl, `https://abc123-8787.euw.devtunnels.ms/${token}/test`);
    assert.deepStrictEqual(Object.keys(vscode.workspace.getConfiguration('wxc').get<Record<string, Record<string, unknown>>>('environments')?.test ?? {}).sort(), ['baseUrl', 'notifyBaseUrl', 'variables']);
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setNotifyBaseUrl', ''), true);
    assert.strictEqual(setting(), undefined);
    const local = await waitFor('{{notifyurl}} back on this machine', async () => {
      const url = (await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver'))?.notifyUrl;
      return url?.startsWith('http://127.0.0.1') ? url : undefined;
    });
    assert.strictEqual(local, notifyUrl);
  });
});

/** The history id of the send with this transid, from the view's command. */
async function findEntryId(transid: string): Promise<string | undefined> {
  const nodes = ((await api.sends.getChildren()) ?? []) as unknown[];
  for (const n of nodes) {
    const item = await api.sends.getTreeItem(n);
    if (typeof item.tooltip === 'string' && item.tooltip.includes(`transid ${transid}`)) return item.command?.arguments?.[0] as string;
  }
  return undefined;
}
