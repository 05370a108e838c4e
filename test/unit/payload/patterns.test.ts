/** The schema's text patterns (src/core/payload/patterns): case-insensitive sources. */
import * as assert from 'node:assert';
import { caseInsensitiveSource } from '../../../src/core/payload/patterns';

describe('patterns', () => {
  it('builds case-insensitive sources that escape regex characters', () => {
    const re = new RegExp(`^${caseInsensitiveSource('application/vnd.ms-excel')}$`);
    assert.ok(re.test('APPLICATION/VND.MS-EXCEL'));
    assert.ok(!re.test('application/vndxms-excel'), 'the dot is literal');
  });
});
