/** The timeline of a send: reports merged per recipient, in order, once each, bounded; the latest state. */
import * as assert from 'node:assert';
import { DeliveryReport } from '../../../src/core/delivery/reports';
import {
  DeliveryTimeline,
  RecipientRow,
  addUnmatched,
  mergeReport,
  readTimeline,
  readUnmatched,
  recipientRows,
  sendState,
  takeUnmatched,
} from '../../../src/core/delivery/timeline';
import { HistoryEntry, addReport, latestState, readHistory } from '../../../src/core/send/history';
import { SendRecord } from '../../../src/core/send/record';


function report(over: Partial<DeliveryReport> & Pick<DeliveryReport, 'state' | 'code'>): DeliveryReport {
  return { transid: 't-1', destination: '447700900123', description: '', timeStamp: '', additionalInfo: '', correlationid: '', callbackData: '', ...over };
}

const record: SendRecord = {
  id: 'r-1',
  at: '2026-11-25T10:00:00.000Z',
  file: 'a.wa.json',
  environment: 'sandbox',
  endpoint: 'http://127.0.0.1:3210/resources/v1/messaging',
  messageType: 'image',
  recipients: 2,
  durationMs: 12,
  httpStatus: 202,
  code: '1001',
  meaning: 'Queued',
  headline: '1001 Queued',
  success: true,
  transid: 't-1',
  advice: 'Wait for the delivery report.',
  responseBody: '{"code":"1001","transid":"t-1"}',
  sentBody: '{"destination":[{"waid":["447700900123","447700900124"]}]}',
};

/** Where a send's one recipient stands, as the Sends view and the response page read it. */
function standing(timeline: DeliveryTimeline | undefined): RecipientRow {
  const rows = recipientRows({ queued: true, sentBody: '{"destination":[{"waid":["447700900123"]}]}', timeline });
  assert.strictEqual(rows.length, 1);
  return rows[0];
}

describe('delivery timeline', () => {
  it('orders reports by their timeStamp, not by arrival, and keeps arrival order on a tie', () => {
    let tl = mergeReport(undefined, report({ state: 'Read', code: '7502', timeStamp: '2026-11-25T10:00:03Z' }), '2026-11-25T10:00:05Z');
    tl = mergeReport(tl, report({ state: 'Submitted', code: '7501', timeStamp: '2026-11-25T10:00:01Z' }), '2026-11-25T10:00:06Z');
    tl = mergeReport(tl, report({ state: 'Delivered', code: '7500', timeStamp: '2026-11-25T10:00:03Z' }), '2026-11-25T10:00:07Z');
    assert.deepStrictEqual(
      tl[0].events.map((e) => e.state),
      ['Submitted', 'Read', 'Delivered'],
    );
    assert.strictEqual(standing(tl).state, 'Read');
  });

  it('shows a report Webex Connect retried once', () => {
    const r = report({ state: 'Delivered', code: '7500', timeStamp: '2026-11-25T10:00:02Z' });
    const once = mergeReport(undefined, r, '2026-11-25T10:00:02Z');
    const twice = mergeReport(once, r, '2026-11-25T10:00:09Z');
    assert.strictEqual(twice, once);
    assert.strictEqual(twice[0].events.length, 1);
  });

  it('keeps recipients apart and counts them in the summary', () => {
    let tl = mergeReport(undefined, report({ state: 'Read', code: '7502', timeStamp: '2026-11-25T10:00:03Z' }), 'x');
    tl = mergeReport(tl, report({ destination: '447700900124', state: 'Failed', code: '7710', timeStamp: '2026-11-25T10:00:02Z' }), 'x');
    assert.deepStrictEqual(
      tl.map((r) => r.destination),
      ['447700900123', '447700900124'],
    );
    const state = sendState({ queued: true, sentBody: record.sentBody, timeline: tl });
    assert.strictEqual(state.state, 'Failed');
    assert.strictEqual(state.summary, '1 Failed · 1 Read');
    assert.strictEqual(state.short, '1 Failed · 1 Read');
  });

  it('reads Read without Delivered as delivered', () => {
    const tl = mergeReport(undefined, report({ state: 'Read', code: '7502', timeStamp: '2026-11-25T10:00:03Z' }), 'x');
    assert.deepStrictEqual(standing(tl).delivered, true);
    assert.strictEqual(standing(undefined).state, 'Queued');
  });

  it('lists addressed recipients with no report yet as Queued', () => {
    const tl = mergeReport(undefined, report({ state: 'Submitted', code: '7501', timeStamp: '2026-11-25T10:00:01Z' }), 'x');
    const rows = recipientRows({ queued: true, sentBody: record.sentBody, timeline: tl });
    assert.deepStrictEqual(
      rows.map((r) => [r.destination, r.state]),
      [
        ['447700900123', 'Submitted'],
        ['447700900124', 'Queued'],
      ],
    );
    assert.strictEqual(sendState({ queued: true, sentBody: record.sentBody, timeline: tl }).summary, '1 Submitted · 1 Queued');
  });

  it('names a single failure by code and meaning', () => {
    const tl = mergeReport(undefined, report({ state: 'Failed', code: '7701', timeStamp: '2026-11-25T10:00:01Z' }), 'x');
    assert.deepStrictEqual(sendState({ queued: true, sentBody: '{"destination":[{"waid":["447700900123"]}]}', timeline: tl }), {
      state: 'Failed',
      summary: 'Failed 7701 Media download error',
      short: 'Failed 7701',
    });
    assert.deepStrictEqual(sendState({ queued: false }), { summary: '', short: '' });
  });

  it('keeps the newest events of a recipient only', () => {
    let tl = mergeReport(undefined, report({ state: 'Submitted', code: '7501', timeStamp: '2026-01-01T00:00:00Z' }), 'x');
    for (let i = 1; i <= 25; i++) {
      tl = mergeReport(tl, report({ state: 'Failed', code: String(9000 + i), timeStamp: `2026-01-01T00:${String(i).padStart(2, '0')}:00Z` }), 'x');
    }
    assert.strictEqual(tl[0].events.length, 20);
    assert.strictEqual(tl[0].events[19].code, '9025');
    assert.strictEqual(tl[0].events[0].code, '9006');
  });

  it('keeps reports of unknown transids apart, bounded, each once, and hands them to their send', () => {
    let list = addUnmatched([], { report: report({ transid: 'late', state: 'Submitted', code: '7501' }), receivedAt: 'a' });
    list = addUnmatched(list, { report: report({ transid: 'late', state: 'Submitted', code: '7501' }), receivedAt: 'b' });
    assert.strictEqual(list.length, 1);
    for (let i = 0; i < 210; i++) list = addUnmatched(list, { report: report({ transid: `u${i}`, state: 'Read', code: '7502' }), receivedAt: 'c' });
    assert.strictEqual(list.length, 200);
    assert.strictEqual(list[0].report.transid, 'u209');
    const { taken, rest } = takeUnmatched(list, 'u205');
    assert.strictEqual(taken.length, 1);
    assert.strictEqual(rest.length, 199);
  });

  it('reads stored timelines defensively', () => {
    assert.strictEqual(readTimeline('nope'), undefined);
    assert.deepStrictEqual(readTimeline([{ destination: 'a', events: [{ state: 'Evil', code: '1' }, { state: 'Read', code: '7502', description: 3 }] }, 'junk']), [
      { destination: 'a', events: [{ state: 'Read', code: '7502', description: '', timeStamp: '', receivedAt: '' }] },
    ]);
    assert.deepStrictEqual(readUnmatched([{ report: { transid: 'x', state: 'Read', code: '7502' }, receivedAt: 'r', environment: 'dev' }, { report: {} }]), [
      {
        report: { transid: 'x', destination: '', state: 'Read', code: '7502', description: '', timeStamp: '', additionalInfo: '', correlationid: '', callbackData: '' },
        receivedAt: 'r',
        environment: 'dev',
      },
    ]);
  });
});

describe('reports in the history', () => {
  it('merges a report into the entry of its transid and leaves others alone', () => {
    const other: HistoryEntry = { ...record, id: 'r-0', transid: 't-0' };
    const history: HistoryEntry[] = [record, other];
    assert.strictEqual(addReport(history, report({ transid: 'nobody', state: 'Read', code: '7502' }), 'x'), undefined);
    const added = addReport(history, report({ state: 'Delivered', code: '7500', timeStamp: '2026-11-25T10:00:02Z' }), 'x');
    assert.ok(added);
    assert.strictEqual(added.changed, true);
    assert.strictEqual(added.history[1], other);
    assert.strictEqual(latestState(added.history[0]).summary, '1 Delivered · 1 Queued');
    // Stored and read back (workspace state is JSON).
    const reread = readHistory(JSON.parse(JSON.stringify(added.history)));
    assert.deepStrictEqual(reread[0].timeline, added.history[0].timeline);
  });

  it('matches a report that came by an environment\'s notify URL only to sends of that environment', () => {
    const history: HistoryEntry[] = [record];
    const r = report({ state: 'Read', code: '7502' });
    assert.strictEqual(addReport(history, r, 'x', 'prod'), undefined);
    assert.strictEqual(addReport(history, r, 'x', 'sand'), undefined);
    assert.strictEqual(addReport(history, r, 'x', 'sandbox')?.changed, true);
    assert.strictEqual(addReport([{ ...record, environment: 'sandbox (127.0.0.1:3210)' }], r, 'x', 'sandbox')?.changed, true);
    assert.strictEqual(addReport(history, r, 'x')?.changed, true);
    // A send keeps its environment's name: a name that only begins the same way is another environment.
    const eu: HistoryEntry = { ...record, environment: 'prod (eu) (api.eu.webexconnect.io)', environmentName: 'prod (eu)' };
    assert.strictEqual(addReport([eu], r, 'x', 'prod'), undefined);
    assert.strictEqual(addReport([eu], r, 'x', 'prod (eu)')?.changed, true);
  });
});
