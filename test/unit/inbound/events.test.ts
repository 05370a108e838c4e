/**
 * src/core/inbound/events.ts and parts.ts: reading the customer's events from the bodies Webex
 * Connect posts (the reference's "Inbound" fields, its attachments string verbatim), telling them
 * from delivery reports, and hostile text: escapes, bidi controls, 60 KB strings, prototype keys,
 * JSON strings that are not JSON or not the shape expected. Nothing throws, nothing is dropped.
 */
import * as assert from 'node:assert';
import {
  INBOUND_FIELD_MAX,
  INBOUND_TEXT_MAX,
  INBOUND_UNKNOWN_FIELDS_MAX,
  type InboundEvent,
  type InboundMessage,
  type InboundTap,
  type InboundUnknown,
  isDeliveryReportBody,
  isInboundEvent,
  readInboundEvent,
  sendTransidOf,
} from '../../../src/core/inbound/events';
import { moEventBody, postbackEventBody } from '../../../src/core/inbound/bodies';
import { deliveryReportBody } from '../../../src/core/delivery/reports';

const RECEIVED = '2026-12-03T10:00:00.000Z';

/**
 * An incoming message with the fields the reference lists for `"event": "MO"`; its attachments
 * string is the reference's example verbatim (with a real caption and URL in place of "…").
 */
const MO_SAMPLE = `{"event":"MO","channel":"WhatsApp","appId":"a_1234567890","waid":"919900000001","userId":"919900000001",
 "username":"Asha","tid":"b1f0c2d3-1111-4e5f-9a0b-1c2d3e4f5a6b","message":"Here is the photo","system":"whatsapp",
 "ts":"2026-12-03T09:58:12.345Z","datetime":"2026-12-03T09:58:12.345Z",
 "dataIntegration":{"context":{"serviceId":"s1","serviceName":"Care","flowId":"f1","flowName":"Inbound","messagingAPI":"true"},"appContext":{}},
 "attachments": "[{\\"mime_type\\":\\"image/jpeg\\",\\"caption\\":\\"Broken seal\\",\\"url\\":\\"https://media.example.com/seal.jpg\\"}]",
 "contacts":"","location":"[]"}`;

/** A button tap with the fields the reference lists for `"event": "postback"`, `ts` with a local offset. */
const POSTBACK_SAMPLE = `{"event":"postback","buttonText":"Confirm","buttonPayload":"confirm","transid":"6f1c9e2a-7d3b-4c1a-9e8f-0a1b2c3d4e5f_0",
 "tid":"6f1c9e2a-7d3b-4c1a-9e8f-0a1b2c3d4e5f_0","waid":"919900000001","appId":"a_1234567890","clientUUID":"c-1","x-wx-gtrid":"g-1",
 "errors":[],"identityKeyHash":"h","username":"Asha","userId":"919900000001","ts":"2026-12-03T15:28:12.345+05:30"}`;

const read = (body: unknown, receivedAt = RECEIVED): InboundEvent => readInboundEvent(body, receivedAt);

function asMessage(e: InboundEvent): InboundMessage {
  assert.strictEqual(e.type, 'message', JSON.stringify(e));
  return e as InboundMessage;
}
function asTap(e: InboundEvent): InboundTap {
  assert.strictEqual(e.type, 'tap', JSON.stringify(e));
  return e as InboundTap;
}
function asUnknown(e: InboundEvent): InboundUnknown {
  assert.strictEqual(e.type, 'unknown', JSON.stringify(e));
  return e as InboundUnknown;
}

describe('inbound events: reading what the customer sends', () => {
  describe('the reference samples', () => {
    it('reads an MO: waid, app, text, the attachments string, empty contacts and location', () => {
      const m = asMessage(read(JSON.parse(MO_SAMPLE)));
      assert.strictEqual(m.waid, '919900000001');
      assert.strictEqual(m.appId, 'a_1234567890');
      assert.strictEqual(m.name, 'Asha');
      assert.strictEqual(m.text, 'Here is the photo');
      assert.strictEqual(m.tid, 'b1f0c2d3-1111-4e5f-9a0b-1c2d3e4f5a6b');
      assert.deepStrictEqual(m.attachments, [{ mimeType: 'image/jpeg', caption: 'Broken seal', url: 'https://media.example.com/seal.jpg', filename: '' }]);
      assert.deepStrictEqual(m.contacts, []);
      assert.strictEqual(m.location, undefined);
      assert.deepStrictEqual(m.notes, []);
      assert.strictEqual(m.at, '2026-12-03T09:58:12.345Z');
      assert.strictEqual(m.receivedAt, RECEIVED);
    });

    it('reads a postback: the send\'s transid without _<n>, payload and title, the local-offset ts in UTC', () => {
      const tap = asTap(read(JSON.parse(POSTBACK_SAMPLE)));
      assert.strictEqual(tap.transid, '6f1c9e2a-7d3b-4c1a-9e8f-0a1b2c3d4e5f');
      assert.strictEqual(tap.rawTransid, '6f1c9e2a-7d3b-4c1a-9e8f-0a1b2c3d4e5f_0');
      assert.strictEqual(tap.payload, 'confirm');
      assert.strictEqual(tap.title, 'Confirm');
      assert.strictEqual(tap.waid, '919900000001');
      assert.strictEqual(tap.at, '2026-12-03T09:58:12.345Z');
      assert.deepStrictEqual(tap.notes, []);
    });

    it('reads a list row pick like a postback (id in buttonPayload, title in buttonText), whatever its event is called', () => {
      const tap = asTap(read({ event: 'interactive', waid: '919900000001', transid: 'list-send_2', buttonPayload: 'slot-morning', buttonText: 'Morning' }));
      assert.strictEqual(tap.transid, 'list-send');
      assert.strictEqual(tap.payload, 'slot-morning');
      assert.strictEqual(tap.title, 'Morning');
    });

    it('reads the bodies moEventBody and postbackEventBody build (the sandbox posts them) back to what went in', () => {
      const at = '2026-12-03T09:00:00.000Z';
      const m = asMessage(
        read(
          moEventBody(
            { waid: '15550001', appId: 'app', username: 'Lee', at },
            { text: 'hi', attachments: [{ mimeType: 'application/pdf', url: 'https://x.example/a.pdf', filename: 'a.pdf' }], contacts: [{ name: 'Ann', phones: ['+1 555'], emails: ['a@x.example'] }], location: { latitude: 12.5, longitude: -7.25, name: 'Shop', address: '1 Road', url: '' } },
          ),
        ),
      );
      assert.strictEqual(m.text, 'hi');
      assert.strictEqual(m.at, at);
      assert.deepStrictEqual(m.attachments, [{ mimeType: 'application/pdf', url: 'https://x.example/a.pdf', caption: '', filename: 'a.pdf' }]);
      assert.deepStrictEqual(m.contacts, [{ name: 'Ann', phones: ['+1 555'], emails: ['a@x.example'] }]);
      assert.deepStrictEqual(m.location, { latitude: 12.5, longitude: -7.25, name: 'Shop', address: '1 Road', url: '' });
      assert.deepStrictEqual(m.notes, []);
      const tap = asTap(read(postbackEventBody({ waid: '15550001', appId: 'app', at }, { transid: 'T-1', buttonPayload: 'yes', buttonText: 'Yes', n: 3 })));
      assert.strictEqual(tap.rawTransid, 'T-1_3');
      assert.strictEqual(tap.transid, 'T-1');
    });
  });

  describe('telling events from delivery reports', () => {
    it('a body with deliveryInfoNotification is a report; any other object is an event', () => {
      const reportBody = JSON.parse(deliveryReportBody({ transid: 't', destination: '1', state: 'Delivered', code: '7500' }));
      assert.strictEqual(isDeliveryReportBody(reportBody), true);
      assert.strictEqual(isInboundEvent(reportBody), false);
      assert.strictEqual(isInboundEvent(JSON.parse(MO_SAMPLE)), true);
      assert.strictEqual(isInboundEvent({ hello: 'world' }), true);
      for (const notObject of [[], 'MO', 7, null]) assert.strictEqual(isInboundEvent(notObject), false, JSON.stringify(notObject));
      // An inherited key is not the body's own.
      assert.strictEqual(isDeliveryReportBody(Object.create({ deliveryInfoNotification: {} })), false);
    });
  });

  describe('events it does not know: kept, every field as text', () => {
    it('keeps the event name and each field, objects as their JSON, in order', () => {
      const u = asUnknown(read({ event: 'reaction', waid: '919900000001', emoji: '👍', count: 2, ok: true, nested: { a: [1, 'b'] }, nothing: null }));
      assert.strictEqual(u.event, 'reaction');
      assert.strictEqual(u.waid, '919900000001');
      assert.deepStrictEqual(u.fields, [
        { name: 'event', value: 'reaction' },
        { name: 'waid', value: '919900000001' },
        { name: 'emoji', value: '👍' },
        { name: 'count', value: '2' },
        { name: 'ok', value: 'true' },
        { name: 'nested', value: '{"a":[1,"b"]}' },
        { name: 'nothing', value: 'null' },
      ]);
    });

    it('keeps an event with no "event" at all, and a body that is not an object, noting it', () => {
      assert.deepStrictEqual(asUnknown(read({ foo: 'bar' })).fields, [{ name: 'foo', value: 'bar' }]);
      const list = asUnknown(read([1, 2]));
      assert.deepStrictEqual(list.fields, [{ name: '', value: '[1,2]' }]);
      assert.strictEqual(list.notes.length, 1);
    });

    it('keeps at most INBOUND_UNKNOWN_FIELDS_MAX fields', () => {
      const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, i]));
      const u = asUnknown(read(body));
      assert.strictEqual(u.fields.length, INBOUND_UNKNOWN_FIELDS_MAX);
      assert.strictEqual(u.fields[0].name, 'f0');
    });
  });

  describe('the parts posted as JSON strings', () => {
    const mo = (extra: Record<string, unknown>) => asMessage(read({ event: 'MO', waid: '1', message: '', ...extra }));

    it('reads empty parts ("" , "[]", "{}", null, absent) as none, without a note', () => {
      for (const empty of ['', '[]', '{}', '  ', null, undefined]) {
        const m = mo({ attachments: empty, contacts: empty, location: empty });
        assert.deepStrictEqual([m.attachments, m.contacts, m.location, m.notes], [[], [], undefined, []], JSON.stringify(empty));
      }
    });

    it('notes a part that is not JSON, quoting it, and keeps the rest of the message', () => {
      const m = mo({ message: 'still here', attachments: '[{mime_type: image/png}', location: 'near the station' });
      assert.strictEqual(m.text, 'still here');
      assert.deepStrictEqual(m.attachments, []);
      assert.strictEqual(m.location, undefined);
      assert.strictEqual(m.notes.length, 2);
      assert.match(m.notes[0], /"attachments" is not JSON.*\[\{mime_type: image\/png\}/);
      assert.match(m.notes[1], /"location" is not JSON.*near the station/);
    });

    it('notes JSON of another shape: attachments that are a number, contacts that are strings, a location without coordinates', () => {
      const m = mo({ attachments: '42', contacts: '["Ann","Bob"]', location: '{"name":"Home"}' });
      assert.deepStrictEqual(m.attachments, []);
      assert.deepStrictEqual(m.contacts, []);
      assert.deepStrictEqual(m.location, { name: 'Home', address: '', url: '' });
      assert.strictEqual(m.notes.length, 3, m.notes.join('\n'));
      assert.match(m.notes[0], /"attachments" is not a list of attachments.*42/);
      assert.match(m.notes[1], /"contacts" is not a list of contacts/);
      assert.match(m.notes[2], /"location" is not a location with a latitude and a longitude/);
    });

    it('reads a lone attachment object and parts given as objects rather than strings', () => {
      const m = mo({ attachments: '{"mime_type":"audio/ogg","url":"https://x.example/v.ogg"}', location: { latitude: '51.5', longitude: '-0.12' } });
      assert.deepStrictEqual(m.attachments, [{ mimeType: 'audio/ogg', url: 'https://x.example/v.ogg', caption: '', filename: '' }]);
      assert.deepStrictEqual(m.location, { latitude: 51.5, longitude: -0.12, name: '', address: '', url: '' });
    });

    it('refuses coordinates out of range (latitude 91, longitude 181) with a note', () => {
      const m = mo({ location: '{"latitude":91,"longitude":181}' });
      assert.strictEqual(m.location?.latitude, undefined);
      assert.strictEqual(m.location?.longitude, undefined);
      assert.strictEqual(m.notes.length, 1);
    });

    it('reads WhatsApp contact cards: formatted name, or first and last; phones and e-mails', () => {
      const contacts = JSON.stringify([
        { name: { formatted_name: 'Dr. Lee' }, phones: [{ phone: '+44 20 7946 0000', type: 'WORK' }], emails: [{ email: 'lee@clinic.example' }] },
        { name: { first_name: 'Ann', last_name: 'Bo' }, phones: [{ wa_id: '4479460000' }] },
      ]);
      assert.deepStrictEqual(mo({ contacts }).contacts, [
        { name: 'Dr. Lee', phones: ['+44 20 7946 0000'], emails: ['lee@clinic.example'] },
        { name: 'Ann Bo', phones: ['4479460000'], emails: [] },
      ]);
    });
  });

  describe('times', () => {
    it('uses ts, then datetime, then the time received; Unix seconds and milliseconds are read', () => {
      assert.strictEqual(read({ event: 'MO', ts: '', datetime: '2026-12-03T08:00:00Z' }).at, '2026-12-03T08:00:00.000Z');
      assert.strictEqual(read({ event: 'MO', ts: 1796284800 }).at, new Date(1796284800 * 1000).toISOString());
      assert.strictEqual(read({ event: 'MO', ts: '1796284800000' }).at, new Date(1796284800000).toISOString());
      const none = read({ event: 'MO' });
      assert.strictEqual(none.at, RECEIVED);
      assert.deepStrictEqual(none.notes, []);
    });

    it('notes a time that is not one (and one far in the future), and uses the time received', () => {
      for (const ts of ['yesterday', '12', '2026-13-45T99:99', { at: 1 }, true]) {
        const e = read({ event: 'MO', ts });
        assert.strictEqual(e.at, RECEIVED, JSON.stringify(ts));
        assert.strictEqual(e.notes.length, 1, JSON.stringify(ts));
      }
      const future = read({ event: 'MO', ts: '2027-12-03T10:00:00Z' });
      assert.strictEqual(future.at, RECEIVED);
      assert.match(future.notes[0], /future/);
      // A few seconds of clock skew is not the future.
      assert.strictEqual(read({ event: 'MO', ts: '2026-12-03T10:00:30.000Z' }).at, '2026-12-03T10:00:30.000Z');
    });
  });

  describe('transids', () => {
    it('strips one trailing _<n>, only digits, and keeps a transid without one', () => {
      assert.strictEqual(sendTransidOf('abc_0'), 'abc');
      assert.strictEqual(sendTransidOf('abc_12'), 'abc');
      assert.strictEqual(sendTransidOf('a_b_3'), 'a_b');
      assert.strictEqual(sendTransidOf('abc'), 'abc');
      assert.strictEqual(sendTransidOf('abc_x'), 'abc_x');
      assert.strictEqual(sendTransidOf('_1'), '_1');
      assert.strictEqual(sendTransidOf(''), '');
    });

    it('a postback without a transid is still a tap, noted as answering no known message', () => {
      const tap = asTap(read({ event: 'postback', waid: '1', buttonPayload: 'p' }));
      assert.strictEqual(tap.transid, '');
      assert.strictEqual(tap.notes.length, 1);
    });

    it('falls back to tid when transid is missing', () => {
      assert.strictEqual(asTap(read({ event: 'postback', waid: '1', tid: 'T9_1', buttonPayload: 'p' })).transid, 'T9');
    });
  });

  describe('hostile text stays text', () => {
    it('keeps escapes, bidi controls and markup exactly as written', () => {
      const text = '\u001b[2K\u001b]0;pwned\u0007\r<img src=x onerror=alert(1)>\u202Egnp.exe\u2066 &amp; {{waid}}';
      const m = asMessage(read({ event: 'MO', waid: '1', message: text, username: '\u202Eadmin' }));
      assert.strictEqual(m.text, text);
      assert.strictEqual(m.name, '\u202Eadmin');
    });

    it('cuts a 60 KB message to INBOUND_TEXT_MAX and a 60 KB title to INBOUND_FIELD_MAX, marked with …', () => {
      const big = 'x'.repeat(60 * 1024);
      const m = asMessage(read({ event: 'MO', waid: '1', message: big }));
      assert.strictEqual(m.text.length, INBOUND_TEXT_MAX);
      assert.ok(m.text.endsWith('…'));
      const tap = asTap(read({ event: 'postback', waid: '1', transid: 't_0', buttonText: big, buttonPayload: big }));
      assert.strictEqual(tap.title.length, INBOUND_FIELD_MAX);
      assert.strictEqual(tap.payload.length, INBOUND_FIELD_MAX);
      const u = asUnknown(read({ event: 'x', [big]: big }));
      assert.ok(u.fields[1].name.length <= INBOUND_FIELD_MAX && u.fields[1].value.length <= INBOUND_FIELD_MAX);
    });

    it('never splits a surrogate pair when cutting', () => {
      const m = asMessage(read({ event: 'MO', message: '😀'.repeat(INBOUND_TEXT_MAX) }));
      const beforeMark = m.text.charCodeAt(m.text.length - 2);
      assert.ok(!(beforeMark >= 0xd800 && beforeMark <= 0xdbff), 'a lone high surrogate before the mark');
      assert.ok(m.text.length <= INBOUND_TEXT_MAX);
    });

    it('prototype keys are plain fields: __proto__, constructor, toString neither pollute nor replace anything', () => {
      const body = JSON.parse('{"event":"wat","__proto__":{"polluted":"yes"},"constructor":"c","toString":"t","waid":{"__proto__":1}}');
      const u = asUnknown(read(body));
      assert.deepStrictEqual(
        u.fields.map((f) => f.name),
        ['event', '__proto__', 'constructor', 'toString', 'waid'],
      );
      assert.strictEqual(u.fields[1].value, '{"polluted":"yes"}');
      assert.strictEqual(u.waid, '', 'a waid that is an object is not a waid');
      assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
      // Inherited members are not read as fields of an MO.
      const m = asMessage(read(JSON.parse('{"event":"MO","__proto__":{"message":"from the prototype","waid":"666"}}')));
      assert.strictEqual(m.text, '');
      assert.strictEqual(m.waid, '');
      // A part whose JSON holds prototype keys.
      const withProto = asMessage(read({ event: 'MO', attachments: '[{"__proto__":{"url":"https://evil.example"},"mime_type":"image/png"}]' }));
      assert.deepStrictEqual(withProto.attachments, [{ mimeType: 'image/png', url: '', caption: '', filename: '' }]);
    });

    it('never throws on a body nested 32,000 deep (a 64 KB body can be): read, the deep parts written as "…"', () => {
      const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
      const mo = asMessage(read(JSON.parse(`{"event":"MO","waid":"1","message":"hi","x":${deep(32_000)}}`)));
      assert.strictEqual(mo.text, 'hi');
      assert.match(mo.id, /^[0-9a-f]{24}$/);
      const u = asUnknown(read(JSON.parse(`{"event":"odd","x":${deep(32_000)},"ts":${deep(32_000)}}`)));
      assert.strictEqual(u.fields[1].value, `${'['.repeat(32)}"…"${']'.repeat(32)}`);
      assert.strictEqual(u.notes.length, 1, 'the ts that is not a time');
      const parts = asMessage(read({ event: 'MO', attachments: deep(30_000), location: JSON.parse(deep(32_000)) }));
      assert.strictEqual(parts.notes.length, 2, parts.notes.join('\n'));
      // The same deep body is the same event (a retry).
      assert.strictEqual(read(JSON.parse(`{"event":"MO","x":${deep(32_000)}}`)).id, read(JSON.parse(`{"event":"MO","x":${deep(32_000)}}`)).id);
    });

    it('reads numbers and booleans where text is expected as their text, and anything else as empty', () => {
      const m = asMessage(read({ event: 'mo', waid: 919900000001, appId: ['a'], message: false }));
      assert.strictEqual(m.waid, '919900000001');
      assert.strictEqual(m.appId, '');
      assert.strictEqual(m.text, 'false');
    });

    it('gives the same id to the same body (a retry) and another to a different one', () => {
      const a = read(JSON.parse(MO_SAMPLE));
      const b = read(JSON.parse(MO_SAMPLE), '2026-12-03T11:00:00.000Z');
      const c = read({ ...JSON.parse(MO_SAMPLE), message: 'other' });
      assert.strictEqual(a.id, b.id);
      assert.notStrictEqual(a.id, c.id);
      assert.match(a.id, /^[0-9a-f]{24}$/);
    });
  });
});
