/**
 * src/core/inbound/store.ts: the customer's events as kept in workspace state — a repeat once,
 * strangers apart, bounded in count and bytes whatever a sender posts, and read back from state
 * anyone could have edited.
 */
import * as assert from 'node:assert';
import { readInboundEvent, type InboundEvent } from '../../../src/core/inbound/events';
import { moEventBody } from '../../../src/core/inbound/bodies';
import {
  EMPTY_INBOUND,
  INBOUND_APART_BYTES_MAX,
  INBOUND_APART_MAX,
  INBOUND_BYTES_MAX,
  INBOUND_EVENTS_MAX,
  INBOUND_EVENT_BYTES_MAX,
  type StoredInbound,
  addInbound,
  allInbound,
  boundEvent,
  promoteInbound,
  readInbound,
  sentToAny,
} from '../../../src/core/inbound/store';

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const at = (i: number) => new Date(Date.parse('2026-12-03T00:00:00.000Z') + i * 1000).toISOString();
const mo = (i: number, waid = '15550001', text = `m${i}`): InboundEvent => readInboundEvent(moEventBody({ waid, appId: 'a', at: at(i) }, { text, tid: `tid-${i}` }), at(i));
const known = sentToAny(['+1 555 0001']);

function addAll(events: InboundEvent[], sentTo = known): StoredInbound {
  let stored = EMPTY_INBOUND;
  for (const e of events) stored = addInbound(stored, e, sentTo).stored;
  return stored;
}

describe('inbound store: the customer\'s events in workspace state', function () {
  this.timeout(20_000);
  it('keeps events of customers sent to in one list, others and events naming no one apart', () => {
    const stored = addAll([mo(1), mo(2, '447700900123'), readInboundEvent({ event: 'x' }, at(3))]);
    assert.deepStrictEqual(stored.events.map((e) => e.waid), ['15550001']);
    assert.deepStrictEqual(stored.apart.map((e) => e.waid), ['447700900123', '']);
    assert.deepStrictEqual(allInbound(stored).map((e) => e.at), [at(1), at(2), at(3)]);
  });

  it('keeps a repeat (Webex Connect posting the same body again) once', () => {
    const first = addInbound(EMPTY_INBOUND, mo(1), known);
    assert.strictEqual(first.added, true);
    const again = addInbound(first.stored, readInboundEvent(moEventBody({ waid: '15550001', appId: 'a', at: at(1) }, { text: 'm1', tid: 'tid-1' }), at(9)), known);
    assert.strictEqual(again.added, false);
    assert.strictEqual(again.stored, first.stored);
  });

  it('keeps the newest INBOUND_EVENTS_MAX events, and a stranger\'s flood never pushes a customer\'s out', () => {
    const customers = Array.from({ length: INBOUND_EVENTS_MAX + 50 }, (_, i) => mo(i));
    let stored = addAll(customers);
    assert.strictEqual(stored.events.length, INBOUND_EVENTS_MAX);
    assert.strictEqual(stored.events[0].at, at(50));
    assert.strictEqual(stored.events[stored.events.length - 1].at, at(INBOUND_EVENTS_MAX + 49));
    for (let i = 0; i < INBOUND_APART_MAX * 3; i++) stored = addInbound(stored, mo(100_000 + i, `44${i}`), known).stored;
    assert.strictEqual(stored.events.length, INBOUND_EVENTS_MAX);
    assert.strictEqual(stored.apart.length, INBOUND_APART_MAX);
    assert.strictEqual(stored.apart[INBOUND_APART_MAX - 1].waid, `44${INBOUND_APART_MAX * 3 - 1}`);
  });

  it('keeps each list within its bytes however large the events (1,000 messages of 60 KB)', () => {
    const big = 'é'.repeat(60 * 1024);
    const events = Array.from({ length: 1000 }, (_, i) => mo(i, i % 2 ? '15550001' : '4477', big));
    const stored = addAll(events);
    assert.ok(bytes(stored.events) <= INBOUND_BYTES_MAX, `${bytes(stored.events)} bytes`);
    assert.ok(bytes(stored.apart) <= INBOUND_APART_BYTES_MAX, `${bytes(stored.apart)} bytes`);
    // The newest is there.
    assert.strictEqual(stored.events[stored.events.length - 1].at, at(999));
    assert.ok(stored.events.length > 100, `${stored.events.length} events`);
  });

  it('cuts one event past INBOUND_EVENT_BYTES_MAX, keeping who, when and which send', () => {
    // 50 fields of 1,024 control characters each: 6 bytes of JSON apiece.
    const hostile = Object.fromEntries([['event', 'x'], ['waid', '15550001'], ...Array.from({ length: 60 }, (_, i) => [`f${i}`, '\u0001'.repeat(5000)])]);
    const e = boundEvent(readInboundEvent(hostile, at(1)));
    assert.ok(bytes(e) <= INBOUND_EVENT_BYTES_MAX, `${bytes(e)} bytes`);
    assert.strictEqual(e.waid, '15550001');
    assert.strictEqual(e.at, at(1));
    const tap = boundEvent(readInboundEvent({ event: 'postback', waid: '1', transid: 'T_0', buttonText: '\u0001'.repeat(1024), buttonPayload: '\u0001'.repeat(1024), username: '\u0001'.repeat(1024), appId: '\u0001'.repeat(1024), ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x${i}`, 1])) }, at(1)));
    assert.strictEqual(tap.type === 'tap' && tap.transid, 'T');
    const small = mo(1);
    assert.strictEqual(boundEvent(small), small);
  });

  it('moves a customer\'s events from apart once a message is sent to them', () => {
    const stored = addAll([mo(1, '447700900123'), mo(2), mo(3, '447700900123'), mo(4, '33')]);
    const promoted = promoteInbound(stored, sentToAny(['15550001', '+44 7700 900123']));
    assert.deepStrictEqual(promoted.events.map((e) => e.at), [at(1), at(2), at(3)]);
    assert.deepStrictEqual(promoted.apart.map((e) => e.waid), ['33']);
    assert.strictEqual(promoteInbound(promoted, known), promoted, 'nothing to move: the same value');
  });

  it('reads back what it stored, and from edited state only what can be read', () => {
    const stored = addAll([mo(1), readInboundEvent({ event: 'postback', waid: '15550001', transid: 'T_1', buttonPayload: 'p', buttonText: 'P' }, at(2)), readInboundEvent({ event: 'odd', waid: '15550001', n: 1 }, at(3))]);
    const round = readInbound(JSON.parse(JSON.stringify(stored)));
    assert.deepStrictEqual(round, stored);
    for (const garbage of [undefined, null, 7, 'x', [], { events: 'x' }, { events: [null, 1, { id: 1 }, { type: 'message' }, { type: 'nope', id: 'a', receivedAt: at(1) }] }]) {
      assert.deepStrictEqual(readInbound(garbage), EMPTY_INBOUND, JSON.stringify(garbage));
    }
    const edited = readInbound(JSON.parse('{"events":[{"type":"message","id":"i","receivedAt":"2026-12-03T00:00:00.000Z","text":5,"attachments":[1,{"url":"u","__proto__":{"x":1}}],"location":{"latitude":"1"}}],"apart":[]}'));
    assert.deepStrictEqual(edited.events, [
      { type: 'message', id: 'i', at: '2026-12-03T00:00:00.000Z', receivedAt: '2026-12-03T00:00:00.000Z', waid: '', appId: '', name: '', notes: [], text: '', tid: '', attachments: [{ mimeType: '', url: 'u', caption: '', filename: '' }], contacts: [], location: { name: '', address: '', url: '' } },
    ]);
  });
});
