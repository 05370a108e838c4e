/**
 * The history stays small whatever a sender posts (issue 19 item 7): each stored report's text cut
 * to REPORT_TEXT_MAX, each send's timeline within TIMELINE_BYTES_MAX, the whole history within
 * HISTORY_BYTES_MAX, the reports of unknown transids within UNMATCHED_BYTES_MAX — and the user's
 * own send keeps its newest state. The expected states are written here from the reports sent.
 */
import * as assert from 'node:assert';
import type { DeliveryReport } from '../../../src/core/delivery/reports';
import { REPORT_TEXT_MAX, TIMELINE_BYTES_MAX, UNMATCHED_BYTES_MAX, addUnmatched, mergeReport, readTimeline, readUnmatched, type UnmatchedReport } from '../../../src/core/delivery/timeline';
import { HISTORY_BYTES_MAX, type HistoryEntry, addReport, addToHistory, latestState, readHistory } from '../../../src/core/send/history';
import { sentMessageOf } from '../../../src/core/send/sentMessages';
import { sendRecord } from '../helpers/sends';

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const BIG = 'd'.repeat(60 * 1024);
const waids = Array.from({ length: 100 }, (_, i) => String(15550000000 + i));
const stamp = (i: number) => new Date(Date.parse('2026-12-03T09:00:00.000Z') + i * 1000).toISOString();

function reportOf(transid: string, destination: string, state: DeliveryReport['state'], code: string, i: number, description = BIG): DeliveryReport {
  return { transid, destination, state, code, description, timeStamp: stamp(i), additionalInfo: BIG, correlationid: BIG, callbackData: BIG };
}

describe('history bounds: workspace state stays small whatever a sender posts', function () {
  this.timeout(60_000);

  it('2,000 reports with 60 KB descriptions on one send of 100 recipients: under the bounds, every recipient\'s newest state kept', () => {
    const own = sendRecord('own', { waids });
    let history: HistoryEntry[] = [own];
    // 20 reports per recipient: Submitted, Delivered, then 17 stray repeats of Delivered with new stamps, then Read (recipients 0-9 fail instead).
    let i = 0;
    for (let round = 0; round < 20; round++) {
      for (const [n, waid] of waids.entries()) {
        const last = round === 19;
        const [state, code]: [DeliveryReport['state'], string] = round === 0 ? ['Submitted', '7501'] : last ? (n < 10 ? ['Failed', '7710'] : ['Read', '7502']) : ['Delivered', '7500'];
        const added = addReport(history, reportOf('t-own', waid, state, code, i++), stamp(i));
        assert.ok(added, 'the report matched the send');
        history = added.history;
      }
    }
    assert.ok(bytes(history) <= HISTORY_BYTES_MAX, `history ${bytes(history)} bytes`);
    const entry = history[0];
    assert.ok(bytes(entry.timeline) <= TIMELINE_BYTES_MAX, `timeline ${bytes(entry.timeline)} bytes`);
    for (const r of entry.timeline ?? []) for (const e of r.events) assert.ok(e.description.length <= REPORT_TEXT_MAX);
    // Every recipient is where its last report put it.
    const sent = sentMessageOf(entry);
    assert.ok(sent);
    assert.strictEqual(sent.recipients.length, 100);
    for (const [n, r] of sent.recipients.entries()) assert.strictEqual(r.state, n < 10 ? 'Failed' : 'Read', r.waid);
    assert.deepStrictEqual(latestState(entry), { state: 'Failed', summary: '10 Failed · 90 Read', short: '10 Failed · 90 Read' });
    // A Failed recipient keeps its 7710 (the 24-hour window reads it).
    assert.ok(sent.recipients[0].reports.some((r) => r.code === '7710'));
  });

  it('the history drops its oldest sends past HISTORY_BYTES_MAX, never the one just reported on (even the oldest)', () => {
    // 49 sends whose timelines are full (about TIMELINE_BYTES_MAX each: 12 MB in all), and the oldest send with none.
    let full = mergeReport(undefined, reportOf('x', waids[0], 'Delivered', '7500', 0), stamp(0));
    for (let k = 1; k < 2000; k++) full = mergeReport(full, reportOf('x', waids[k % 100], 'Delivered', '7500', k), stamp(k));
    const newer = Array.from({ length: 49 }, (_, n): HistoryEntry => ({ ...sendRecord(`s${49 - n}`, { waids }), timeline: full }));
    const history = [...newer, sendRecord('s0', { waids })];
    assert.ok(bytes(history) > HISTORY_BYTES_MAX);
    const added = addReport(history, reportOf('t-s0', waids[5], 'Read', '7502', 1), stamp(1));
    assert.ok(added);
    assert.ok(bytes(added.history) <= HISTORY_BYTES_MAX, `history ${bytes(added.history)} bytes`);
    assert.strictEqual(added.history[added.history.length - 1].id, 's0', 'the send reported on is kept, though it is the oldest');
    assert.strictEqual(added.history[0].id, 's49', 'the newest send is kept');
    assert.ok(added.history.length < 50);
    // The next send to arrive is kept too, and so is the bound.
    const next = addToHistory(added.history, sendRecord('s50', { waids }));
    assert.strictEqual(next[0].id, 's50');
    assert.ok(bytes(next) <= HISTORY_BYTES_MAX);
  });

  it('reports of unknown transids stay within UNMATCHED_BYTES_MAX, the newest first', () => {
    let list: UnmatchedReport[] = [];
    for (let n = 0; n < 2000; n++) list = addUnmatched(list, { report: reportOf(`u-${n}`, '1', 'Delivered', '7500', n), receivedAt: stamp(n) });
    assert.ok(bytes(list) <= UNMATCHED_BYTES_MAX, `${bytes(list)} bytes`);
    assert.strictEqual(list[0].report.transid, 'u-1999');
    assert.ok(list[0].report.callbackData.length <= REPORT_TEXT_MAX);
  });

  it('bounds what an older version stored (a 60 KB description per event, 117 MB in all) when reading it', () => {
    const events = Array.from({ length: 20 }, (_, k) => ({ state: 'Delivered', code: '7500', description: BIG, timeStamp: stamp(k), receivedAt: stamp(k) }));
    const timeline = waids.map((destination) => ({ destination, events }));
    assert.ok(bytes(readTimeline(timeline)) <= TIMELINE_BYTES_MAX);
    const stored = [{ ...sendRecord('old', { waids }), timeline }, { ...sendRecord('older', { waids }), timeline }];
    const read = readHistory(stored);
    assert.ok(bytes(read) <= HISTORY_BYTES_MAX);
    assert.strictEqual(read[0].id, 'old');
    const unmatched = Array.from({ length: 200 }, (_, n) => ({ report: reportOf(`u${n}`, '1', 'Read', '7502', n), receivedAt: stamp(n) }));
    assert.ok(bytes(readUnmatched(JSON.parse(JSON.stringify(unmatched)))) <= UNMATCHED_BYTES_MAX);
  });

  it('a repeat of a cut report is still a repeat (Webex Connect retries)', () => {
    const own = sendRecord('own');
    const first = addReport([own], reportOf('t-own', '919900000001', 'Read', '7502', 1), stamp(1));
    assert.ok(first?.changed);
    const again = addReport(first.history, reportOf('t-own', '919900000001', 'Read', '7502', 1), stamp(2));
    assert.strictEqual(again?.changed, false);
  });
});
