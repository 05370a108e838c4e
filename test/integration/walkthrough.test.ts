/**
 * The walkthrough (VS Code's Getting Started page) in a real VS Code: every step's text, command
 * links, picture and completion event exist; "Get Started" opens it beside the payload; and each
 * step's button, pressed while the walkthrough has the focus, does what the step asks and raises
 * the signal its completion event waits for. The checkmarks themselves are seen by the UI tier.
 */
import * as assert from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { WxcApi } from '../../src/extension';
import { EXTENSION_ID, closeAllEditors, configureSending, sleep, waitFor, workspaceUri } from './helpers';

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image?: string; markdown?: string; svg?: string; altText?: string };
  completionEvents: string[];
}

/** The manifest's walkthrough with its %keys% replaced from package.nls.json, as VS Code shows it. */
function walkthrough(extension: vscode.Extension<WxcApi>): { id: string; title: string; steps: Step[] } {
  const nls = JSON.parse(readFileSync(join(extension.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const text = (value: string): string => {
    const key = /^%(.+)%$/.exec(value)?.[1];
    if (!key) return value;
    assert.ok(key in nls, `package.nls.json has no "${key}"`);
    return nls[key];
  };
  const [w] = (extension.packageJSON as { contributes: { walkthroughs: { id: string; title: string; steps: Step[] }[] } }).contributes.walkthroughs;
  return { id: w.id, title: text(w.title), steps: w.steps.map((s) => ({ ...s, title: text(s.title), description: text(s.description), media: { ...s.media, altText: s.media.altText && text(s.media.altText) } })) };
}

/** The command links of a description: `[label](command:id?args)`, with the arguments decoded. */
function commandLinks(description: string): { label: string; command: string; args: unknown }[] {
  return [...description.matchAll(/\[([^\]]+)\]\(command:([\w.-]+)(?:\?([^)]*))?\)/g)].map((m) => ({
    label: m[1],
    command: m[2],
    args: m[3] === undefined ? undefined : JSON.parse(decodeURIComponent(m[3])),
  }));
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function sandboxMessages(): Promise<{ payload: { channels: Record<string, { wa: { type: string } }> } }[]> {
  return ((await (await fetch(`${sandboxUrl}/messages`)).json()) as { messages: { payload: { channels: Record<string, { wa: { type: string } }> } }[] }).messages;
}

/** The tab of VS Code's Getting Started page (an editor VS Code gives the API no input type for). */
function walkthroughTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input === undefined && /Walkthrough|Welcome/.test(t.label));
}

/** Waits for the walkthrough's signal of a step (its onContext completion event). */
async function seenBy(api: WxcApi, step: Parameters<WxcApi['walkthrough']['seen']>[0]): Promise<void> {
  await waitFor(`the walkthrough's "${step}" step to be done`, () => (api.walkthrough.seen(step) ? true : undefined), 5_000);
}

/** Gives the column of the tab `find` finds the focus, as a click in it does; resolves to that tab. */
async function focusColumnOf(what: string, find: () => vscode.Tab | undefined): Promise<vscode.Tab> {
  const tab = await waitFor(what, find);
  const column = tab.group.viewColumn;
  const focus = ['First', 'Second', 'Third', 'Fourth'][column - 1];
  assert.ok(focus, `the tab is in column ${column}`);
  await vscode.commands.executeCommand(`workbench.action.focus${focus}EditorGroup`);
  await waitFor(`column ${column} to have the focus`, () => (vscode.window.tabGroups.activeTabGroup.viewColumn === column ? true : undefined), 5_000);
  return tab;
}

/** The preview's tab (a webview). */
function previewTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('wxc.preview'));
}

describe('The walkthrough', function () {
  this.timeout(90_000);
  let extension: vscode.Extension<WxcApi>;
  let api: WxcApi;

  before(async () => {
    const found = vscode.extensions.getExtension<WxcApi>(EXTENSION_ID);
    assert.ok(found);
    extension = found;
    api = await extension.activate();
  });
  after(closeAllEditors);
  const seen = (step: Parameters<WxcApi['walkthrough']['seen']>[0]) => seenBy(api, step);

  it('has the five steps, each with its text, its command links to registered commands, its picture and a completion event the extension raises', async () => {
    const { id, title, steps } = walkthrough(extension);
    assert.strictEqual(`${EXTENSION_ID}#${id}`, api.walkthrough.id);
    assert.strictEqual(title, 'Send WhatsApp messages with Webex Connect');
    assert.deepStrictEqual(steps.map((s) => s.id), ['environment', 'message', 'preview', 'send', 'delivery']);
    const registered = new Set(await vscode.commands.getCommands(false));
    const contributes = extension.packageJSON.contributes as { views: Record<string, { id: string }[]> };
    const views = new Set(Object.values(contributes.views).flat().map((v) => v.id));
    const raised = ['wxc.walkthrough.environmentSelected', 'wxc.walkthrough.payloadOpened', 'wxc.walkthrough.previewShown', 'wxc.walkthrough.sent'];
    for (const step of steps) {
      assert.ok(step.title.length > 3 && step.description.length > 40, `step ${step.id} has its title and description`);
      const links = commandLinks(step.description);
      assert.ok(links.length >= 1, `step ${step.id} links at least one command: ${step.description}`);
      for (const link of links) assert.ok(registered.has(link.command), `step ${step.id}: "${link.label}" runs ${link.command}, which is not a registered command`);
      assert.ok(step.media.image && step.media.altText, `step ${step.id} has a picture with its alt text`);
      const image = join(extension.extensionPath, step.media.image);
      assert.ok(existsSync(image), `step ${step.id}: ${step.media.image} exists`);
      assert.ok(readFileSync(image).subarray(0, 8).equals(PNG), `step ${step.id}: ${step.media.image} is a PNG`);
      assert.ok(step.completionEvents.length >= 1, `step ${step.id} has a completion event`);
      for (const event of step.completionEvents) {
        const [, kind, arg] = /^(\w+):(.+)$/.exec(event) ?? [];
        if (kind === 'onContext') assert.ok(raised.includes(arg), `step ${step.id}: ${arg} is not a context key the extension sets`);
        else if (kind === 'onView') assert.ok(views.has(arg), `step ${step.id}: ${arg} is not a contributed view`);
        else if (kind === 'onCommand') assert.ok(registered.has(arg), `step ${step.id}: ${arg} is not a registered command`);
        else assert.fail(`step ${step.id}: unexpected completion event ${event}`);
      }
    }
    // Each step's main button is the command the step is about.
    const first = (id: string) => commandLinks(steps.find((s) => s.id === id)?.description ?? '')[0]?.command;
    assert.deepStrictEqual(
      ['environment', 'message', 'preview', 'send', 'delivery'].map(first),
      ['wxc.selectEnvironment', 'wxc.newMessage', 'wxc.openPreviewToSide', 'wxc.send', 'wxc.sends.focus'],
    );
  });

  it('"Get Started" opens it beside the payload in the editor, and each step\'s button, pressed there, does the step', async () => {
    assert.ok(sandboxUrl && testKey, 'the harness passes WXC_TEST_SANDBOX_URL and WXC_TEST_SERVICE_KEY');
    await closeAllEditors();
    await configureSending({ walkthrough: { baseUrl: sandboxUrl, variables: { WAAppid: 'app', waid: '15550001234' } } });
    await vscode.commands.executeCommand('wxc.setServiceKey', 'walkthrough', testKey);

    // Choose where messages go.
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'walkthrough'), 'walkthrough');
    await seen('environment');

    // A payload in the editor, then the walkthrough: it opens in another column and the payload stays in view.
    const payload = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('samples', 'image.wa.jsonc')));
    await seen('message');
    await vscode.commands.executeCommand('wxc.openWalkthrough');
    const tab = await focusColumnOf('the walkthrough tab', walkthroughTab);
    assert.notStrictEqual(tab.group.viewColumn, payload.viewColumn, 'the walkthrough opened beside the payload, not over it');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === payload.document), 'the payload is still in view');

    // Preview it: the button acts on the payload beside the walkthrough.
    const rendered = new Promise<string>((resolve) => {
      const sub = api.preview.onDidRender((r) => {
        sub.dispose();
        resolve(r.uri);
      });
    });
    await vscode.commands.executeCommand('wxc.openPreviewToSide');
    assert.strictEqual(await Promise.race([rendered, sleep(15_000).then(() => 'nothing rendered')]), payload.document.uri.toString());
    await seen('preview');

    // Send it: the payload beside the walkthrough, once.
    const before = (await sandboxMessages()).length;
    const outcome = await vscode.commands.executeCommand<{ posted: boolean; code?: string; message: string }>('wxc.send');
    assert.strictEqual(outcome.posted, true, outcome.message);
    assert.strictEqual(outcome.code, '1001', outcome.message);
    const messages = await sandboxMessages();
    assert.strictEqual(messages.length, before + 1);
    assert.strictEqual(messages[messages.length - 1].payload.channels['OTT-Messaging'].wa.type, 'image');
    await seen('send');

    // Follow its delivery: the Sends view opens on the send.
    await vscode.commands.executeCommand('wxc.sends.focus');
    const rows = await api.sends.getChildren();
    assert.ok(rows && rows.length > 0, 'the Sends view lists the send');
  });

  it('with the preview focused (no text editor), Send sends the one payload in view, and neither of two', async () => {
    await closeAllEditors();
    const image = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('samples', 'image.wa.jsonc')));
    await vscode.commands.executeCommand('wxc.openPreviewToSide');
    await focusColumnOf('the preview tab', previewTab);
    await waitFor('no text editor to be active', () => (vscode.window.activeTextEditor === undefined ? true : undefined), 5_000);
    let before = (await sandboxMessages()).length;
    const sent = await vscode.commands.executeCommand<{ posted: boolean; message: string }>('wxc.send');
    assert.strictEqual(sent.posted, true, sent.message);
    const messages = await sandboxMessages();
    assert.strictEqual(messages.length, before + 1);
    assert.strictEqual(messages[messages.length - 1].payload.channels['OTT-Messaging'].wa.type, 'image', `${image.document.uri.path} was sent`);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('samples', 'text.wa.jsonc')), vscode.ViewColumn.One);
    await vscode.window.showTextDocument(image.document, vscode.ViewColumn.Three);
    await focusColumnOf('the preview tab', previewTab);
    await waitFor('no text editor to be active', () => (vscode.window.activeTextEditor === undefined ? true : undefined), 5_000);
    assert.strictEqual(new Set(vscode.window.visibleTextEditors.filter((e) => e.document.languageId === 'wa-payload').map((e) => e.document)).size, 2, 'two payloads are in view');
    before = (await sandboxMessages()).length;
    const outcome = await vscode.commands.executeCommand<{ posted: boolean; result: string }>('wxc.send');
    assert.strictEqual(outcome.posted, false);
    assert.strictEqual(outcome.result, 'no-document');
    assert.strictEqual((await sandboxMessages()).length, before, 'nothing was sent');
  });
});
