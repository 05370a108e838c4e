/** The recipients a session message would fail for, before it is sent (src/core/send/closedWindows). */
import * as assert from 'node:assert';
import { closedWindows } from '../../../src/core/send/closedWindows';
import type { WindowState } from '../../../src/core/inbound/window';
import { skeletonPayload } from '../../../src/core/messages/scaffold';

const SINCE = '2026-12-02T09:30:00.000Z';
const windows: Record<string, WindowState> = {
  '15550000001': { state: 'closed', since: SINCE },
  '15550000002': { state: 'open', until: '2026-12-04T09:30:00.000Z' },
  '15550000003': { state: 'closed', since: '2026-12-01T08:00:00.000Z' },
};
const windowOf = (waid: string): WindowState => windows[waid] ?? { state: 'unknown' };

function to(kind: string, ...waids: unknown[]): Record<string, unknown> {
  return { ...skeletonPayload(kind), destination: [{ waid: waids }] };
}

describe('closed windows before a send', () => {
  it('a text to a customer whose window is closed names them and since when', () => {
    assert.deepStrictEqual(closedWindows(to('text', '15550000001'), windowOf), [{ waid: '15550000001', since: SINCE }]);
  });

  it('every session kind is checked: media, location, contacts, list, reply buttons', () => {
    for (const kind of ['image', 'document', 'location', 'contacts', 'list', 'reply']) {
      assert.strictEqual(closedWindows(to(kind, '15550000001'), windowOf).length, 1, kind);
    }
  });

  it('an open or unknown window gives nothing (no false alarm)', () => {
    assert.deepStrictEqual(closedWindows(to('text', '15550000002'), windowOf), []);
    assert.deepStrictEqual(closedWindows(to('text', '15559999999'), windowOf), []);
  });

  it('a template never warns, even to a closed window', () => {
    assert.deepStrictEqual(closedWindows(to('template', '15550000001'), windowOf), []);
  });

  it('several recipients: only those closed, each once, in the order written, across destination entries', () => {
    const payload = {
      ...to('text'),
      destination: [{ waid: ['15550000002', '15550000003', '15550000001'] }, { waid: ['15550000003', 42, ''] }, { bsuid: ['US.1234'] }],
    };
    assert.deepStrictEqual(
      closedWindows(payload, windowOf).map((c) => c.waid),
      ['15550000003', '15550000001'],
    );
  });

  it('what is not a payload gives nothing', () => {
    for (const value of [undefined, null, 'text', [], {}, { destination: 'x' }]) assert.deepStrictEqual(closedWindows(value, windowOf), []);
  });
});
