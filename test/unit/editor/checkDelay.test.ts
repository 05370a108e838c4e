import * as assert from 'node:assert';
import { AdaptiveDelay } from '../../../src/editor/checkDelay';

const PAUSE = 100;
const DOC = 'file:///p/a.wa.json';

/** An AdaptiveDelay on a clock the test moves: each check "takes" the milliseconds it is given. */
function delayWithClock(): { delay: AdaptiveDelay; check(ms: number, size: number, key?: string): void } {
  let now = 0;
  const delay = new AdaptiveDelay(PAUSE, () => now);
  return {
    delay,
    check(ms, size, key = DOC) {
      delay.timed(key, size, () => {
        now += ms;
      });
    },
  };
}

/** Equal but for floating-point rounding. */
function near(actual: number | undefined, expected: number): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
}

describe('AdaptiveDelay (when a re-check runs after an edit)', () => {
  it('waits for a pause before a document was ever checked', () => {
    const { delay } = delayWithClock();
    assert.strictEqual(delay.delayFor(DOC, 400), PAUSE);
    assert.strictEqual(delay.estimate(DOC, 400), undefined);
  });

  it('checks at once a document that checks cheaply, and waits for a pause for one that does not', () => {
    const { delay, check } = delayWithClock();
    check(0.1, 400);
    assert.strictEqual(delay.delayFor(DOC, 400), 0);
    check(12, 58_000, 'file:///p/big.wa.json');
    assert.strictEqual(delay.delayFor('file:///p/big.wa.json', 58_000), PAUSE);
    // Each document is judged by its own checks.
    assert.strictEqual(delay.delayFor(DOC, 400), 0);
  });

  it('keeps checking at once when one check in a few was slowed by the machine', () => {
    const { delay, check } = delayWithClock();
    for (let i = 0; i < 3; i++) check(0.1, 400);
    // Descheduled for a time slice, or a garbage collection: 60 times the usual cost.
    check(6, 400);
    assert.strictEqual(delay.delayFor(DOC, 400), 0, 'the keystroke after a slow check is not sent to the pause');
    check(0.1, 400);
    assert.strictEqual(delay.delayFor(DOC, 400), 0);
  });

  it('waits for a pause once every recent check was costly', () => {
    const { delay, check } = delayWithClock();
    check(0.1, 400);
    for (let i = 0; i < 5; i++) check(8, 400);
    assert.strictEqual(delay.delayFor(DOC, 400), PAUSE, 'the cheap check has left the window of recent ones');
  });

  it('judges a document that grew many times over (a paste) by its new size before checking it', () => {
    const { delay, check } = delayWithClock();
    for (let i = 0; i < 5; i++) check(0.1, 400);
    // Below 4,096 characters a check costs its fixed part: 400 → 4,000 characters is the same cost.
    near(delay.estimate(DOC, 4000), 0.1);
    // 400 → 58,000 characters (1,000 destinations pasted): 58,000 / 4,096 times as much, still cheap.
    near(delay.estimate(DOC, 58_000), (0.1 * 58_000) / 4096);
    assert.strictEqual(delay.delayFor(DOC, 58_000), 0);
    // 400 → 1,000,000 characters: about 24 ms expected, so wait for a pause before checking it.
    assert.strictEqual(delay.delayFor(DOC, 1_000_000), PAUSE);
    // Checked once at that size, and cheaper per character than expected: at once again.
    check(2, 1_000_000);
    assert.strictEqual(delay.delayFor(DOC, 1_000_000), 0);
    // Cut back to a few characters: cheap again.
    assert.strictEqual(delay.delayFor(DOC, 300), 0);
  });

  it('does not take the fixed cost of an empty document for a cost per character', () => {
    const { delay, check } = delayWithClock();
    // An untitled file checked as it opens (empty), then filled by a paste of a typical payload.
    check(0.5, 0);
    near(delay.estimate(DOC, 600), 0.5);
    assert.strictEqual(delay.delayFor(DOC, 600), 0);
  });

  it('records a check that throws, and forgets a closed document', () => {
    const { delay } = delayWithClock();
    assert.throws(() => delay.timed(DOC, 400, () => {
      throw new Error('bad');
    }), /bad/);
    assert.strictEqual(delay.delayFor(DOC, 400), 0, 'the throwing check cost nothing on this clock');
    delay.forget(DOC);
    assert.strictEqual(delay.delayFor(DOC, 400), PAUSE);
  });
});
