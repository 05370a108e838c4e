/**
 * Pitfalls of public code, flagged in a real VS Code before anything is sent: a template's name
 * where its id goes (a fix writes the id wxc.templates gives it), and an environment's baseUrl on
 * the docs' host without "api." (a fix in the settings file writes the documented host), and Send
 * stopping at such a host with a dialog that offers the fix.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { skeletonPayload } from '../../src/core/messages/scaffold';
import type { SendOutcome } from '../../src/editor/send';
import { closeAllEditors, configureSending, describeDiagnostic, settledDiagnostics, workspaceUri } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const SPRING = '602076559564625';
const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const variables = { WAAppid: 'it-app-42', waid: '15550009876' };

async function actionsAt(uri: vscode.Uri, range: vscode.Range, wanted: string): Promise<vscode.CodeAction[]> {
  let actions: vscode.CodeAction[] = [];
  for (let i = 0; i < 50 && !actions.some((a) => a.title === wanted); i++) {
    actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    if (!actions.some((a) => a.title === wanted)) await new Promise((r) => setTimeout(r, 100));
  }
  return actions;
}

describe('Pitfalls of public code in a real VS Code', function () {
  this.timeout(60_000);
  afterEach(async () => {
    // Reverts the settings file the fix edited before the settings are written again.
    await closeAllEditors();
    await vscode.workspace.getConfiguration('wxc').update('templates', undefined, vscode.ConfigurationTarget.Workspace);
    await configureSending({ test: { baseUrl: sandboxUrl, variables } });
  });

  it('a template name where the id goes: a warning, and the quick fix writes the id wxc.templates gives that name', async () => {
    await vscode.workspace
      .getConfiguration('wxc')
      .update('templates', { [SPRING]: { name: 'spring_offer', header: { type: 'image' }, body: 'Hi {{name}}, use {{code}}.' } }, vscode.ConfigurationTarget.Workspace);
    const p = skeletonPayload('template') as Loose;
    p.message.template = 'spring_offer';
    p.message.parameters.image.link = 'https://media.acme-shop.com/offer.jpg';
    const document = await vscode.workspace.openTextDocument(workspaceUri('name-for-id.wa.jsonc').with({ scheme: 'untitled' }));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), JSON.stringify(p, null, 2)));
    const diagnostics = await settledDiagnostics(document.uri);
    const warning = diagnostics.find((d) => d.code === 'template-id');
    assert.ok(warning, diagnostics.map(describeDiagnostic).join('\n'));
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning.message, /"spring_offer" is the name of template 602076559564625/);
    assert.strictEqual(document.getText(warning.range), '"spring_offer"');
    const title = `Write the template id ${SPRING} (spring_offer)`;
    const action = (await actionsAt(document.uri, warning.range, title)).find((a) => a.title === title);
    assert.ok(action?.edit, 'the fix is offered');
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.strictEqual((parse(document.getText()) as Loose).message.template, SPRING);
    const after = await settledDiagnostics(document.uri);
    assert.deepStrictEqual(after.filter((d) => d.code === 'template-id').map(describeDiagnostic), []);
  });

  it('a baseUrl without "api.": a warning in the settings file, before it is opened, and a fix that writes the documented host only when chosen', async () => {
    await configureSending({ test: { baseUrl: sandboxUrl, variables }, docs: { baseUrl: 'https://eu.webexconnect.io', variables } });
    const settingsUri = workspaceUri('.vscode', 'settings.json');
    let diagnostics: vscode.Diagnostic[] = [];
    for (let i = 0; i < 100 && !diagnostics.some((d) => d.code === 'host-pitfall'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      diagnostics = vscode.languages.getDiagnostics(settingsUri);
    }
    const closed = diagnostics.find((d) => d.code === 'host-pitfall');
    assert.ok(closed, `a warning on the closed settings file: ${diagnostics.map(describeDiagnostic).join('\n')}`);
    assert.strictEqual(closed.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(closed.message, /Environment "docs": eu\.webexconnect\.io is not a Webex Connect API host.*api\.eu\.webexconnect\.io/);

    const document = await vscode.workspace.openTextDocument(settingsUri);
    await vscode.window.showTextDocument(document);
    const open = (await settledDiagnostics(settingsUri)).find((d) => d.code === 'host-pitfall');
    assert.ok(open);
    assert.strictEqual(document.getText(open.range), '"https://eu.webexconnect.io"');
    const before = document.getText();
    const title = 'Use https://api.eu.webexconnect.io';
    const action = (await actionsAt(settingsUri, open.range, title)).find((a) => a.title === title);
    assert.ok(action?.edit && action.isPreferred, 'the documented host is the preferred fix');
    assert.strictEqual(document.getText(), before, 'offering the fix changed nothing');
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.strictEqual((parse(document.getText()) as Loose)['wxc.environments'].docs.baseUrl, 'https://api.eu.webexconnect.io');
    const fixed = await settledDiagnostics(settingsUri);
    assert.deepStrictEqual(fixed.filter((d) => d.code === 'host-pitfall').map(describeDiagnostic), []);
  });

  /**
   * VS Code refuses every modal dialog while extension tests run, and the command rejects with the
   * dialog's message: what Send asked is read from it. Its detail (the documented host) and pressing
   * "Use … and Send" are the UI tier's part (scripts/test-ui.mjs), where a real dialog is clicked.
   */
  async function sendAsked(environment: string, baseUrl: string): Promise<string> {
    await configureSending({ test: { baseUrl: sandboxUrl, variables }, [environment]: { baseUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', environment), environment);
    try {
      const outcome = await vscode.commands.executeCommand<SendOutcome>('wxc.send', workspaceUri('samples', 'image.wa.jsonc'));
      return assert.fail(`Send asked nothing: ${JSON.stringify(outcome)}`);
    } catch (err) {
      return (err as Error).message;
    } finally {
      await vscode.commands.executeCommand('wxc.selectEnvironment', 'test');
    }
  }

  const sandboxMessages = async () => ((await (await fetch(`${sandboxUrl}/messages`)).json()) as { messages: unknown[] }).messages.length;

  it('Send to the docs\' host without "api." stops at a dialog saying so, before anything is sent; the setting is unchanged', async () => {
    const before = await sandboxMessages();
    const asked = await sendAsked('docs', 'https://eu.webexconnect.io/');
    assert.match(asked, /refused to show dialog in tests\. Contents: Not sent: the baseUrl of environment "docs" is not the address of Webex Connect's API\./, asked);
    const setting = vscode.workspace.getConfiguration('wxc').inspect<Record<string, Loose>>('environments')?.workspaceValue;
    assert.strictEqual(setting?.docs?.baseUrl, 'https://eu.webexconnect.io/', 'the setting was changed without the fix being chosen');
    assert.strictEqual(await sandboxMessages(), before, 'something was sent');
  });

  it('Send stops at the same dialog for a region that does not exist, the docs\' {YourRegion}, plain http:// and a path that is not the API\'s', async () => {
    for (const [name, baseUrl] of [
      ['apac', 'https://api.ap.webexconnect.io'],
      ['copied', 'https://{YourRegion}.webexconnect.io'],
      ['plain', 'http://api.eu.webexconnect.io'],
      ['versioned', 'https://api.eu.webexconnect.io/resources/v1'],
      ['dashed', 'https://api-us.webexconnect.io'],
    ]) {
      const asked = await sendAsked(name, baseUrl);
      assert.ok(asked.includes(`Contents: Not sent: the baseUrl of environment "${name}" is not the address of Webex Connect's API.`), `${baseUrl}: ${asked}`);
    }
  });
});
