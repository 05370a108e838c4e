import * as assert from 'node:assert';
import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import * as vscode from 'vscode';
import { MEDIA_TYPES } from '../../src/core/media/table';
import { askPage, closeAllEditors, configureSending, receiverRunning, sleep, waitFor, workspaceUri } from './helpers';
import type { SendOutcome } from '../../src/editor/send';


interface SandboxState {
  messages: { transid: string; type?: string; recipients: number; payload: Record<string, unknown> }[];
  requests: { path: string; keyPresent: boolean; keyValid: boolean; code: string }[];
}

const sandboxUrl = process.env.WXC_TEST_SANDBOX_URL ?? '';
const testKey = process.env.WXC_TEST_SERVICE_KEY ?? '';
const variables = { WAAppid: 'it-app-42', waid: '15550009876' };

async function sandbox(): Promise<SandboxState> {
  const res = await fetch(`${sandboxUrl}/messages`);
  return (await res.json()) as SandboxState;
}

async function resetSandbox(): Promise<void> {
  await fetch(`${sandboxUrl}/messages`, { method: 'DELETE' });
}

const send = (uri?: vscode.Uri) => vscode.commands.executeCommand<SendOutcome>('wxc.send', uri);

async function openDoc(content: string, name = 'scratch.wa.jsonc'): Promise<vscode.TextDocument> {
  const uri = workspaceUri(name).with({ scheme: 'untitled' });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), content));
  return document;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

function samplePayload(type: string, edit: (p: Loose) => void = () => undefined): string {
  const p: Loose = {
    deliverychannel: 'whatsapp',
    appid: '{{WAAppid}}',
    destination: [{ waid: ['{{waid}}'] }],
    channels: { 'OTT-Messaging': { wa: { type, [type]: { url: 'https://cdn.example.com/media/photo.jpg', mimeType: 'image/jpeg' } } } },
  };
  edit(p);
  return `// scratch\n${JSON.stringify(p, null, 2)}\n`;
}

/** A local server that misbehaves on purpose, answering with `handler`. */
async function faultServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // Sends only: with the receiver running, the editor also asks a loopback endpoint whether it is the sandbox (GET /sandbox).
      if (req.method === 'POST') hits++;
      handler(req, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('Sending to the local sandbox from a real VS Code', function () {
  this.timeout(60_000);

  before(async () => {
    // The samples' {{notifyurl}} is the receiver's, as npm start has it.
    await receiverRunning();
    assert.ok(sandboxUrl && testKey, 'the harness passes WXC_TEST_SANDBOX_URL and WXC_TEST_SERVICE_KEY');
    await configureSending({ test: { baseUrl: sandboxUrl, variables } });
    assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'test'), 'test');
    assert.strictEqual(await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey), true);
  });
  beforeEach(resetSandbox);
  afterEach(closeAllEditors);

  for (const type of MEDIA_TYPES) {
    it(`sends the ${type} sample exactly once: key header, no comments, no $schema, variables filled`, async () => {
      const uri = workspaceUri('samples', `${type}.wa.jsonc`);
      await vscode.window.showTextDocument(uri);
      const outcome = await send(uri);
      assert.strictEqual(outcome.result, 'queued', outcome.message);
      assert.strictEqual(outcome.code, '1001');
      assert.match(outcome.transid ?? '', /^[0-9a-f-]{36}$/);
      const state = await sandbox();
      assert.strictEqual(state.requests.length, 1, 'exactly one request');
      assert.ok(state.requests[0].keyValid, 'with the right key header');
      assert.strictEqual(state.messages.length, 1);
      const sent = state.messages[0];
      assert.strictEqual(sent.transid, outcome.transid);
      assert.strictEqual(sent.type, type);
      const body = JSON.stringify(sent.payload);
      // The samples' comment header says "Hover any field"; none of it may travel.
      assert.ok(!body.includes('{{') && !body.includes('$schema') && !body.includes('Hover any field'), body);
      assert.strictEqual(sent.payload.appid, variables.WAAppid);
      assert.deepStrictEqual(sent.payload.destination, [{ waid: [variables.waid] }]);
      // The response page shows the code, its meaning and the transid, and never the key.
      assert.ok(outcome.sendId);
      assert.strictEqual(await vscode.commands.executeCommand('wxc.openSend', outcome.sendId), true);
      const page = await askPage('response', outcome.transid ?? 'none');
      assert.match(page.answer, /1001 Queued/);
      assert.ok(page.text.includes(outcome.transid ?? 'none'));
      assert.ok(!page.text.includes(testKey));
      await closeAllEditors();
    });
  }

  it('drops $schema and comments from what is sent', async () => {
    const document = await openDoc(
      samplePayload('image', (p) => (p.$schema = './whatsapp-message.schema.json')).replace('"deliverychannel"', '/* block */ "deliverychannel"'),
    );
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.code, '1001', outcome.message);
    const [sent] = (await sandbox()).messages;
    assert.ok(!('$schema' in sent.payload), JSON.stringify(sent.payload));
    assert.deepStrictEqual(Object.keys(sent.payload), ['deliverychannel', 'appid', 'destination', 'channels']);
  });

  it('with the media preflight on, a clean payload is sent without a question', async () => {
    await vscode.workspace.getConfiguration('wxc').update('preflightMedia', true, vscode.ConfigurationTarget.Workspace);
    try {
      const outcome = await send(workspaceUri('samples', 'document.wa.jsonc'));
      assert.strictEqual(outcome.code, '1001', outcome.message);
    } finally {
      await vscode.workspace.getConfiguration('wxc').update('preflightMedia', false, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('with the media preflight on, a predicted failure asks first, in the singular for one problem, and nothing leaves until it is answered', async () => {
    await vscode.workspace.getConfiguration('wxc').update('preflightMedia', true, vscode.ConfigurationTarget.Workspace);
    try {
      const document = await openDoc(samplePayload('image', (p) => (p.channels['OTT-Messaging'].wa.image.url = 'https://media.acme-cdn.net/team.png')));
      // VS Code refuses modal dialogs in extension tests and the command rejects with the dialog's text;
      // answering it (and which button is the default) is the UI tier's part (scripts/test-ui.mjs).
      const refused = await send(document.uri).then(
        (o) => assert.fail(`sent without asking: ${JSON.stringify(o)}`),
        (err: Error) => err.message,
      );
      assert.match(refused, /The media check found 1 problem that would make WhatsApp fail to deliver this message\. Send anyway\?/);
      assert.doesNotMatch(refused, /problem\(s\)/);
      assert.strictEqual((await sandbox()).requests.length, 0, 'nothing sent');
    } finally {
      await vscode.workspace.getConfiguration('wxc').update('preflightMedia', false, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('the CodeLens offers "Send with test" on a payload', async () => {
    const uri = workspaceUri('samples', 'image.wa.jsonc');
    await vscode.window.showTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /Send with test \(127\.0\.0\.1:\d+\)/.test(t)), titles.join(' | '));
    assert.ok(titles.includes('Copy as cURL'));
  });

  it('a wrong key gives 7001 with what to do', async () => {
    await vscode.commands.executeCommand('wxc.setServiceKey', 'test', 'wrong-key-123456');
    try {
      const outcome = await send(workspaceUri('samples', 'image.wa.jsonc'));
      assert.strictEqual(outcome.code, '7001');
      assert.strictEqual(outcome.result, 'rejected');
      assert.match(outcome.message, /Authentication failed.*Set Service Key/);
      assert.strictEqual((await sandbox()).messages.length, 0);
    } finally {
      await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey);
    }
  });

  it('without a key it asks for one, and sends nothing when the prompt is dismissed', async () => {
    await vscode.commands.executeCommand('wxc.clearServiceKey', 'test');
    try {
      const pending = send(workspaceUri('samples', 'image.wa.jsonc'));
      await sleep(1000);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      const outcome = await pending;
      assert.strictEqual(outcome.result, 'no-key', outcome.message);
      assert.match(outcome.message, /has no service key.*Set Service Key/);
      assert.strictEqual((await sandbox()).requests.length, 0);
    } finally {
      await vscode.commands.executeCommand('wxc.setServiceKey', 'test', testKey);
    }
  });

  it('an invalid payload is not sent; the message says what and where', async () => {
    const document = await openDoc(samplePayload('audio'));
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.result, 'schema');
    assert.match(outcome.message, /line \d+, column \d+ \(channels\.OTT-Messaging\.wa\.audio\.mimeType\)/);
    assert.strictEqual((await sandbox()).requests.length, 0);
  });

  it('an unresolved variable is not sent; each name and place is listed', async () => {
    const document = await openDoc(samplePayload('image', (p) => (p.correlationid = '{{orderId}}')));
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.result, 'variables');
    assert.match(outcome.message, /\{\{orderId\}\} is not defined in environment "test"/);
    assert.match(outcome.message, /line 23, column 20 \(correlationid\)/);
    assert.strictEqual((await sandbox()).requests.length, 0);
  });

  it('more than 1000 destinations gives 7009 and the advice to split', async () => {
    const many = (n: number, from: number) => Array.from({ length: n }, (_, i) => String(15550000000 + from + i));
    const document = await openDoc(samplePayload('image', (p) => (p.destination = [{ waid: many(600, 0) }, { waid: many(600, 600) }])));
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.code, '7009');
    assert.match(outcome.message, /at most 1000/);
  });

  it('a payload with a syntax error is not sent', async () => {
    const document = await openDoc('{\n  "deliverychannel": "whatsapp"\n  "appid": "x"\n}');
    const outcome = await send(document.uri);
    assert.strictEqual(outcome.result, 'syntax');
    // The place written once.
    assert.strictEqual(outcome.message, "Not sent: the payload can't be read: line 3, column 3: Syntax error: a comma was expected between entries.");
    assert.strictEqual((await sandbox()).requests.length, 0);
  });

  describe('servers that misbehave', () => {
    const useFaulty = async (url: string, timeoutSeconds = 30) => {
      await configureSending({ test: { baseUrl: sandboxUrl, variables }, faulty: { baseUrl: url, variables } }, { timeoutSeconds });
      await vscode.commands.executeCommand('wxc.selectEnvironment', 'faulty');
      await vscode.commands.executeCommand('wxc.setServiceKey', 'faulty', testKey);
    };
    const sendTo = async (url: string, timeoutSeconds = 30) => {
      await useFaulty(url, timeoutSeconds);
      return send(workspaceUri('samples', 'image.wa.jsonc'));
    };
    after(async () => {
      await configureSending({ test: { baseUrl: sandboxUrl, variables } }, { timeoutSeconds: 30 });
      await vscode.commands.executeCommand('wxc.selectEnvironment', 'test');
    });

    it('a non-JSON answer', async () => {
      const server = await faultServer((_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'));
      try {
        const outcome = await sendTo(server.url);
        assert.strictEqual(outcome.result, 'unreadable');
        assert.match(outcome.message, /HTTP 200 with a body that is not JSON.*wxc\.environments/);
        assert.strictEqual(server.hits(), 1);
      } finally {
        await server.close();
      }
    });

    it('HTTP 500 with an HTML page', async () => {
      const server = await faultServer((_q, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>'));
      try {
        const outcome = await sendTo(server.url);
        assert.strictEqual(outcome.result, 'unreadable');
        assert.match(outcome.message, /HTTP 500 with an HTML page.*server failed/);
        assert.strictEqual(server.hits(), 1, 'never retried');
      } finally {
        await server.close();
      }
    });

    it('a server that never answers times out, once', async () => {
      const server = await faultServer(() => undefined);
      try {
        const outcome = await sendTo(server.url, 1);
        assert.strictEqual(outcome.result, 'timeout');
        assert.match(outcome.message, /No answer .* within 1 s.*may still have been accepted/);
        assert.strictEqual(server.hits(), 1, 'never retried');
      } finally {
        await server.close();
      }
    });

    // The sandbox misbehaves on demand under /fault/<mode>: an environment's baseUrl points there.
    const faults: [string, number, (o: SendOutcome) => void][] = [
      ['429', 30, (o) => (assert.strictEqual(o.code, '7020'), assert.match(o.message, /Maximum transaction limit reached.*Wait/))],
      ['reset', 30, (o) => (assert.strictEqual(o.result, 'reset'), assert.match(o.message, /closed the connection.*may have been accepted/))],
      ['stall-headers', 1, (o) => (assert.strictEqual(o.result, 'timeout'), assert.match(o.message, /No answer .* within 1 s/))],
      ['stall-body', 1, (o) => assert.strictEqual(o.result, 'timeout')],
      ['huge-200', 30, (o) => (assert.strictEqual(o.result, 'unreadable'), assert.match(o.message, /too large to be the API's/))],
      ['html-500', 30, (o) => (assert.strictEqual(o.result, 'unreadable'), assert.match(o.message, /HTTP 500 with an HTML page/))],
      ['text-200', 30, (o) => (assert.strictEqual(o.result, 'unreadable'), assert.match(o.message, /not JSON/))],
    ];
    for (const [mode, timeoutSeconds, expect] of faults) {
      it(`the sandbox's ${mode} fault gives its own message, and the next send works`, async () => {
        const outcome = await sendTo(`${sandboxUrl}/fault/${mode}`, timeoutSeconds);
        expect(outcome);
        const faulted = (await sandbox()).requests.filter((r) => r.path.startsWith(`/fault/${mode}/`));
        assert.strictEqual(faulted.length, 1, 'sent once, never retried');
        await vscode.commands.executeCommand('wxc.selectEnvironment', 'test');
        assert.strictEqual((await send(workspaceUri('samples', 'image.wa.jsonc'))).code, '1001');
      });
    }

    it('a second send of the same payload while one is in flight is refused', async () => {
      const server = await faultServer(() => undefined);
      try {
        const first = sendTo(server.url, 2);
        await waitFor('the first request to arrive', () => (server.hits() > 0 ? true : undefined));
        const second = await send(workspaceUri('samples', 'image.wa.jsonc'));
        assert.strictEqual(second.result, 'in-flight');
        assert.match(second.message, /being sent already/);
        assert.strictEqual((await first).result, 'timeout');
        assert.strictEqual(server.hits(), 1);
      } finally {
        await server.close();
      }
    });

    it('a user cancel says the message may still have been accepted', async () => {
      const server = await faultServer(() => undefined);
      try {
        await useFaulty(server.url, 20);
        // Only the progress notification may be on screen when its Cancel is pressed.
        await vscode.commands.executeCommand('notifications.clearAll');
        const pending = send(workspaceUri('samples', 'image.wa.jsonc'));
        await waitFor('the request to arrive', () => (server.hits() > 0 ? true : undefined));
        await sleep(300);
        // The progress notification's primary action is its Cancel button.
        await vscode.commands.executeCommand('notifications.focusToasts');
        await vscode.commands.executeCommand('notification.acceptPrimaryAction');
        const outcome = await Promise.race([pending, sleep(10_000).then(() => undefined)]);
        assert.ok(outcome, 'the send ended after the cancel');
        assert.strictEqual(outcome.result, 'cancelled');
        assert.match(outcome.message, /Cancelled after the request left.*may still have accepted/);
      } finally {
        await server.close();
      }
    });
  });

  it('Copy as cURL puts the resolved payload and $WXC_SERVICE_KEY on the clipboard, never the key', async () => {
    const uri = workspaceUri('samples', 'document.wa.jsonc');
    const command = await vscode.commands.executeCommand<string>('wxc.copyAsCurl', uri);
    assert.strictEqual(await vscode.env.clipboard.readText(), command);
    assert.match(command, new RegExp(`^curl -sS -X POST '${sandboxUrl.replace(/[.]/g, '\\.')}/resources/v1/messaging'`));
    assert.match(command, /-H "key: \$WXC_SERVICE_KEY"/);
    assert.ok(command.includes(variables.WAAppid) && !command.includes('{{'));
    assert.ok(!command.includes(testKey));
  });

  it('Show Send History lists the sends and reopens a response, without the key', async () => {
    const outcome = await send(workspaceUri('samples', 'video.wa.jsonc'));
    await closeAllEditors();
    const pending = vscode.commands.executeCommand<boolean | undefined>('wxc.showHistory');
    await sleep(800);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.strictEqual(await pending, true, 'a response page was opened');
    const page = await askPage('response', outcome.transid ?? 'none');
    assert.match(page.answer, /1001 Queued/);
    assert.match(page.text, /video to 1 recipient/);
    assert.ok(!page.text.includes(testKey));
    await closeAllEditors();
  });

  it('the sandbox environment of the user settings sends with the key its keyFromEnv names', async () => {
    const user = vscode.workspace.getConfiguration('wxc').inspect<Record<string, Record<string, unknown>>>('environments')?.globalValue;
    assert.strictEqual(user?.sandbox?.keyFromEnv, 'WXC_SANDBOX_KEY', 'the harness defines "sandbox" in the user settings, as npm start does');
    await vscode.commands.executeCommand('wxc.clearServiceKey', 'sandbox');
    await configureSending({});
    try {
      assert.strictEqual(await vscode.commands.executeCommand('wxc.selectEnvironment', 'sandbox'), 'sandbox');
      const outcome = await send(workspaceUri('samples', 'sticker.wa.jsonc'));
      assert.strictEqual(outcome.code, '1001', outcome.message);
      const state = await sandbox();
      assert.strictEqual(state.messages[0].payload.appid, 'sandbox-whatsapp-app');
    } finally {
      await configureSending({ test: { baseUrl: sandboxUrl, variables } });
      await vscode.commands.executeCommand('wxc.selectEnvironment', 'test');
    }
  });
});
