/**
 * What the editor asks of the local sandbox (src/core/net/sandboxApi.ts), against the real sandbox
 * and other real servers on 127.0.0.1: knowing the sandbox, registering its webhook, a customer's tap.
 */
import * as assert from 'node:assert';
import type * as http from 'node:http';
import { loopbackJson } from '../../../src/core/net/loopbackJson';
import { clearSandboxWebhook, isSandbox, loopbackOrigin, sandboxIdentity, sandboxWebhook, setSandboxWebhook, tapInSandbox } from '../../../src/core/net/sandboxApi';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { KEY, assertQueued, closeServer, send, startReceiver } from '../helpers/sandbox';

const replyTo = (waid: string) => ({
  deliverychannel: 'whatsapp',
  appid: 'WA1',
  destination: [{ waid: [waid] }],
  channels: { 'OTT-Messaging': { wa: { type: 'reply', reply: { body: { text: 'OK?' }, action: { buttons: [{ type: 'reply', reply: { id: 'ok', title: 'OK' } }] } } } } },
});

describe('the sandbox as the editor sees it', () => {
  let sandbox: Sandbox;
  const servers: http.Server[] = [];

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 5 });
  });
  afterEach(async () => {
    sandbox.reset();
    await clearSandboxWebhook(sandbox.url);
    await Promise.all(servers.splice(0).map(closeServer));
  });
  after(() => sandbox.close());

  it('knows the sandbox by its answer to GET /sandbox, not by its address', async () => {
    assert.strictEqual(await isSandbox(sandbox.url), true);
    const other = await startReceiver(200);
    servers.push(other.server);
    assert.strictEqual(await isSandbox(other.url), false, 'another local server is not the sandbox');
    const gone = await startReceiver();
    await closeServer(gone.server);
    assert.strictEqual(await isSandbox(gone.url), false, 'nothing listening');
  });

  it('tells a sandbox that restarted on the same port by its instance, which forgot its webhook', async () => {
    const first = await startSandbox({ serviceKey: KEY });
    const port = first.port;
    assert.strictEqual(await setSandboxWebhook(first.url, 'http://127.0.0.1:9/tok/sandbox'), undefined);
    const before = await sandboxIdentity(first.url);
    assert.ok(before && typeof before.instance === 'string' && before.instance.length >= 16, JSON.stringify(before));
    assert.deepStrictEqual(await sandboxIdentity(first.url), before, 'the same start of it: the same instance');
    assert.strictEqual(before.webhook, 'http://127.0.0.1:9/tok/sandbox');
    first.reset();
    assert.deepStrictEqual(await sandboxIdentity(first.url), before, 'DELETE /messages (reset) is no restart, and keeps the webhook');
    await first.close();
    assert.strictEqual(await sandboxIdentity(first.url), undefined, 'nothing listening');
    const again = await startSandbox({ serviceKey: KEY, port });
    try {
      const after = await sandboxIdentity(again.url);
      assert.ok(after && after.instance && after.instance !== before.instance, JSON.stringify({ before, after }));
      assert.strictEqual(after.webhook, null, 'a restarted sandbox has no webhook');
    } finally {
      await again.close();
    }
    const other = await startReceiver(200);
    servers.push(other.server);
    assert.strictEqual(await sandboxIdentity(other.url), undefined, 'another local server is not the sandbox');
  });

  it('takes only http origins on this machine', () => {
    assert.strictEqual(loopbackOrigin(new URL('http://127.0.0.1:3210/resources/v1/messaging')), 'http://127.0.0.1:3210');
    assert.strictEqual(loopbackOrigin(new URL('http://localhost:3210/fault/reset/resources/v1/messaging')), 'http://localhost:3210');
    assert.strictEqual(loopbackOrigin(new URL('https://api.eu.webexconnect.io/resources/v1/messaging')), undefined);
    assert.strictEqual(loopbackOrigin(new URL('http://10.0.0.2:3210/')), undefined);
  });

  it('never contacts a host that is not this machine', async () => {
    assert.deepStrictEqual(await loopbackJson('http://192.0.2.1/sandbox', 'GET'), { error: 'not an http URL on this machine: http://192.0.2.1' });
    assert.deepStrictEqual(await loopbackJson('https://127.0.0.1/sandbox', 'GET'), { error: 'not an http URL on this machine: https://127.0.0.1' });
    assert.deepStrictEqual(await loopbackJson('not a url', 'GET'), { error: 'not a URL: not a url' });
  });

  it('sets, reads and clears the webhook, and says why a URL is refused', async () => {
    assert.deepStrictEqual(await sandboxWebhook(sandbox.url), { url: null });
    assert.strictEqual(await setSandboxWebhook(sandbox.url, 'http://127.0.0.1:9/tok/sandbox'), undefined);
    assert.deepStrictEqual(await sandboxWebhook(sandbox.url), { url: 'http://127.0.0.1:9/tok/sandbox' });
    assert.match((await setSandboxWebhook(sandbox.url, 'https://hooks.example.com/')) ?? '', /on this machine/);
    assert.strictEqual(await clearSandboxWebhook(sandbox.url), undefined);
    assert.deepStrictEqual(await sandboxWebhook(sandbox.url), { url: null });
  });

  it('taps as the customer: posted, kept but not passed on, or refused with the sandbox\'s reason', async () => {
    const transid = assertQueued(await send(sandbox, replyTo('16505550301')));
    const noHook = await tapInSandbox(sandbox.url, '16505550301', { transid, buttonPayload: 'ok', buttonText: 'OK' });
    assert.ok('warning' in noHook && /no webhook is set/.test(noHook.warning), JSON.stringify(noHook));
    const hook = await startReceiver();
    servers.push(hook.server);
    await setSandboxWebhook(sandbox.url, `${hook.url}/t/sandbox`);
    assert.deepStrictEqual(await tapInSandbox(sandbox.url, '16505550301', { transid, buttonPayload: 'ok', buttonText: 'OK' }), { posted: true });
    assert.strictEqual(JSON.parse(hook.hits[0].body).transid, `${transid}_0`);
    const refused = await tapInSandbox(sandbox.url, '16505550301', { transid, buttonPayload: 'nope', buttonText: 'Nope' });
    assert.ok('error' in refused && /no button or row with id "nope"/.test(refused.error), JSON.stringify(refused));
  });
});
