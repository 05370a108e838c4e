import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { readDeliveryReport, deliveryReportBody } from '../../src/core/delivery/reports';
import { SendRecord } from '../../src/core/send/record';
import { SendHistory } from '../../src/editor/history';

/**
 * Workspace state as VS Code gives it: the value is there at once, the promise settles when it is
 * written to disk, which can be much later. Here the write takes 300 ms, so a report can arrive in it.
 */
class SlowWorkspaceState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function record(transid: string): SendRecord {
  return {
    id: `id-${transid}`,
    at: new Date().toISOString(),
    file: 'race.wa.json',
    environment: 'test',
    endpoint: 'http://127.0.0.1:9/resources/v1/messaging',
    messageType: 'image',
    recipients: 1,
    durationMs: 3,
    httpStatus: 202,
    code: '1001',
    meaning: 'Queued',
    headline: '1001 Queued',
    success: true,
    transid,
    advice: '',
    sentBody: JSON.stringify({ destination: [{ waid: ['15550001234'] }] }),
  };
}

function report(transid: string, state: 'Submitted' | 'Failed', code: string) {
  const read = readDeliveryReport(deliveryReportBody({ transid, destination: '15550001234', state, code }));
  assert.ok('report' in read);
  return read.report;
}

const events = (history: SendHistory, transid: string) =>
  (history.entries().find((e) => e.transid === transid)?.timeline ?? []).flatMap((r) => r.events.map((e) => `${e.state} ${e.code}`));

describe('The send history while workspace state writes', () => {
  it('a report arriving while a send is stored joins the send', async () => {
    const history = new SendHistory(new SlowWorkspaceState());
    const adding = history.add(record('t-1'));
    assert.strictEqual(await history.addReport(report('t-1', 'Failed', '7710'), { receivedAt: new Date().toISOString() }), 'matched');
    await adding;
    assert.deepStrictEqual(events(history, 't-1'), ['Failed 7710']);
    assert.deepStrictEqual(history.unmatched(), []);
    history.dispose();
  });

  it('a report that beat the answer joins the send when it is stored, and one arriving during that write is not left apart', async () => {
    const history = new SendHistory(new SlowWorkspaceState());
    assert.strictEqual(await history.addReport(report('t-2', 'Submitted', '7501'), { receivedAt: new Date().toISOString() }), 'unmatched');
    const adding = history.add(record('t-2'));
    assert.strictEqual(await history.addReport(report('t-2', 'Failed', '7865'), { receivedAt: new Date().toISOString() }), 'matched');
    const stored = await adding;
    assert.deepStrictEqual(events(history, 't-2'), ['Submitted 7501', 'Failed 7865']);
    assert.deepStrictEqual((stored.timeline ?? []).flatMap((r) => r.events.map((e) => e.code)), ['7501'], 'the entry add() returns is the one it stored');
    assert.deepStrictEqual(history.unmatched(), [], 'nothing left among the unknown reports');
    history.dispose();
  });
});
