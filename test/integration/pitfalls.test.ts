/**
 * Pitfalls of public code, flagged in a real VS Code before anything is sent: a template's name
 * where its id goes (a fix writes the id wxc.templates gives it), and an environment's baseUrl on
 * the docs' host without "api." (a fix in the settings file writes the documented host).
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { skeletonPayload } from '../../src/core/messages/scaffold';
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
});
