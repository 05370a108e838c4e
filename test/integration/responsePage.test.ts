/**
 * A send's response page in a real VS Code, against the real sandbox and the delivery receiver: the
 * headline is the latest state (Failed 7710 → send a template), the API's answer below it; one page
 * per send, reused from every place that opens it; a title a person reads; local times; the page
 * follows the reports; a report's words stay text; it fits a side column; its JSON is highlighted.
 * What the page shows is read from its webview by the harness (askPage 'response').
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { deliveryReportBody } from '../../src/core/delivery/reports';
import type { SendOutcome } from '../../src/editor/send';
import type { ResponseRendered } from '../../src/editor/responseView';
import { EXTENSION_ID, askPage, closeAllEditors, configureSending, sendsShown, sleep, waitFor, workspaceUri } from './helpers';

interface Api {
  sends: vscode.TreeDataProvider<unknown>;
  responses: { onDidRender: vscode.Event<ResponseRendered>; openIds: () => string[] };
}

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const variables = { WAAppid: 'it-app-42', waid: '15550009876' };

let api: Api;
let notifyUrl = '';

function payload(waid: string, notify = true): string {
  return JSON.stringify({
    deliverychannel: 'whatsapp',
    appid: '{{WAAppid}}',
    destination: [{ waid: [waid] }],
    ...(notify ? { notifyurl: '{{notifyurl}}' } : {}),
    channels: { 'OTT-Messaging': { wa: { type: 'image', image: { url: 'https://cdn.example.com/media/photo.jpg', mimeType: 'image/jpeg' } } } },
  });
}

async function send(content: string, result = 'queued'): Promise<SendOutcome & { before: Date; after: Date }> {
  const uri = workspaceUri('response-page.wa.jsonc').with({ scheme: 'untitled' });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), content));
  const before = new Date();
  const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', document.uri);
  const after = new Date();
  assert.strictEqual(outcome.result, result, outcome.message);
  assert.ok(outcome.sendId);
  return { ...outcome, before, after };
}

/** The response page tabs, in every group. */
function responseTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /wxc\.response$/.test(t.input.viewType));
}

/** Waits until the page of a send shows `needle`, read from its webview. */
async function pageShows(transid: string, needle: string | RegExp, timeoutMs = 15_000): Promise<Awaited<ReturnType<typeof askPage<'response'>>>> {
  let last = '';
  try {
    return await waitFor(
      `the response page to show ${needle}`,
      async () => {
        const page = await askPage('response', transid);
        last = page.text;
        return (typeof needle === 'string' ? page.text.includes(needle) : needle.test(page.text)) ? page : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen:\n${last}`, { cause: err });
  }
}

async function postReport(report: Parameters<typeof deliveryReportBody>[0]): Promise<void> {
  const res = await fetch(notifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deliveryReportBody(report) });
  assert.strictEqual(res.status, 200);
}

/** The Sends view's command for the send with this transid (what a click on its row runs). */
async function rowCommand(transid: string): Promise<vscode.Command> {
  for (const node of ((await api.sends.getChildren()) ?? []) as unknown[]) {
    const item = await api.sends.getTreeItem(node);
    if (typeof item.tooltip === 'string' && item.tooltip.includes(`transid ${transid}`) && item.command) return item.command;
  }
  throw new Error(`no row for ${transid}`);
}

const shortTime = (d: Date) => d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });

describe('The response page in a real VS Code', function () {
  this.timeout(60_000);

  before(async () => {
    assert.ok(sandboxUrl && testKey, 'the harness passes WXC_TEST_SANDBOX_URL and WXC_TEST_SERVICE_KEY');
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    assert.ok(api.responses, 'the extension exports what the response pages rendered');
    await configureSending({ test: { baseUrl: sandboxUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'test'), 'test');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey), true);
    notifyUrl = (await vscode.commands.executeCommand<{ notifyUrl?: string }>('wxc.startReceiver'))?.notifyUrl ?? '';
    assert.ok(notifyUrl);
    await closeAllEditors();
  });

  after(async () => {
    await vscode.commands.executeCommand('wxc.stopReceiver');
    await closeAllEditors();
  });

  it('after the sandbox\'s customer 15550007710 fails with 7710, the headline is "Failed 7710" with "send a template"; "1001 Queued" is below it', async () => {
    const outcome = await send(payload('15550007710'));
    await vscode.commands.executeCommand('wxc.openSend', outcome.sendId);
    const page = await pageShows(outcome.transid!, 'Failed 7710');
    assert.strictEqual(page.headline, '✖ Failed 7710');
    assert.strictEqual(page.meaning, 'Outside the 24-hour window');
    assert.match(page.advice, /only a template message can reach them: send a template\./);
    assert.match(page.answer, /^The API answered 1001 Queued — Accepted for delivery\./);
    assert.ok(page.text.indexOf('Failed 7710') < page.text.indexOf('1001 Queued'), 'the latest state comes before the answer');
    assert.strictEqual(page.foreign.length, 0, page.foreign.join('\n'));
    assert.ok(!page.text.includes(testKey), 'the key is not on the page');
    // A picture for people to look at (.test-results/screenshots/response-failed.png).
    await askPage('screenshot', 'response-failed');
  });

  it('one page per send: opened again from the Sends view, from another group and from the history\'s pick, the same tab is revealed', async () => {
    await closeAllEditors();
    const outcome = await send(payload(variables.waid));
    await vscode.commands.executeCommand('wxc.openSend', outcome.sendId);
    await pageShows(outcome.transid!, 'Read');
    assert.strictEqual(responseTabs().length, 1);
    const column = responseTabs()[0].group.viewColumn;
    // Focus elsewhere: another editor in a third group, then the Sends view's row (its click runs this command).
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'elsewhere' }), vscode.ViewColumn.Three);
    const command = await rowCommand(outcome.transid!);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    await sleep(300);
    assert.strictEqual(responseTabs().length, 1, 'still one page');
    assert.strictEqual(responseTabs()[0].group.viewColumn, column, 'in the group it was in');
    assert.ok(responseTabs()[0].isActive, 'revealed');
    // The history's pick, newest first: its first row is this send.
    const picked = vscode.commands.executeCommand('wxc.showHistory');
    await sleep(600);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.strictEqual(await picked, true);
    assert.strictEqual(responseTabs().length, 1, 'still one page after the history\'s pick');
    assert.deepStrictEqual(api.responses.openIds(), [outcome.sendId]);
  });

  it('its tab is titled by kind, environment and local time', async () => {
    await closeAllEditors();
    const outcome = await send(payload(variables.waid));
    await vscode.commands.executeCommand('wxc.openSend', outcome.sendId);
    await pageShows(outcome.transid!, outcome.transid!);
    const titles = [shortTime(outcome.before), shortTime(outcome.after)].map((t) => `Image · test · ${t}`);
    const tab = await waitFor('the page\'s tab', () => responseTabs()[0]);
    assert.ok(titles.includes(tab.label), `"${tab.label}" is one of ${titles.join(', ')}`);
  });

  it('follows its send: a report that arrives updates the open page (no new tab), in local times, and a page with no notifyurl says no report will come', async () => {
    await closeAllEditors();
    // No notifyurl: the sandbox posts no report; the ones below come from this test.
    const outcome = await send(payload(variables.waid, false));
    await vscode.commands.executeCommand('wxc.openSend', outcome.sendId);
    const queued = await pageShows(outcome.transid!, outcome.transid!);
    assert.strictEqual(queued.headline, '! Queued');
    assert.match(queued.meaning, /no delivery report will come: the payload had no "notifyurl"/);
    const stamps = ['2030-01-01T10:00:01.000Z', '2030-01-01T10:00:02.000Z'];
    await postReport({ transid: outcome.transid!, destination: variables.waid, state: 'Submitted', code: '7501', timeStamp: stamps[0] });
    await postReport({ transid: outcome.transid!, destination: variables.waid, state: 'Read', code: '7502', timeStamp: stamps[1] });
    const read = await pageShows(outcome.transid!, 'Nothing to do.');
    assert.strictEqual(read.headline, '✔ Read');
    assert.strictEqual(responseTabs().length, 1, 'the same page, updated');
    // Times as the Sends view writes them (local), never the raw UTC of a report.
    for (const s of stamps) assert.ok(read.times.includes(new Date(s).toLocaleTimeString()), `${new Date(s).toLocaleTimeString()} in ${read.times.join(', ')}`);
    assert.ok(!/\d{4}-\d\d-\d\dT\d\d:\d\d/.test(read.prose), `no raw time on the page: ${read.prose}`);
    // The step says its state once: "Submitted 7501", not "Submitted 7501 Submitted".
    assert.ok(!/Submitted 7501\s*Submitted/.test(read.prose), read.prose);
  });

  it('a report\'s description with markup and a script stays text: no element, nothing runs', async () => {
    await closeAllEditors();
    const outcome = await send(payload(variables.waid, false));
    await vscode.commands.executeCommand('wxc.openSend', outcome.sendId);
    const hostile = '<img src=x onerror="window.wxcCanary=1"><script>window.wxcCanary=2</script> [click](command:wxc.clearSends) <a href="https://evil.example">x</a>';
    await postReport({ transid: outcome.transid!, destination: variables.waid, state: 'Failed', code: '9999', description: hostile, timeStamp: '2030-01-01T10:00:03.000Z' });
    const page = await pageShows(outcome.transid!, 'Failed 9999');
    assert.strictEqual(page.meaning, hostile, 'the description, verbatim, as the failure\'s meaning');
    assert.ok(page.text.includes(hostile));
    assert.deepStrictEqual(page.foreign, []);
    assert.strictEqual(page.canary, 'unset');
    assert.match(page.csp, /default-src 'none'; script-src 'nonce-[^']+'/);
  });

  it('fits a side column of about 400 px (nothing cut off on the right), and its JSON is highlighted', async () => {
    await closeAllEditors();
    const outcome = await send(payload(variables.waid));
    await vscode.commands.executeCommand('wxc.openSend', outcome.sendId);
    await pageShows(outcome.transid!, 'Read');
    const page = await askPage('response', `narrow-${outcome.transid!}`);
    assert.ok(page.width > 200 && page.width < 480, `a side column (${page.width} px)`);
    assert.ok(page.overflow <= 1, `nothing wider than the column: ${page.overflow} px more`);
    assert.ok(page.highlighted.keys >= 6 && page.highlighted.strings >= 4, JSON.stringify(page.highlighted));
    await askPage('screenshot', 'response-read');
  });

  it('a send the API refused (a wrong key): the page leads with 7001 and what to do; its Sends row starts with the code', async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('wxc.setServiceKey', 'test', 'wrong-key-123456');
    let outcome: Awaited<ReturnType<typeof send>>;
    try {
      outcome = await send(payload(variables.waid), 'rejected');
    } finally {
      await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey);
    }
    assert.strictEqual(outcome.code, '7001');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.openSend', outcome.sendId), true);
    const page = await pageShows('7001', 'Authentication failed');
    assert.strictEqual(page.headline, '✖ 7001 Authentication failed');
    assert.match(page.advice, /Set Service Key…/);
    assert.strictEqual(page.answer, '', 'the answer is the headline: not repeated below it');
    assert.ok(!page.text.includes('wrong-key-123456'), 'the key sent is not on the page');
    const rows = await sendsShown(api.sends, undefined, 1);
    const row = rows.find((r) => r.label.startsWith('7001 · '));
    assert.ok(row, rows.map((r) => r.label).join('\n'));
    assert.match(row.label, /^7001 · Image · \d{1,2}:\d\d/);
    assert.strictEqual(row.description, 'Authentication failed · test · response-page.wa.jsonc');
    assert.strictEqual(row.icon, 'error');
  });
});
