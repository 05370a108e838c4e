/** Untrusted text laid out on one line for views (src/core/text/oneLine). */
import * as assert from 'node:assert';
import { oneLine, quickPickText } from '../../../src/core/text/oneLine';

describe('one line of untrusted text', () => {
  it('joins lines and runs of whitespace and control characters with one space, trimmed', () => {
    assert.strictEqual(oneLine('  Hi!\r\n\tsecond\u0000line\u2028third  \u0007end '), 'Hi! second line third end');
  });

  it('keeps markup, links and icon syntax as written', () => {
    const text = '<b>x</b> $(alert) [y](command:wxc.clearSends) **z**';
    assert.strictEqual(oneLine(text), text);
  });

  it('shows each bidi control as its escape, so it cannot reorder the rest of the row; right-to-left letters stay as written', () => {
    assert.strictEqual(oneLine('\u202eexe.txt'), '\\u202eexe.txt');
    assert.strictEqual(oneLine('a\u2066b\u2069c\u200f\u061c\u202a\u202b\u202c\u202d\u2067\u2068\u200e'), 'a\\u2066b\\u2069c\\u200f\\u061c\\u202a\\u202b\\u202c\\u202d\\u2067\\u2068\\u200e');
    assert.strictEqual(oneLine('مرحبا שלום'), 'مرحبا שלום');
    assert.ok(!/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(oneLine('\u202e'.repeat(200))), 'none left, even past max');
  });

  it('cuts at max characters with an ellipsis, never inside a surrogate pair', () => {
    assert.strictEqual(oneLine('abcdefghij', 5), 'abcd…');
    assert.strictEqual(oneLine('abcde', 5), 'abcde');
    const cut = oneLine('abc😀def', 5);
    assert.strictEqual(cut, 'abc…');
    assert.ok(cut.length <= 5);
  });

  it('empty and blank text give an empty line', () => {
    assert.strictEqual(oneLine(''), '');
    assert.strictEqual(oneLine(' \n\t '), '');
  });
});

describe('text for a quick pick', () => {
  it('breaks every $( so no icon is drawn, and leaves the rest as it is', () => {
    assert.strictEqual(quickPickText('$(alert) pay $(x) now $ ( ok'), '$\u200b(alert) pay $\u200b(x) now $ ( ok');
    assert.ok(!quickPickText('$($($(').includes('$('));
  });
});
