/** src/core/json/values.ts jsonText: JSON text of any value read from JSON, never throwing, the same text for the same value. */
import * as assert from 'node:assert';
import { jsonText } from '../../../src/core/json/values';

describe('jsonText', () => {
  it('is JSON.stringify for ordinary values, prototype keys included', () => {
    for (const v of [{ a: [1, 'b', null, true] }, 'x', 3, null, [], JSON.parse('{"__proto__":{"y":1}}')]) assert.strictEqual(jsonText(v), JSON.stringify(v));
    assert.strictEqual(jsonText(undefined), 'undefined');
  });

  it('writes a value nested 100,000 deep to a depth of 32, the rest as "…", without throwing', () => {
    const deep = JSON.parse(`{"k":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) as unknown;
    assert.throws(() => JSON.stringify(deep), RangeError);
    const text = jsonText(deep);
    assert.strictEqual(text, `{"k":${'['.repeat(31)}"…"${']'.repeat(31)}}`);
    assert.strictEqual(jsonText(JSON.parse(`{"k":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)), text);
  });
});
