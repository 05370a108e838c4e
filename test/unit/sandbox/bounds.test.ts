/**
 * The sandbox keeps a bounded number of everything (messages, requests, delivery report attempts,
 * customers, and each customer's messages and events), the oldest dropped first, so a long session
 * stays the same size; and the numbers are the ones docs/sandbox.md documents.
 */
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import type * as http from 'node:http';
import { join } from 'node:path';
import { DEFAULT_LIMITS, startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { projectRoot } from '../helpers/paths';
import { KEY, assertQueued, closeServer, imagePayload, reply, send, startReceiver, waitFor } from '../helpers/sandbox';

describe('sandbox bounds', function () {
  // Over a hundred sends in one test: generous on a shared, busy machine (nothing here is timed).
  this.timeout(20_000);
  let sandbox: Sandbox;
  const servers: http.Server[] = [];
  const limits = { messages: 3, requests: 4, reports: 5, customers: 2, sentPerCustomer: 2, eventsPerCustomer: 2 };

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 1, limits });
  });
  beforeEach(() => sandbox.reset());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  });
  after(() => sandbox.close());

  const to = (waid: string, extra = {}) => imagePayload({ destination: [{ waid: [waid] }], ...extra });

  it('keeps the newest messages and requests, the oldest dropped', async () => {
    const transids: string[] = [];
    for (let i = 0; i < 7; i++) transids.push(assertQueued(await send(sandbox, to('16505550001'))));
    await send(sandbox, to('16505550001'), {});
    assert.deepStrictEqual(sandbox.messages.map((m) => m.transid), transids.slice(-3));
    assert.strictEqual(sandbox.requests.length, 4);
    assert.deepStrictEqual(sandbox.requests.map((r) => r.code), ['1001', '1001', '1001', '7002'], 'the newest request is kept');
  });

  it('keeps the newest delivery report attempts', async () => {
    const receiver = await startReceiver();
    servers.push(receiver.server);
    const first = assertQueued(await send(sandbox, to('16505550002', { notifyurl: receiver.url })));
    await waitFor('the first three reports', () => sandbox.reports.length === 3);
    const second = assertQueued(await send(sandbox, to('16505550002', { notifyurl: receiver.url })));
    await waitFor('six reports posted', () => receiver.hits.length === 6);
    await waitFor('the last recorded', () => sandbox.reports.filter((r) => r.transid === second).length === 3);
    assert.strictEqual(sandbox.reports.length, 5);
    assert.deepStrictEqual(sandbox.reports.map((r) => `${r.transid === first ? 'first' : 'second'} ${r.state}`), ['first Delivered', 'first Read', 'second Submitted', 'second Delivered', 'second Read']);
  });

  it('remembers the most recently active customers, each with its newest messages and events', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) sent.push(assertQueued(await send(sandbox, to('16505550003'))));
    const customer = async (waid: string) => (await reply(await fetch(`${sandbox.url}/sandbox/customers/${waid}`))).json as { messages: { transid: string }[]; events: { event: { message: string } }[] };
    assert.deepStrictEqual((await customer('16505550003')).messages.map((m) => m.transid), sent.slice(-2));
    for (const text of ['one', 'two', 'three']) {
      await fetch(`${sandbox.url}/sandbox/customers/16505550003/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });
    }
    assert.deepStrictEqual((await customer('16505550003')).events.map((e) => e.event.message), ['two', 'three']);

    assertQueued(await send(sandbox, to('16505550004')));
    assertQueued(await send(sandbox, to('16505550005')));
    assert.strictEqual(sandbox.customers.size, 2);
    assert.deepStrictEqual((await customer('16505550003')).messages, [], 'the least recently active is forgotten');
    assert.strictEqual((await customer('16505550005')).messages.length, 1);
    const listed = (await reply(await fetch(`${sandbox.url}/sandbox/customers`))).json as { customers: { waid: string }[] };
    assert.deepStrictEqual(listed.customers.map((c) => c.waid), ['16505550005', '16505550004'], 'most recently active first');
  });

  it('stays the same size however long it runs', async () => {
    const big = (i: number) => to(`165055510${String(i % 100).padStart(2, '0')}`, { correlationid: `c-${i}`, callbackData: 'x'.repeat(1500) });
    const size = async () => (await reply(await fetch(`${sandbox.url}/messages`))).text.length + (await reply(await fetch(`${sandbox.url}/sandbox/customers`))).text.length;
    for (let i = 0; i < 20; i++) assertQueued(await send(sandbox, big(i)));
    const after20 = await size();
    for (let i = 20; i < 80; i++) assertQueued(await send(sandbox, big(i)));
    const after80 = await size();
    assert.ok(Math.abs(after80 - after20) < after20 * 0.02, `${after20} → ${after80} characters`);
    assert.strictEqual(sandbox.messages.length, 3);
    assert.strictEqual(sandbox.customers.size, 2);
  });

  it('refuses limits that are not whole numbers of at least 1', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) await assert.rejects(startSandbox({ serviceKey: KEY, limits: { messages: bad } }), /limits\.messages must be a whole number of at least 1/);
  });

  it('documents the default numbers in the sandbox page of the docs', () => {
    const readme = readFileSync(join(projectRoot, 'docs', 'sandbox.md'), 'utf8');
    const said = /keeps the last (\d+) accepted messages, (\d+) requests, (\d+) delivery report attempts and (\d+) customers \(each with the last (\d+) messages sent to it and (\d+) of its events\)/.exec(readme.replace(/\s+/g, ' '));
    assert.ok(said, 'docs/sandbox.md says how much the sandbox keeps');
    assert.deepStrictEqual(said.slice(1).map(Number), [DEFAULT_LIMITS.messages, DEFAULT_LIMITS.requests, DEFAULT_LIMITS.reports, DEFAULT_LIMITS.customers, DEFAULT_LIMITS.sentPerCustomer, DEFAULT_LIMITS.eventsPerCustomer]);
  });
});
