/** {{variables}} (src/core/payload/variables): filling them in, what is left over, and what is a whole reference. */
import * as assert from 'node:assert';
import { resolveVariables, variableReferencePattern } from '../../../src/core/payload/variables';
import { vars } from '../helpers/payloads';

describe('variables', () => {
  it('fills in every {{name}} in string values, not in keys', () => {
    const r = resolveVariables({ '{{k}}': '{{ waid }}', list: ['x{{WAAppid}}y', 3], n: null }, { ...vars, k: 'K' });
    assert.deepStrictEqual(r.value, { '{{k}}': '447700900123', list: ['xapp-123y', 3], n: null });
    assert.deepStrictEqual(r.unresolved, []);
    assert.deepStrictEqual(r.used, ['waid', 'WAAppid']);
  });

  it('reports each unresolved name with its path, and keeps __proto__ a plain key', () => {
    const r = resolveVariables(JSON.parse('{"a": ["{{one}}", {"b": "{{two}} {{one}}"}], "__proto__": {"x": "{{three}}"}}'), {});
    assert.deepStrictEqual(
      r.unresolved.map((u) => [u.name, u.path.join('.')]),
      [['one', 'a.0'], ['two', 'a.1.b'], ['one', 'a.1.b'], ['three', '__proto__.x']],
    );
    assert.strictEqual(Object.getPrototypeOf(r.value), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(r.value, '__proto__'));
  });

  it('leaves its input alone: what changes is copied, the rest is shared', () => {
    const source = '{"a": {"b": "{{waid}}"}, "keep": {"c": [1]}, "__proto__": {"x": "{{waid}}"}}';
    const input = JSON.parse(source);
    const r = resolveVariables(input, vars);
    assert.strictEqual(JSON.stringify(input), JSON.stringify(JSON.parse(source)), 'the input is unchanged');
    assert.strictEqual(r.value.keep, input.keep);
    assert.notStrictEqual(r.value.a, input.a);
    assert.strictEqual(JSON.stringify(r.value), '{"a":{"b":"447700900123"},"keep":{"c":[1]},"__proto__":{"x":"447700900123"}}');
    assert.strictEqual(Object.getPrototypeOf(r.value), Object.prototype, 'a "__proto__" key never becomes the prototype');
    assert.strictEqual(resolveVariables(input, {}).value, input, 'nothing to fill in: the same object');
  });

  it('lists the strings that still look like references once filled in, an undefined reference aside', () => {
    const r = resolveVariables({ a: '{{waid}}', b: ['{{ 1x }}', 'ok', 'x}}'], c: '{{nope}}', d: '{{k}}' }, { ...vars, k: '{{waid}}' });
    assert.deepStrictEqual(
      r.leftovers.map((l) => [l.path.join('.'), l.text]),
      [['b.0', '{{ 1x }}'], ['b.2', '}}'], ['d', '{{waid}}']],
    );
    assert.deepStrictEqual(r.unresolved.map((u) => [u.path.join('.'), u.name]), [['c', 'nope']]);
  });

  it('finds a malformed reference beside an undefined one, and names the malformed piece', () => {
    const r = resolveVariables({ a: '{{nope}} {{1x}}', b: '{{nope}} and {{waid}', c: '{{nope}}{{waid}}' }, vars);
    assert.deepStrictEqual(
      r.leftovers.map((l) => [l.path.join('.'), l.text]),
      [['a', '{{1x}}'], ['b', '{{waid}']],
    );
    assert.deepStrictEqual(r.unresolved.map((u) => u.path.join('.')), ['a', 'b', 'c']);
    assert.strictEqual(r.value.c, '{{nope}}447700900123', 'an undefined reference stays as written');
  });

  it('fills in references as String.replace with the reference pattern does', () => {
    const pieces = ['{{', '}}', '{', '}', ' ', 'waid', 'a', '1', '_', '.', '-', 'x y', '{{waid}}', '{{ waid }}', '\u00a0', '\n'];
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const defined: Record<string, string> = { waid: '<W>', a: '<A>' };
    const isDefined = (name: string) => Object.prototype.hasOwnProperty.call(defined, name);
    const replace = (whole: string, name: string) => (isDefined(name) ? defined[name] : whole);
    for (let i = 0; i < 5000; i++) {
      let text = '';
      for (let n = Math.floor(next() * 8); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      const r = resolveVariables({ text }, defined);
      assert.strictEqual(r.value.text, text.replace(variableReferencePattern(), replace), JSON.stringify(text));
      const undefinedNames = [...text.matchAll(variableReferencePattern())].map((m) => m[1]).filter((name) => !isDefined(name));
      assert.deepStrictEqual(r.unresolved.map((u) => u.name), undefinedNames, JSON.stringify(text));
    }
  });
});
