/** src/core/inbound/window.ts: the 24-hour window at its edges, with the times written out here (not computed by the module). */
import * as assert from 'node:assert';
import { WINDOW_MS, windowState } from '../../../src/core/inbound/window';

const WROTE = '2026-12-01T12:00:00.000Z';
/** 24 hours after WROTE. */
const DAY_LATER = '2026-12-02T12:00:00.000Z';

describe('inbound window: the 24-hour customer-care window', () => {
  it('is 24 hours', () => assert.strictEqual(WINDOW_MS, 86_400_000));

  it('is unknown when no incoming message and no 7710 was seen', () => {
    assert.deepStrictEqual(windowState({}, DAY_LATER), { state: 'unknown' });
    assert.deepStrictEqual(windowState({ lastInboundAt: 'not a time', lastFailed7710At: '' }, DAY_LATER), { state: 'unknown' });
  });

  it('is open from the incoming message until 24 h later, to the millisecond', () => {
    assert.deepStrictEqual(windowState({ lastInboundAt: WROTE }, WROTE), { state: 'open', until: DAY_LATER });
    assert.deepStrictEqual(windowState({ lastInboundAt: WROTE }, '2026-12-02T11:59:59.999Z'), { state: 'open', until: DAY_LATER });
    assert.deepStrictEqual(windowState({ lastInboundAt: WROTE }, DAY_LATER), { state: 'closed', since: DAY_LATER });
    assert.deepStrictEqual(windowState({ lastInboundAt: WROTE }, '2026-12-09T00:00:00.000Z'), { state: 'closed', since: DAY_LATER });
  });

  it('takes now as a Date, a number or ISO text alike', () => {
    const at = Date.parse('2026-12-02T11:59:59.999Z');
    for (const now of [at, new Date(at), new Date(at).toISOString()]) assert.strictEqual(windowState({ lastInboundAt: WROTE }, now).state, 'open');
  });

  it('reads an incoming time with an offset', () => {
    assert.deepStrictEqual(windowState({ lastInboundAt: '2026-12-01T17:30:00.000+05:30' }, WROTE), { state: 'open', until: DAY_LATER });
  });

  it('is closed since a 7710 when no incoming message was seen', () => {
    assert.deepStrictEqual(windowState({ lastFailed7710At: '2026-12-01T08:00:00.000Z' }, DAY_LATER), { state: 'closed', since: '2026-12-01T08:00:00.000Z' });
  });

  it('is closed by a 7710 after the last incoming message, though 24 h have not passed', () => {
    assert.deepStrictEqual(windowState({ lastInboundAt: WROTE, lastFailed7710At: '2026-12-01T12:00:00.001Z' }, '2026-12-01T13:00:00.000Z'), { state: 'closed', since: '2026-12-01T12:00:00.001Z' });
  });

  it('is closed since the 24 h mark when the 7710 came after it', () => {
    assert.deepStrictEqual(windowState({ lastInboundAt: WROTE, lastFailed7710At: '2026-12-05T00:00:00.000Z' }, '2026-12-06T00:00:00.000Z'), { state: 'closed', since: DAY_LATER });
  });

  it('is reopened by an incoming message after a 7710 (and at the same millisecond)', () => {
    assert.deepStrictEqual(windowState({ lastInboundAt: WROTE, lastFailed7710At: '2026-12-01T11:59:59.999Z' }, WROTE), { state: 'open', until: DAY_LATER });
    assert.deepStrictEqual(windowState({ lastInboundAt: WROTE, lastFailed7710At: WROTE }, WROTE), { state: 'open', until: DAY_LATER });
  });
});
