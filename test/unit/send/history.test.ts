/** The send history (src/core/send/history): how many sends it keeps, in what order. */
import * as assert from 'node:assert';
import { addToHistory, HistoryEntry } from '../../../src/core/send/history';

describe('history', () => {
  it('keeps the last 50 sends, newest first', () => {
    let history: HistoryEntry[] = [];
    for (let i = 0; i < 60; i++) history = addToHistory(history, { id: String(i) } as HistoryEntry);
    assert.strictEqual(history.length, 50);
    assert.strictEqual(history[0].id, '59');
    assert.strictEqual(history[49].id, '10');
  });
});
