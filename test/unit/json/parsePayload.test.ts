/** parsePayload (src/core/json/jsonc) on payload text: comments, trailing commas, a BOM, syntax errors placed, empty text. */
import * as assert from 'node:assert';
import { parsePayload } from '../../../src/core/json/jsonc';

describe('parsing payload text', () => {
  it('reads comments, trailing commas and a BOM', () => {
    const parsed = parsePayload('\uFEFF// c\n{ "a": [1, 2,], /* b */ "b": "x", }');
    assert.deepStrictEqual(parsed.problems, []);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(parsed.value)), { a: [1, 2], b: 'x' });
  });

  it('locates syntax errors by line and column and says what was expected', () => {
    const parsed = parsePayload('{\n  "a": 1\n  "b": 2\n}');
    assert.strictEqual(parsed.problems.length, 1);
    assert.deepStrictEqual([parsed.problems[0].line, parsed.problems[0].column], [3, 3]);
    assert.match(parsed.problems[0].message, /line 3, column 3: a comma was expected/);
  });

  it('explains an empty payload', () => {
    for (const empty of ['', '   \n', '// only a comment\n']) {
      const parsed = parsePayload(empty);
      assert.strictEqual(parsed.problems.length, 1, JSON.stringify(empty));
      assert.match(parsed.problems[0].message, /empty|value was expected/);
    }
  });
});
