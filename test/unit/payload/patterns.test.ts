/** The schema's text patterns (src/core/payload/patterns): case-insensitive sources, a whole {{variable}} where a waid goes. */
import * as assert from 'node:assert';
import { WAID_PATTERN, caseInsensitiveSource } from '../../../src/core/payload/patterns';

describe('patterns', () => {
  it('builds case-insensitive sources that escape regex characters', () => {
    const re = new RegExp(`^${caseInsensitiveSource('application/vnd.ms-excel')}$`);
    assert.ok(re.test('APPLICATION/VND.MS-EXCEL'));
    assert.ok(!re.test('application/vndxms-excel'), 'the dot is literal');
  });
});

describe('whole {{variables}}', () => {
  it('takes one whole {{variable}} where the schema asks for a waid', () => {
    const waid = new RegExp(WAID_PATTERN);
    for (const v of ['{{waid}}', '{{ WAAppid }}', '{{a.b-c_d}}', '{{_x1}}']) assert.ok(waid.test(v), v);
    for (const v of ['{{}}', '{{1abc}}', '{waid}', '{{waid}', 'x{{waid}}', '{{wa id}}']) assert.ok(!waid.test(v), v);
  });
});
