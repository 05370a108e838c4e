/** {{variables}} (src/core/payload/variables): what is a whole reference. */
import * as assert from 'node:assert';
import { isWholeVariable } from '../../../src/core/payload/variables';

describe('whole {{variables}}', () => {
  it('recognises whole {{variables}}', () => {
    for (const v of ['{{waid}}', '{{ WAAppid }}', '{{a.b-c_d}}', '{{_x1}}']) assert.ok(isWholeVariable(v), v);
    for (const v of ['{{}}', '{{1abc}}', '{waid}', '{{waid}', 'x{{waid}}', '{{wa id}}']) assert.ok(!isWholeVariable(v), v);
  });
});
