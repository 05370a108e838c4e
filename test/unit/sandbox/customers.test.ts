/**
 * The sandbox plays the customer, over HTTP on 127.0.0.1 with a real local webhook receiving the
 * events: where events go (PUT/GET/DELETE /sandbox/webhook, loopback only), MO events in Webex
 * Connect's shape (JSON strings for attachments, contacts and location), postbacks whose transid
 * is the message's with `_0`, the refusals of taps on anything the customer was not sent, the
 * 24-hour window and what it does to deliveries, and the answers to a missing or failing webhook.
 */
import * as assert from 'node:assert';
import type * as http from 'node:http';
import { signatureMatches } from '../../../src/core/delivery/reports';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { KEY, type Json, assertQueued, closeServer, imagePayload, reply, send, startReceiver, waitFor, type Reply } from '../helpers/sandbox';

const SECRET = 'whsec-customer-events-4d1f';
const DAY = 24 * 60 * 60 * 1000;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const LOCAL_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function replyPayload(extra: Json = {}): Json {
  return {
    deliverychannel: 'whatsapp',
    appid: 'WA-REPLY-APP',
    destination: [{ waid: ['16505550101'] }],
    channels: {
      'OTT-Messaging': {
        wa: {
          type: 'reply',
          reply: {
            body: { text: 'Is this time good for you?' },
            action: {
              buttons: [
                { type: 'reply', reply: { id: 'slot-yes', title: 'Yes, book it' } },
                { type: 'reply', reply: { id: 'slot-no', title: 'Another time' } },
              ],
            },
          },
        },
      },
    },
    ...extra,
  };
}

function listPayload(waid: string): Json {
  return {
    deliverychannel: 'whatsapp',
    appid: 'WA-LIST-APP',
    destination: [{ waid: [waid] }],
    channels: {
      'OTT-Messaging': {
        wa: {
          type: 'list',
          list: {
            body: { text: 'Pick a size' },
            action: { button: 'Sizes', sections: [{ title: 'Shirts', rows: [{ id: 'size-m', title: 'Medium' }, { id: 'size-l', title: 'Large', description: 'Roomy' }] }] },
          },
        },
      },
    },
  };
}

function templatePayload(waid: string): Json {
  return {
    deliverychannel: 'whatsapp',
    appid: 'WA-TEMPLATE-APP',
    destination: [{ waid: [waid] }],
    message: { template: '920384756102938', parameters: {} },
  };
}

describe('sandbox customers', () => {
  let sandbox: Sandbox;
  let now = Date.parse('2026-12-03T10:00:00.000Z');
  const logLines: string[] = [];
  const servers: http.Server[] = [];

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 5, webhookSecret: SECRET, clock: () => now, log: (l) => logLines.push(l) });
  });
  beforeEach(async () => {
    sandbox.reset();
    await fetch(`${sandbox.url}/sandbox/webhook`, { method: 'DELETE' });
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  });
  after(() => sandbox.close());

  async function webhook(status = 200) {
    const receiver = await startReceiver(status);
    servers.push(receiver.server);
    const url = `${receiver.url}/wxc/tok3n-abc/sandbox`;
    const r = await put('/sandbox/webhook', { url });
    assert.strictEqual(r.status, 200, r.text);
    return { ...receiver, url };
  }

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return reply(
      await fetch(sandbox.url + path, {
        method,
        headers: { 'Content-Type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
  }
  const put = (path: string, body: unknown) => call('PUT', path, body);
  const post = (path: string, body: unknown, headers?: Record<string, string>) => call('POST', path, body, headers);
  const write = (waid: string, body: unknown) => post(`/sandbox/customers/${waid}/messages`, body);
  const customer = async (waid: string) => (await call('GET', `/sandbox/customers/${waid}`)).json as { window: Json; messages: Json[]; events: { event: Json; webhook: Json }[] };

  async function sendReply(extra: Json = {}): Promise<string> {
    return assertQueued(await send(sandbox, replyPayload(extra)));
  }

  describe('the webhook', () => {
    it('is set by PUT, shown by GET and GET /sandbox, cleared by DELETE', async () => {
      const none = await call('GET', '/sandbox/webhook');
      assert.deepStrictEqual(none.json, { url: null, signed: true });
      const receiver = await webhook();
      assert.deepStrictEqual((await call('GET', '/sandbox/webhook')).json, { url: receiver.url, signed: true });
      const id = (await call('GET', '/sandbox')).json as Json;
      assert.strictEqual(id.sandbox, 'webex-connect-whatsapp-sandbox');
      assert.strictEqual(id.webhook, receiver.url);
      assert.strictEqual(sandbox.webhookUrl, receiver.url);
      const cleared = await call('DELETE', '/sandbox/webhook');
      assert.strictEqual(cleared.status, 204);
      assert.deepStrictEqual((await call('GET', '/sandbox/webhook')).json, { url: null, signed: true });
    });

    it('GET /sandbox (the editor asks it every 15 s) writes no log line; the other routes still do', async () => {
      const before = logLines.length;
      assert.strictEqual((await call('GET', '/sandbox')).status, 200);
      await new Promise((ok) => setTimeout(ok, 20));
      assert.deepStrictEqual(logLines.slice(before), [], 'the probe is not logged');
      assert.strictEqual((await call('GET', '/sandbox/webhook')).status, 200);
      assert.strictEqual((await call('POST', '/sandbox')).status, 405);
      await new Promise((ok) => setTimeout(ok, 20));
      const lines = logLines.slice(before);
      assert.strictEqual(lines.length, 2, lines.join('\n'));
      assert.match(lines[0], /^GET \/sandbox\/webhook - 200 /);
      assert.match(lines[1], /^POST \/sandbox - 405 /);
    });

    it('takes only URLs on this machine, and says why not', async () => {
      const cases: [unknown, RegExp][] = [
        ['https://example.com/hook', /on this machine/],
        ['http://10.0.0.5/hook', /on this machine/],
        ['http://169.254.169.254/latest', /on this machine/],
        ['ftp://127.0.0.1/hook', /on this machine/],
        [' http://127.0.0.1:9/hook', /leading or trailing space/],
        ['', /non-empty string/],
        [42, /non-empty string/],
        [null, /non-empty string/],
        [`http://127.0.0.1/${'a'.repeat(3000)}`, /longer than 2048/],
      ];
      for (const [url, why] of cases) {
        const r = await put('/sandbox/webhook', { url });
        assert.strictEqual(r.status, 400, `${String(url).slice(0, 40)}: ${r.text}`);
        assert.match((r.json as { error: string }).error, why);
      }
      for (const body of [{}, { url: 'http://127.0.0.1:1/', extra: 1 }, [], 'null']) {
        const r = await put('/sandbox/webhook', body);
        assert.strictEqual(r.status, 400, r.text);
        assert.match((r.json as { error: string }).error, /\{"url"/);
      }
      assert.strictEqual(sandbox.webhookUrl, undefined, 'nothing refused was kept');
      for (const ok of ['http://localhost:9/a', 'http://[::1]:9/b', 'https://127.0.0.2/c']) assert.strictEqual((await put('/sandbox/webhook', { url: ok })).status, 200, ok);
    });

    it('is given at start-up with webhookUrl, which must be on this machine too', async () => {
      await assert.rejects(startSandbox({ serviceKey: KEY, webhookUrl: 'https://example.com/x' }), /webhookUrl must be an http\(s\) URL on this machine/);
      const other = await startSandbox({ serviceKey: KEY, webhookUrl: 'http://127.0.0.1:9/hook' });
      try {
        assert.strictEqual(other.webhookUrl, 'http://127.0.0.1:9/hook');
      } finally {
        await other.close();
      }
    });
  });

  describe('what the customer writes', () => {
    it('posts an MO text event in Webex Connect\'s shape, signed with the webhook secret, and answers 202 with it', async () => {
      const receiver = await webhook();
      assertQueued(await send(sandbox, imagePayload({ appid: 'WA-APP-42', destination: [{ waid: ['16505550111'] }] })));
      const r = await write('16505550111', { text: 'Hi! Is my order on its way?', name: 'Ada' });
      assert.strictEqual(r.status, 202, r.text);
      assert.strictEqual(receiver.hits.length, 1);
      const hit = receiver.hits[0];
      assert.strictEqual(hit.method, 'POST');
      assert.strictEqual(hit.path, '/wxc/tok3n-abc/sandbox');
      assert.strictEqual(hit.contentType, 'application/json');
      assert.ok(hit.signature?.startsWith('sha256='), hit.signature);
      assert.ok(signatureMatches(hit.body, hit.signature, SECRET), 'the signature verifies with the webhook secret');
      assert.ok(!signatureMatches(hit.body, hit.signature, 'another-secret'));
      const event = JSON.parse(hit.body) as Json;
      assert.deepStrictEqual((r.json as { event: Json }).event, event, 'the answer carries the event posted');
      assert.match(event.tid as string, UUID);
      assert.match(event.ts as string, ISO);
      assert.deepStrictEqual(event, {
        event: 'MO',
        channel: 'WhatsApp',
        appId: 'WA-APP-42',
        waid: '16505550111',
        userId: '16505550111',
        username: 'Ada',
        tid: event.tid,
        message: 'Hi! Is my order on its way?',
        system: '',
        attachments: '[]',
        contacts: '',
        location: '',
        ts: event.ts,
        datetime: event.ts,
        dataIntegration: {
          context: { serviceId: 'sandbox-service', serviceName: 'Webex Connect sandbox', flowId: 'sandbox-flow', flowName: 'Sandbox customer events', messagingAPI: 'v1' },
          appContext: { appId: 'WA-APP-42', channel: 'WhatsApp' },
        },
      });
      assert.deepStrictEqual((r.json as { webhook: Json }).webhook, { to: receiver.url.slice(0, receiver.url.indexOf('/wxc')), status: 200 });
    });

    it('uses the documented appId for a customer it sent nothing to', async () => {
      const receiver = await webhook();
      assert.strictEqual((await write('16505550112', { text: 'hello' })).status, 202);
      const event = JSON.parse(receiver.hits[0].body) as Json;
      assert.strictEqual(event.appId, 'sandbox-whatsapp-app');
      assert.strictEqual(event.username, 'Sandbox customer 16505550112');
    });

    it('encodes an attachment, a location and contacts as JSON strings', async () => {
      const receiver = await webhook();
      const waid = '16505550113';
      const contacts = [{ name: { formatted_name: 'Grace Hopper', first_name: 'Grace' }, phones: [{ phone: '+1 650 555 0199', type: 'CELL' }] }];
      for (const body of [
        { attachment: { url: 'https://media.example.com/photo.jpg', mimeType: 'image/jpeg', caption: 'The dent' } },
        { location: { latitude: 37.4847, longitude: -122.1477, name: 'Home', address: '1 Hacker Way' } },
        { contacts },
      ]) {
        assert.strictEqual((await write(waid, body)).status, 202);
      }
      const [attachment, location, contact] = receiver.hits.map((h) => JSON.parse(h.body) as Json);
      for (const e of [attachment, location, contact]) for (const f of ['attachments', 'contacts', 'location']) assert.strictEqual(typeof e[f], 'string', f);
      assert.strictEqual(attachment.attachments, '[{"mime_type":"image/jpeg","caption":"The dent","url":"https://media.example.com/photo.jpg"}]');
      assert.strictEqual(attachment.message, 'The dent');
      assert.strictEqual(attachment.location, '');
      assert.deepStrictEqual(JSON.parse(location.location as string), { latitude: 37.4847, longitude: -122.1477, name: 'Home', address: '1 Hacker Way' });
      assert.strictEqual(location.attachments, '[]');
      assert.deepStrictEqual(JSON.parse(contact.contacts as string), contacts);
      assert.strictEqual(contact.message, '');
      const kept = await customer(waid);
      assert.deepStrictEqual(kept.events.map((e) => e.event.tid), [attachment.tid, location.tid, contact.tid], 'every event kept, oldest first');
    });

    it('refuses what is not one thing written, with the field and why (400), and posts nothing', async () => {
      const receiver = await webhook();
      const cases: [unknown, RegExp][] = [
        [{}, /exactly one of .* got none/],
        [{ text: 'a', location: { latitude: 1, longitude: 2 } }, /exactly one of .* got text and location/],
        [{ text: 'a', transid: 't', buttonPayload: 'b' }, /got text and a tap/],
        [{ text: '' }, /"text" must not be empty/],
        [{ text: '   ' }, /"text" must not be empty/],
        [{ text: 42 }, /"text" must be a string/],
        [{ text: 'x'.repeat(4097) }, /"text" is longer than 4096/],
        [{ text: 'a', mood: 'happy' }, /unknown fields: "mood"/],
        [{ text: 'a', __proto__x: 1 }, /unknown fields/],
        [{ location: 'here' }, /"location" must be an object/],
        [{ location: { latitude: 91, longitude: 0 } }, /latitude" must be a number from -90 to 90/],
        [{ location: { latitude: 0, longitude: '10' } }, /longitude" must be a number from -180 to 180/],
        [{ location: { latitude: 0, longitude: 0, altitude: 3 } }, /"location" has unknown fields: altitude/],
        [{ contacts: [] }, /"contacts" must be an array of 1 to 20/],
        [{ contacts: [{ name: {} }] }, /contacts\[0\]\.name\.formatted_name/],
        [{ contacts: Array.from({ length: 21 }, () => ({ name: { formatted_name: 'x' } })) }, /1 to 20/],
        [{ attachment: { url: 'javascript:alert(1)', mimeType: 'image/jpeg' } }, /"attachment.url" must be an http\(s\) URL/],
        [{ attachment: { mimeType: 'image/jpeg' } }, /"attachment.url" is missing/],
        [{ attachment: { url: 'https://a.example/x.jpg', mimeType: 'jpeg' } }, /MIME type/],
        [{ attachment: { url: 'https://a.example/x.jpg', mimeType: 'image/jpeg', caption: 'c'.repeat(1025) } }, /caption" is longer than 1024/],
        [[1, 2], /must be a JSON object/],
        ['"text"', /must be a JSON object/],
        [{ name: 5, text: 'a' }, /"name" must be a string/],
        [{ transid: 'abc' }, /"buttonPayload" must be the id/],
        [{ buttonPayload: 'abc' }, /"transid" must be the transid/],
      ];
      for (const [body, why] of cases) {
        const r = await write('16505550114', body);
        assert.strictEqual(r.status, 400, `${JSON.stringify(body).slice(0, 60)}: ${r.text}`);
        assert.match((r.json as { error: string }).error, why, JSON.stringify(body).slice(0, 60));
      }
      assert.strictEqual(receiver.hits.length, 0);
      assert.deepStrictEqual((await customer('16505550114')).events, []);
    });

    it('refuses a waid that is none, a wrong content type, broken JSON, a huge body, another site, and unknown routes', async () => {
      assert.match(((await write('%2B16505550115', { text: 'a' })).json as { error: string }).error, /without "\+"/);
      assert.strictEqual((await write('165%3Cb%3E', { text: 'a' })).status, 400);
      assert.strictEqual((await write('%E0%A4%A', { text: 'a' })).status, 400);
      const typed = await post('/sandbox/customers/16505550115/messages', '{"text":"a"}', { 'Content-Type': 'text/plain' });
      assert.strictEqual(typed.status, 415, typed.text);
      const broken = await post('/sandbox/customers/16505550115/messages', '{"text": ');
      assert.strictEqual(broken.status, 400);
      assert.match((broken.json as { error: string }).error, /not valid JSON/);
      const huge = await post('/sandbox/customers/16505550115/messages', JSON.stringify({ text: 'x'.repeat(200_000) }));
      assert.strictEqual(huge.status, 413, huge.text);
      const deep = await post('/sandbox/customers/16505550115/messages', '['.repeat(30_000) + ']'.repeat(30_000));
      assert.strictEqual(deep.status, 400, 'JSON.parse copes with deep nesting; the shape check refuses it');
      const cross = await post('/sandbox/customers/16505550115/messages', { text: 'a' }, { Origin: 'https://evil.example' });
      assert.strictEqual(cross.status, 403, cross.text);
      assert.strictEqual((await post('/sandbox/customers/16505550115/messages', { text: 'a' }, { Origin: 'null' })).status, 403);
      assert.strictEqual((await call('GET', '/sandbox/customers/16505550115/messages')).status, 405);
      assert.strictEqual((await call('GET', '/sandbox/customers/16505550115/nothing')).status, 404);
      assert.strictEqual((await call('GET', '/sandbox/nothing')).status, 404);
      assert.strictEqual((await call('POST', '/sandbox', {})).status, 405);
      // Still serving after all that.
      assert.strictEqual((await call('GET', '/sandbox')).status, 200);
    });
  });

  describe('taps', () => {
    it('posts a postback whose transid and tid are the message\'s transid with _0', async () => {
      const receiver = await webhook();
      const transid = await sendReply();
      const r = await write('16505550101', { transid, buttonPayload: 'slot-no', buttonText: 'Another time' });
      assert.strictEqual(r.status, 202, r.text);
      const hit = receiver.hits[0];
      assert.ok(signatureMatches(hit.body, hit.signature, SECRET));
      const event = JSON.parse(hit.body) as Json;
      assert.match(event.ts as string, LOCAL_TS);
      assert.match(event.clientUUID as string, UUID);
      assert.match(event['x-wx-gtrid'] as string, UUID);
      assert.deepStrictEqual(event, {
        event: 'postback',
        channel: 'WhatsApp',
        appId: 'WA-REPLY-APP',
        waid: '16505550101',
        userId: '16505550101',
        username: 'Sandbox customer 16505550101',
        buttonText: 'Another time',
        buttonPayload: 'slot-no',
        transid: `${transid}_0`,
        tid: `${transid}_0`,
        clientUUID: event.clientUUID,
        'x-wx-gtrid': event['x-wx-gtrid'],
        errors: [],
        identityKeyHash: '',
        ts: event.ts,
        dataIntegration: {
          context: { serviceId: 'sandbox-service', serviceName: 'Webex Connect sandbox', flowId: 'sandbox-flow', flowName: 'Sandbox customer events', messagingAPI: 'v1' },
          appContext: { appId: 'WA-REPLY-APP', channel: 'WhatsApp' },
        },
      });
      // ts carries this machine's offset and the same instant as the clock.
      assert.strictEqual(Date.parse(event.ts as string), now);
      const offset = -new Date(now).getTimezoneOffset();
      const sign = offset >= 0 ? '+' : '-';
      const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
      assert.ok((event.ts as string).endsWith(`${sign}${hhmm}`), `${String(event.ts)} ends with this machine's offset ${sign}${hhmm}`);
    });

    it('takes a list row, and fills in the title when buttonText is left out', async () => {
      const receiver = await webhook();
      const transid = assertQueued(await send(sandbox, listPayload('16505550102')));
      assert.strictEqual((await write('16505550102', { transid, buttonPayload: 'size-l' })).status, 202);
      const event = JSON.parse(receiver.hits[0].body) as Json;
      assert.deepStrictEqual([event.buttonPayload, event.buttonText, event.appId], ['size-l', 'Large', 'WA-LIST-APP']);
    });

    it('refuses a tap on a button the message did not carry, a wrong title, a message never sent to that waid, one without buttons, or one not delivered', async () => {
      const receiver = await webhook();
      const transid = await sendReply();
      const image = assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: ['16505550101'] }] })));
      const failed = assertQueued(await send(sandbox, replyPayload({ destination: [{ waid: ['16505557865'] }] })));
      const cases: [string, Json, RegExp][] = [
        ['16505550101', { transid, buttonPayload: 'slot-maybe' }, /has no button or row with id "slot-maybe"; its ids: "slot-yes", "slot-no"/],
        ['16505550101', { transid, buttonPayload: 'slot-yes', buttonText: 'Sure' }, /button "slot-yes" of message .* is titled "Yes, book it", not "Sure"/],
        ['16505550199', { transid, buttonPayload: 'slot-yes' }, /no message with transid .* was sent to 16505550199/],
        ['16505550101', { transid: 'not-a-transid', buttonPayload: 'slot-yes' }, /no message with transid "not-a-transid"/],
        ['16505550101', { transid: image, buttonPayload: 'slot-yes' }, /\(image\) carries no buttons or rows/],
        ['16505557865', { transid: failed, buttonPayload: 'slot-yes' }, /was not delivered to 16505557865 \(Failed 7865\)/],
      ];
      for (const [waid, body, why] of cases) {
        const r = await write(waid, body);
        assert.strictEqual(r.status, 400, r.text);
        assert.match((r.json as { error: string }).error, why);
      }
      assert.strictEqual(receiver.hits.length, 0, 'nothing refused is posted');
    });
  });

  describe('the 24-hour window', () => {
    async function reportsOf(transid: string, count: number) {
      await waitFor(`${count} reports`, () => sandbox.reports.filter((r) => r.transid === transid).length === count);
      return sandbox.reports.filter((r) => r.transid === transid);
    }

    it('starts open for a newcomer and closed for a number ending in 7710, and GET shows it', async () => {
      assert.deepStrictEqual((await customer('16505550120')).window, { open: true, lastWroteAt: new Date(now).toISOString(), closesAt: new Date(now + DAY).toISOString() });
      assert.deepStrictEqual((await customer('16505557710')).window, { open: false, lastWroteAt: null, closedSince: null });
    });

    it('fails a session message to a closed window with 7710 and WhatsApp\'s words, delivers a template, and opens when the customer writes', async () => {
      const receiver = await startReceiver();
      servers.push(receiver.server);
      const waid = '16505557710';
      const session = assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: [waid] }], notifyurl: receiver.url })));
      assert.deepStrictEqual((await reportsOf(session, 1)).map((r) => `${r.state} ${r.code}`), ['Failed 7710']);
      const failure = receiver.hits.map((h) => JSON.parse(h.body) as { deliveryInfoNotification: { deliveryInfo: Json } })[0].deliveryInfoNotification.deliveryInfo;
      assert.strictEqual(failure.additionalInfo, 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
      const withUrl = assertQueued(await send(sandbox, { ...templatePayload(waid), notifyurl: receiver.url }));
      assert.deepStrictEqual((await reportsOf(withUrl, 3)).map((r) => `${r.state} ${r.code}`), ['Submitted 7501', 'Delivered 7500', 'Read 7502']);

      assert.strictEqual((await write(waid, { text: 'Hello, I am here now' })).status, 409, 'no webhook, but the customer wrote');
      assert.strictEqual((await customer(waid)).window.open, true);
      const after = assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: [waid] }], notifyurl: receiver.url })));
      assert.deepStrictEqual((await reportsOf(after, 3)).map((r) => `${r.state} ${r.code}`), ['Submitted 7501', 'Delivered 7500', 'Read 7502']);
      assert.deepStrictEqual((await customer(waid)).messages.map((m) => m.outcome), ['Failed 7710', 'Read', 'Read']);
    });

    it('closes exactly 24 hours after the customer last wrote, and a tap renews it', async () => {
      await webhook();
      const waid = '16505550101';
      now += 1000;
      const wroteAt = now;
      const transid = await sendReply();
      assert.strictEqual((await write(waid, { transid, buttonPayload: 'slot-yes' })).status, 202);
      now = wroteAt + DAY - 1;
      assert.deepStrictEqual((await customer(waid)).window, { open: true, lastWroteAt: new Date(wroteAt).toISOString(), closesAt: new Date(wroteAt + DAY).toISOString() });
      now = wroteAt + DAY;
      assert.deepStrictEqual((await customer(waid)).window, { open: false, lastWroteAt: new Date(wroteAt).toISOString(), closedSince: new Date(wroteAt + DAY).toISOString() });
      const late = await sendReply();
      assert.strictEqual((await customer(waid)).messages.find((m) => m.transid === late)?.outcome, 'Failed 7710');
      assert.match(((await write(waid, { transid: late, buttonPayload: 'slot-yes' })).json as { error: string }).error, /not delivered .*Failed 7710/);
      // The customer answers the earlier message: that renews the window.
      assert.strictEqual((await write(waid, { transid, buttonPayload: 'slot-no' })).status, 202);
      assert.strictEqual((await customer(waid)).window.open, true);
    });

    it('is closed as if 24 hours had passed and opened again with POST …/window', async () => {
      const waid = '16505550121';
      const closed = await post(`/sandbox/customers/${waid}/window`, { open: false });
      assert.strictEqual(closed.status, 200, closed.text);
      assert.deepStrictEqual(closed.json, { open: false, lastWroteAt: new Date(now - DAY).toISOString(), closedSince: new Date(now).toISOString() });
      const receiver = await startReceiver();
      servers.push(receiver.server);
      const failed = assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: [waid, '16505550122'] }], notifyurl: receiver.url })));
      const reports = await reportsOf(failed, 4);
      assert.deepStrictEqual(reports.filter((r) => r.destination === waid).map((r) => `${r.state} ${r.code}`), ['Failed 7710']);
      assert.deepStrictEqual(reports.filter((r) => r.destination === '16505550122').map((r) => r.state), ['Submitted', 'Delivered', 'Read'], 'another recipient of the same send is not affected');
      const opened = await post(`/sandbox/customers/${waid}/window`, { open: true });
      assert.deepStrictEqual(opened.json, { open: true, lastWroteAt: new Date(now).toISOString(), closesAt: new Date(now + DAY).toISOString() });
      for (const body of [{}, { open: 'false' }, { open: false, extra: 1 }, null]) assert.strictEqual((await post(`/sandbox/customers/${waid}/window`, body)).status, 400, JSON.stringify(body));
    });
  });

  describe('a missing or failing webhook', () => {
    it('answers 409 without a webhook, 502 when it refuses or cannot be reached; the event is kept and the window opened either way', async () => {
      const waid = '16505550130';
      await post(`/sandbox/customers/${waid}/window`, { open: false });
      const none = await write(waid, { text: 'anyone there?' });
      assert.strictEqual(none.status, 409, none.text);
      const body = none.json as { error: string; event: Json; webhook: Json };
      assert.match(body.error, /no webhook is set.*PUT \/sandbox\/webhook/);
      assert.strictEqual(body.event.message, 'anyone there?');
      assert.strictEqual((await customer(waid)).window.open, true);

      await webhook(500);
      const refused = await write(waid, { text: 'still there?' });
      assert.strictEqual(refused.status, 502, refused.text);
      assert.match((refused.json as { error: string }).error, /the webhook answered HTTP 500/);

      const gone = await startReceiver();
      await closeServer(gone.server);
      assert.strictEqual((await put('/sandbox/webhook', { url: `${gone.url}/x` })).status, 200);
      const unreachable = await write(waid, { text: 'hello?' });
      assert.strictEqual(unreachable.status, 502);
      assert.match((unreachable.json as { error: string }).error, /could not be reached: .*ECONNREFUSED/);
      const kept = (await customer(waid)).events;
      assert.deepStrictEqual(kept.map((e) => e.event.message), ['anyone there?', 'still there?', 'hello?']);
      assert.deepStrictEqual(kept.map((e) => e.webhook.status ?? e.webhook.error), ['no webhook is set', 500, kept[2].webhook.error]);
    });

    it('never logs the webhook\'s path (it holds a receiver\'s token), and shows the webhook secret nowhere', async () => {
      const receiver = await webhook();
      const transid = await sendReply();
      await write('16505550101', { text: 'hi' });
      await write('16505550101', { transid, buttonPayload: 'slot-yes' });
      const log = logLines.join('\n');
      assert.ok(log.includes('customer event MO from 16505550101 to http://127.0.0.1:'), log);
      assert.ok(!log.includes('tok3n-abc'), 'no token in the log');
      const places: [string, string][] = [
        ['log', log],
        ['events posted', receiver.hits.map((h) => h.body).join('\n')],
        ...(await Promise.all(['/', '/messages', '/sandbox', '/sandbox/webhook', '/sandbox/customers', '/sandbox/customers/16505550101'].map(async (path) => [`GET ${path}`, (await call('GET', path)).text] as [string, string]))),
      ];
      for (const [where, text] of places) {
        assert.ok(text.length > 0, `${where} is empty`);
        assert.ok(!text.includes(SECRET), `the webhook secret appears in ${where}`);
        assert.ok(!text.includes(KEY), `the service key appears in ${where}`);
      }
    });
  });
});

describe('sandbox page: the customers', () => {
  let sandbox: Sandbox;
  const servers: http.Server[] = [];

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 5 });
  });
  afterEach(async () => {
    sandbox.reset();
    await Promise.all(servers.splice(0).map(closeServer));
  });
  after(() => sandbox.close());

  const page = async () => {
    const res = await fetch(sandbox.url + '/');
    return { html: await res.text(), csp: res.headers.get('content-security-policy') };
  };
  const form = (path: string, fields: Record<string, string>, origin = sandbox.url) =>
    fetch(sandbox.url + path, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin }, body: new URLSearchParams(fields).toString() });

  it('shows each interactive message\'s buttons as forms that tap them, escaped, under a CSP with no script', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const p = replyPayload();
    const buttons = (p.channels as { 'OTT-Messaging': { wa: { reply: { action: { buttons: { reply: Json }[] } } } } })['OTT-Messaging'].wa.reply.action.buttons;
    buttons[0].reply.title = 'Yes "now" <b>';
    buttons[1].reply.id = evil;
    const transid = assertQueued(await send(sandbox, p));
    const { html, csp } = await page();
    assert.strictEqual(csp, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    assert.ok(!/<script/i.test(html) && !html.includes('<img') && !html.includes('<b>'), 'nothing of the payload is markup');
    assert.ok(html.includes('<section id="customer-16505550101">'));
    assert.ok(html.includes('<form method="post" action="/sandbox/customers/16505550101/messages" class="inline">'));
    assert.ok(html.includes(`<input type="hidden" name="transid" value="${transid}">`));
    assert.ok(html.includes('<input type="hidden" name="buttonText" value="Yes &quot;now&quot; &lt;b&gt;">'));
    assert.ok(html.includes('<input type="hidden" name="buttonPayload" value="&lt;img src=x onerror=alert(1)&gt;">'));
    assert.ok(html.includes('>Yes &quot;now&quot; &lt;b&gt;</button>'));
    assert.match(html, /24-hour window open until/);
    assert.match(html, /No webhook is set/);
  });

  it('posts the tap a form sends, and the customer\'s text, then returns to the page; the window buttons work', async () => {
    const receiver = await startReceiver();
    servers.push(receiver.server);
    await fetch(`${sandbox.url}/sandbox/webhook`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: `${receiver.url}/hook` }) });
    const transid = assertQueued(await send(sandbox, replyPayload()));
    const tapped = await form('/sandbox/customers/16505550101/messages', { transid, buttonPayload: 'slot-yes', buttonText: 'Yes, book it' });
    assert.strictEqual(tapped.status, 303);
    assert.strictEqual(tapped.headers.get('location'), '/#customer-16505550101');
    const wrote = await form('/sandbox/customers/16505550101/messages', { text: '<script>alert(1)</script> thanks' });
    assert.strictEqual(wrote.status, 303);
    const events = receiver.hits.map((h) => JSON.parse(h.body) as Json);
    assert.deepStrictEqual(events.map((e) => [e.event, e.transid ?? e.message]), [['postback', `${transid}_0`], ['MO', '<script>alert(1)</script> thanks']]);
    const { html } = await page();
    assert.ok(html.includes('<bdi>&lt;script&gt;alert(1)&lt;/script&gt; thanks</bdi>'), 'the customer\'s text is shown escaped, isolated from the rest of its line');
    assert.ok(!/<script/i.test(html));
    assert.match(html, /Their events go to <code>http:\/\/127\.0\.0\.1:\d+<\/code>\/…/);
    assert.ok(!html.includes('/hook'), 'the webhook\'s path is not shown');

    assert.strictEqual((await form('/sandbox/customers/16505550101/window', { open: 'false' })).status, 303);
    assert.match((await page()).html, /24-hour window closed since/);
    assert.strictEqual((await form('/sandbox/customers/16505550101/window', { open: 'true' })).status, 303);
    assert.match((await page()).html, /24-hour window open until/);
  });

  it('shows the 50 most recently active customers, and says how many more there are', async () => {
    const waids = Array.from({ length: 55 }, (_, i) => `1650555${String(i).padStart(4, '0')}`);
    assertQueued(await send(sandbox, imagePayload({ destination: [{ waid: waids }] })));
    const { html } = await page();
    assert.strictEqual(html.match(/<section id="customer-/g)?.length, 50);
    assert.ok(html.includes('<section id="customer-16505550054">'), 'the newest is shown');
    assert.ok(!html.includes('<section id="customer-16505550004">'), 'the oldest is not');
    assert.match(html, /And 5 more: <a href="\/sandbox\/customers">/);
  });

  it('answers a refused form as plain text, and refuses a form from another site', async () => {
    const transid = assertQueued(await send(sandbox, replyPayload()));
    const refused = await form('/sandbox/customers/16505550101/messages', { transid, buttonPayload: 'nope' });
    assert.strictEqual(refused.status, 400);
    assert.match(refused.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await refused.text(), /has no button or row with id "nope"/);
    const cross = await form('/sandbox/customers/16505550101/messages', { text: 'hi' }, 'https://evil.example');
    assert.strictEqual(cross.status, 403);
    assert.deepStrictEqual(sandbox.customers.view('16505550101').events, []);
  });
});
