/** JSON cut for highlighting (src/webview/jsonHighlight.ts): every character kept, keys told from values. */
import * as assert from 'node:assert';
import { jsonPieces } from '../../../src/webview/jsonHighlight';

describe('JSON highlighting', () => {
  it('tells keys from strings and colours numbers, booleans, null and punctuation', () => {
    const source = '{\n  "code": "1001",\n  "n": 12.5,\n  "ok": true,\n  "no": null\n}';
    assert.deepStrictEqual(jsonPieces(source), [
      { text: '{', cls: 'json-punctuation' },
      { text: '\n  ' },
      { text: '"code"', cls: 'json-key' },
      { text: ':', cls: 'json-punctuation' },
      { text: ' ' },
      { text: '"1001"', cls: 'json-string' },
      { text: ',', cls: 'json-punctuation' },
      { text: '\n  ' },
      { text: '"n"', cls: 'json-key' },
      { text: ':', cls: 'json-punctuation' },
      { text: ' ' },
      { text: '12.5', cls: 'json-number' },
      { text: ',', cls: 'json-punctuation' },
      { text: '\n  ' },
      { text: '"ok"', cls: 'json-key' },
      { text: ':', cls: 'json-punctuation' },
      { text: ' ' },
      { text: 'true', cls: 'json-boolean' },
      { text: ',', cls: 'json-punctuation' },
      { text: '\n  ' },
      { text: '"no"', cls: 'json-key' },
      { text: ':', cls: 'json-punctuation' },
      { text: ' ' },
      { text: 'null', cls: 'json-null' },
      { text: '\n' },
      { text: '}', cls: 'json-punctuation' },
    ]);
  });

  it('keeps every character of hostile or broken text, markup included, as a piece\'s text', () => {
    for (const source of ['{"d":"<img src=x onerror=alert(1)>","k":"</span><script>x</script>"}', '{"a": [1, 2', 'not json <b>', '', '{"x":"\\"esc\\"\\u0041"}']) {
      const pieces = jsonPieces(source);
      assert.strictEqual(pieces.map((p) => p.text).join(''), source, source);
    }
    const hostile = jsonPieces('{"d":"<img src=x onerror=alert(1)>"}');
    assert.deepStrictEqual(hostile.find((p) => p.cls === 'json-string'), { text: '"<img src=x onerror=alert(1)>"', cls: 'json-string' });
  });
});
