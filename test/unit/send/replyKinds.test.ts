/** Which kinds a reply offers given the customer's window (src/core/send/replyKinds). */
import * as assert from 'node:assert';
import { offeredKinds } from '../../../src/core/messages';
import { isSessionKind, replyKinds } from '../../../src/core/send/replyKinds';

const ids = (list: ReturnType<typeof replyKinds>) => list.map((r) => r.kind.id);

describe('reply kinds', () => {
  const menu = offeredKinds().map((k) => k.id);

  it('an open window offers every kind of New WhatsApp Message, in its order, none marked', () => {
    const offered = replyKinds({ state: 'open', until: '2026-12-04T10:00:00.000Z' });
    assert.deepStrictEqual(ids(offered), menu);
    assert.ok(offered.every((r) => !r.outsideWindow));
    assert.ok(menu.includes('text') && menu.includes('template'), menu.join());
  });

  it('an unknown window (nothing heard from the customer) offers the same, unmarked: no false alarm', () => {
    const offered = replyKinds({ state: 'unknown' });
    assert.deepStrictEqual(ids(offered), menu);
    assert.ok(offered.every((r) => !r.outsideWindow));
  });

  it('a closed window offers templates first, then every other kind marked as outside the window', () => {
    const offered = replyKinds({ state: 'closed', since: '2026-12-02T10:00:00.000Z' });
    assert.deepStrictEqual([...ids(offered)].sort(), [...menu].sort(), 'no kind is lost or added');
    assert.deepStrictEqual(ids(offered).slice(0, 1), ['template']);
    assert.deepStrictEqual(
      offered.map((r) => r.outsideWindow),
      offered.map((r) => r.kind.id !== 'template'),
    );
    // The other kinds keep their menu order after the template.
    assert.deepStrictEqual(ids(offered).slice(1), menu.filter((id) => id !== 'template'));
  });

  it('only templates are not session messages', () => {
    assert.deepStrictEqual(
      offeredKinds().filter((k) => !isSessionKind(k)).map((k) => k.id),
      ['template'],
    );
  });
});
