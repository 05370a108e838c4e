/**
 * src/core/inbound/conversations.ts with src/core/send/sentMessages.ts: per customer, the sends of
 * the history and the events that came back, in time order; taps joined to the send that carried
 * them (by transid without _<n>) and named by their title; taps of unknown sends kept; customers
 * who only wrote in; the window's facts from MO/postback events and 7710 reports.
 */
import * as assert from 'node:assert';
import { buildConversations, conversationOf, waidKey, type Conversation, type ConversationItem } from '../../../src/core/inbound/conversations';
import { readInboundEvent, type InboundEvent } from '../../../src/core/inbound/events';
import { moEventBody, postbackEventBody } from '../../../src/core/inbound/bodies';
import { mergeReport } from '../../../src/core/delivery/timeline';
import type { HistoryEntry } from '../../../src/core/send/history';
import { choicesOf, sentMessagesOf } from '../../../src/core/send/sentMessages';
import { sampleBody, sendRecord } from '../helpers/sends';

const WAID = '919900000001';
const mo = (text: string, at: string, waid = WAID, username = ''): InboundEvent => readInboundEvent(moEventBody({ waid, appId: 'a_1', at, username }, { text }), at);
const tap = (transid: string, buttonPayload: string, buttonText: string, at: string, waid = WAID): InboundEvent =>
  readInboundEvent(postbackEventBody({ waid, appId: 'a_1', at }, { transid, buttonPayload, buttonText }), at);

/** A history entry with reports merged into its timeline. */
function withReports(entry: HistoryEntry, reports: { destination: string; state: 'Submitted' | 'Delivered' | 'Read' | 'Failed'; code: string; timeStamp: string }[]): HistoryEntry {
  let timeline = entry.timeline;
  for (const r of reports) timeline = mergeReport(timeline, { transid: entry.transid ?? '', description: '', additionalInfo: '', correlationid: '', callbackData: '', ...r }, r.timeStamp);
  return { ...entry, timeline };
}

const kinds = (c: Conversation | undefined) => (c?.items ?? []).map((i: ConversationItem) => (i.kind === 'sent' ? `sent ${i.send.id}` : i.kind === 'tap' ? `tap ${i.title}${i.send ? ` → ${i.send.id}` : ' (send unknown)'}` : `received ${i.event.type === 'message' ? i.event.text : i.event.event}`));

describe('conversations: what was sent to a customer and what came back', () => {
  it('reads the buttons and rows a sent body carried (the repository samples)', () => {
    assert.deepStrictEqual(choicesOf(sampleBody('reply')), [
      { id: 'confirm', title: 'Confirm' },
      { id: 'reschedule', title: 'Reschedule' },
    ]);
    assert.deepStrictEqual(choicesOf(sampleBody('list')), [
      { id: 'slot-morning', title: 'Morning' },
      { id: 'slot-afternoon', title: 'Afternoon' },
    ]);
    assert.deepStrictEqual(choicesOf(sampleBody('text')), []);
    assert.deepStrictEqual(choicesOf('not json'), []);
  });

  it('puts sends and events in time order, joins a tap to its send by transid and names it by its title', () => {
    const reply = sendRecord('r', { messageType: 'reply', sentBody: sampleBody('reply'), at: '2026-12-03T09:10:00.000Z' });
    const text = sendRecord('x', { at: '2026-12-03T09:00:00.000Z' });
    const events = [tap('t-r', 'confirm', 'Confirm', '2026-12-03T09:12:00.000Z'), mo('hello', '2026-12-03T08:55:00.000Z', WAID, 'Asha')];
    const conversations = buildConversations(sentMessagesOf([reply, text]), events);
    assert.strictEqual(conversations.length, 1);
    const c = conversations[0];
    assert.strictEqual(c.waid, WAID);
    assert.strictEqual(c.name, 'Asha');
    assert.strictEqual(c.sentTo, true);
    assert.deepStrictEqual(kinds(c), ['received hello', 'sent x', 'sent r', 'tap Confirm → r']);
    assert.strictEqual(c.lastAt, '2026-12-03T09:12:00.000Z');
  });

  it('keeps a tap whose send is not known (sent elsewhere, or gone from the history), named by its title or else its id', () => {
    const c = buildConversations([], [tap('gone', 'p-1', 'Yes', '2026-12-03T09:00:00.000Z'), tap('gone2', 'p-2', '', '2026-12-03T09:01:00.000Z')])[0];
    assert.deepStrictEqual(kinds(c), ['tap Yes (send unknown)', 'tap p-2 (send unknown)']);
    assert.strictEqual(c.sentTo, false);
  });

  it('names a tap without a title by the title its send gave that id', () => {
    const reply = sendRecord('r', { sentBody: sampleBody('reply') });
    const c = buildConversations(sentMessagesOf([reply]), [tap('t-r', 'reschedule', '', '2026-12-03T09:30:00.000Z')])[0];
    assert.deepStrictEqual(kinds(c), ['sent r', 'tap Reschedule → r']);
  });

  it('gives each recipient of a send its own conversation, with its own states', () => {
    const both = withReports(sendRecord('b', { waids: ['15550001', '15550002'] }), [
      { destination: '15550001', state: 'Read', code: '7502', timeStamp: '2026-12-03T09:01:00.000Z' },
      { destination: '15550002', state: 'Failed', code: '7710', timeStamp: '2026-12-03T09:02:00.000Z' },
    ]);
    const [one, two] = ['15550001', '15550002'].map((w) => conversationOf(sentMessagesOf([both]), [], w));
    const sentItem = (c: Conversation | undefined) => c?.items[0] as Extract<ConversationItem, { kind: 'sent' }>;
    assert.strictEqual(sentItem(one).recipient.state, 'Read');
    assert.strictEqual(sentItem(two).recipient.state, 'Failed');
    assert.deepStrictEqual(sentItem(two).recipient.reports.map((r) => [r.state, r.code, r.at]), [['Failed', '7710', '2026-12-03T09:02:00.000Z']]);
    assert.deepStrictEqual(one?.window, {});
    assert.deepStrictEqual(two?.window, { lastFailed7710At: '2026-12-03T09:02:00.000Z' });
  });

  it('takes the window\'s facts from messages and taps (not unknown events) and the latest 7710', () => {
    const sent = withReports(sendRecord('s'), [{ destination: WAID, state: 'Failed', code: '7710', timeStamp: '2026-12-03T09:05:00.000Z' }]);
    const events = [mo('a', '2026-12-03T08:00:00.000Z'), tap('t-s', 'p', 'P', '2026-12-03T08:30:00.000Z'), readInboundEvent({ event: 'reaction', waid: WAID, ts: '2026-12-03T10:00:00.000Z' }, '2026-12-03T10:00:00.000Z')];
    const c = conversationOf(sentMessagesOf([sent]), events, WAID);
    assert.deepStrictEqual(c?.window, { lastInboundAt: '2026-12-03T08:30:00.000Z', lastFailed7710At: '2026-12-03T09:05:00.000Z' });
  });

  it('keeps customers who only wrote in (sentTo false) and leaves events naming no customer out of every conversation', () => {
    const sent = sendRecord('s');
    const events = [mo('to you', '2026-12-03T09:30:00.000Z', '447700900123'), readInboundEvent({ event: 'mystery' }, '2026-12-03T09:31:00.000Z')];
    const conversations = buildConversations(sentMessagesOf([sent]), events);
    assert.deepStrictEqual(
      conversations.map((c) => [c.waid, c.sentTo]),
      [
        ['447700900123', false],
        [WAID, true],
      ],
    );
  });

  it('matches a waid however it is spelt (+, spaces, dashes), not other ids', () => {
    assert.strictEqual(waidKey('+91 99000-00001'), WAID);
    assert.strictEqual(waidKey('(91) 9900 000 001'), WAID);
    assert.strictEqual(waidKey('bsuid.ABC-1'), 'bsuid.ABC-1');
    const c = conversationOf(sentMessagesOf([sendRecord('s')]), [mo('hi', '2026-12-03T09:30:00.000Z', '+91 9900000001')], '+919900000001');
    assert.deepStrictEqual(kinds(c), ['sent s', 'received hi']);
    assert.strictEqual(conversationOf([], [], WAID), undefined);
  });

  it('joins a tap to its send even when the send listed the customer another way, without adding that send to the conversation', () => {
    const other = sendRecord('o', { waids: ['15550009'], sentBody: sampleBody('reply', '15550009') });
    const c = conversationOf(sentMessagesOf([other]), [tap('t-o', 'confirm', 'Confirm', '2026-12-03T09:30:00.000Z')], WAID);
    assert.deepStrictEqual(kinds(c), ['tap Confirm → o']);
  });

  it('leaves sends that were not queued out (nothing reached anyone)', () => {
    const refused = sendRecord('f', { success: false, code: '7001', transid: undefined });
    assert.deepStrictEqual(buildConversations(sentMessagesOf([refused]), []), []);
  });

  it('at the same time, a send comes before what came back', () => {
    const at = '2026-12-03T09:00:00.000Z';
    const c = buildConversations(sentMessagesOf([sendRecord('s', { at })]), [mo('same', at)])[0];
    assert.deepStrictEqual(kinds(c), ['sent s', 'received same']);
  });
});
