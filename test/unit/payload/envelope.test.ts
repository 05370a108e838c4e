/** Counting a payload's recipients: the one count prepare-to-send and the sandbox share. */
import * as assert from 'node:assert';
import { countRecipients, destinationIds } from '../../../src/core/payload/envelope';

describe('recipients of an envelope', () => {
  it('counts every waid and bsuid across destination entries', () => {
    assert.strictEqual(countRecipients({ destination: [{ waid: ['1', '2'] }, { bsuid: ['b1'] }, { waid: ['3'], bsuid: ['b2', 'b3'] }] }), 6);
    assert.deepStrictEqual(destinationIds([{ waid: ['1'] }, { bsuid: ['b1'] }, { waid: ['2'] }]), { waid: ['1', '2'], bsuid: ['b1'] });
  });

  it('counts nothing where nobody is addressed', () => {
    for (const payload of [{}, { destination: [] }, { destination: [{}] }, { destination: 'x' }, { destination: [null, 3, ['1']] }, { destination: [{ waid: '1' }] }, null, [], 'x']) {
      assert.strictEqual(countRecipients(payload), 0, JSON.stringify(payload));
    }
  });
});
