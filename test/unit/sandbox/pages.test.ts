/**
 * What the sandbox records and shows: reset() and DELETE /messages, GET /messages, the HTML page at
 * GET /, and the service key in none of them (nor in its log or the delivery reports).
 */
import * as assert from 'node:assert';
import type * as http from 'node:http';
import { MESSAGING_PATH, startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { KEY, type Json, assertQueued, closeServer, imagePayload, reply, send, startReceiver, waitFor } from '../helpers/sandbox';

describe('sandbox recording and pages', () => {
  let sandbox: Sandbox;
  const logLines: string[] = [];
  const receivers: http.Server[] = [];

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 20, log: (l) => logLines.push(l) });
  });
  beforeEach(() => sandbox.reset());
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map(closeServer));
  });
  after(() => sandbox.close());

  it('reset() and DELETE /messages clear messages, requests and reports', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
    await waitFor('the reports', () => sandbox.reports.length === 3);
    sandbox.reset();
    assert.deepStrictEqual([sandbox.messages, sandbox.requests, sandbox.reports], [[], [], []]);

    assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
    await waitFor('the reports', () => sandbox.reports.length === 3);
    const res = await fetch(sandbox.url + '/messages', { method: 'DELETE' });
    assert.strictEqual(res.status, 204);
    assert.deepStrictEqual([sandbox.messages, sandbox.requests, sandbox.reports], [[], [], []]);
    const listed = (await reply(await fetch(sandbox.url + '/messages'))).json;
    assert.deepStrictEqual(listed, { messages: [], requests: [], reports: [] });
  });

  it('lists everything recorded on GET /messages', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    const transid = assertQueued(await send(sandbox, imagePayload({ notifyurl: receiver.url })));
    await send(sandbox, imagePayload(), {});
    await waitFor('the reports', () => sandbox.reports.length === 3);
    const r = await reply(await fetch(sandbox.url + '/messages'));
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.contentType, 'application/json');
    const body = r.json as { messages: { transid: string }[]; requests: { code: string }[]; reports: { transid: string }[] };
    assert.deepStrictEqual(Object.keys(body).sort(), ['messages', 'reports', 'requests']);
    assert.deepStrictEqual(body.messages.map((m) => m.transid), [transid]);
    assert.deepStrictEqual(body.requests.map((q) => q.code), ['1001', '7002']);
    assert.deepStrictEqual(body.reports.map((x) => x.transid), [transid, transid, transid]);
    assert.deepStrictEqual(body, JSON.parse(JSON.stringify({ messages: sandbox.messages, requests: sandbox.requests, reports: sandbox.reports })));
  });

  it('never stores, logs or shows the service key', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    logLines.length = 0;
    await send(sandbox, imagePayload({ notifyurl: receiver.url, correlationid: 'c' }));
    await send(sandbox, imagePayload({ notifyurl: 'https://hooks.example.com/x' }));
    await send(sandbox, imagePayload(), { key: KEY.slice(1) });
    await send(sandbox, '{', {});
    await send(sandbox, {});
    await fetch(`${sandbox.url}${MESSAGING_PATH}?key=${KEY}`, { method: 'POST', headers: { key: KEY }, body: JSON.stringify(imagePayload()) });
    await fetch(sandbox.url + MESSAGING_PATH, { method: 'PUT', headers: { key: KEY } });
    await waitFor('the reports', () => sandbox.reports.length === 3);
    assert.strictEqual(sandbox.requests.length, 7);
    const page = await (await fetch(sandbox.url + '/')).text();
    const listed = await (await fetch(sandbox.url + '/messages')).text();
    const places: [string, string][] = [
      ['requests', JSON.stringify(sandbox.requests)],
      ['messages', JSON.stringify(sandbox.messages)],
      ['reports', JSON.stringify(sandbox.reports)],
      ['GET /', page],
      ['GET /messages', listed],
      ['log', logLines.join('\n')],
      ['delivery report', receiver.hits.map((h) => h.body).join('\n')],
    ];
    for (const [where, text] of places) {
      assert.ok(text.length > 0, `${where} is empty`);
      assert.ok(!text.includes(KEY), `the key appears in ${where}`);
      assert.ok(!text.includes(KEY.slice(1)), `the wrong key appears in ${where}`);
    }
    assert.ok(logLines.some((l) => l.startsWith(`POST ${MESSAGING_PATH} 1001 202 `)), logLines.join('\n'));
  });

  it('serves a self-contained HTML page, newest message first, with payloads escaped', async () => {
    const evil = '</pre><script>alert("x")</script>';
    const first = assertQueued(await send(sandbox, imagePayload({ correlationid: 'first' })));
    const p = imagePayload();
    (p.channels as { 'OTT-Messaging': { wa: { image: Json } } })['OTT-Messaging'].wa.image.caption = evil;
    const second = assertQueued(await send(sandbox, p));
    const res = await fetch(sandbox.url + '/');
    assert.strictEqual(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /<title>Webex Connect sandbox<\/title>/);
    assert.ok(html.includes(sandbox.url), 'shows the base URL');
    assert.ok(html.includes(MESSAGING_PATH), 'shows the endpoint path');
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!/(src|href)="https?:/i.test(html), 'loads nothing from elsewhere');
    assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;'), 'the caption is escaped');
    assert.ok(html.indexOf(second) < html.indexOf(first), 'newest first');
    assert.ok(html.includes('16505551234'), 'the payload is shown');
    assert.ok(html.includes('image'));
  });

  it('says so when no message was accepted yet', async () => {
    const html = await (await fetch(sandbox.url + '/')).text();
    assert.match(html, /None yet/);
  });
});
