/** terminalSafe and jsonTerminalSafe (src/core/text/printable): what a terminal would act on is shown as an escape. */
import * as assert from 'node:assert';
import { jsonTerminalSafe, terminalSafe } from '../../../src/core/text/printable';

describe('terminalSafe', () => {
  it('shows every C0 control, DEL and C1 control as \\xHH, tab, CR and LF included', () => {
    for (let code = 0; code < 0x20; code++) assert.strictEqual(terminalSafe(`a${String.fromCharCode(code)}b`), `a\\x${code.toString(16).padStart(2, '0')}b`, `U+${code}`);
    assert.strictEqual(terminalSafe('\x7f'), '\\x7f');
    for (let code = 0x80; code <= 0x9f; code++) assert.strictEqual(terminalSafe(String.fromCharCode(code)), `\\x${code.toString(16)}`, `U+${code.toString(16)}`);
  });

  it('shows the bidi controls and the line separators as \\uHHHH', () => {
    const bidi = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029];
    for (const code of bidi) assert.strictEqual(terminalSafe(`x${String.fromCharCode(code)}y`), `x\\u${code.toString(16).padStart(4, '0')}y`);
  });

  it('leaves printable text alone: accents, other scripts, emoji, joiners, backslashes, the NBSP', () => {
    for (const text of ['Olá, ¿qué tal? ß', 'שלום مرحبا', '日本語', '👍🏽 👨‍👩‍👧', 'C:\\Users\\me\\a.wa.json', 'a\u00a0b', '\u00a0\u00ff', '%0A', 'zero\u200bwidth']) {
      assert.strictEqual(terminalSafe(text), text);
    }
  });

  it('the attacks of the issue: erase-line, title, bell, carriage return; and escaping twice changes nothing', () => {
    const hostile = 'ok\x1b[2K\r\x1b]0;owned\x07 \u202egnp.exe';
    const once = terminalSafe(hostile);
    assert.strictEqual(once, 'ok\\x1b[2K\\x0d\\x1b]0;owned\\x07 \\u202egnp.exe');
    assert.strictEqual(terminalSafe(once), once);
  });

  it('keepLineFeeds keeps LF only (CR, tab and the rest still escaped)', () => {
    assert.strictEqual(terminalSafe('a\nb\r\nc\td\x1b', { keepLineFeeds: true }), 'a\nb\\x0d\nc\\x09d\\x1b');
  });
});

describe('jsonTerminalSafe', () => {
  it('writes what JSON.stringify leaves raw (DEL, C1, bidi, U+2028/9) as \\u escapes: the same JSON value', () => {
    const value = { text: 'a\x7f\x9b\u202e\u2066\u2028\x1b', key: 'plain' };
    const json = JSON.stringify(value, null, 2);
    const safe = jsonTerminalSafe(json);
    // eslint-disable-next-line no-control-regex -- looking for them is the point
    assert.ok(!/[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\u001b]/.test(safe), safe);
    assert.deepStrictEqual(JSON.parse(safe), value);
    assert.ok(safe.includes('\\u202e') && safe.includes('\\u009b') && safe.includes('\\u001b'), safe);
  });
});
