/**
 * The parser's fast path (JSON.parse, comments blanked out, the tree built on demand) must answer
 * exactly as the full jsonc-parser path does: same problems at the same places, same value, same
 * tree. Compared on the bad corpus, the samples, the fixture workspace, hand-made edge cases and
 * thousands of mutations of them.
 */
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Node, SyntaxKind, createScanner, findNodeAtLocation } from 'jsonc-parser';
import { MAX_DEPTH, ParsedPayload, blankComments, parsePayload } from '../../../src/core/json/jsonc';
import { projectRoot } from '../helpers/jsonService';

/** The tree as plain data, to compare two trees. */
function shape(node: Node | undefined): unknown {
  if (!node) return undefined;
  return [node.type, node.offset, node.length, node.value, node.colonOffset, (node.children ?? []).map(shape)];
}

function assertSameAnswer(text: string): ParsedPayload {
  const fast = parsePayload(text);
  const full = parsePayload(text, { fastPath: false });
  const where = JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);
  assert.deepStrictEqual(fast.problems, full.problems, where);
  // The full path's objects have no prototype; the fast path's are plain: compare as JSON.
  assert.strictEqual(JSON.stringify(fast.value), JSON.stringify(full.value), where);
  assert.deepStrictEqual(shape(fast.tree), shape(full.tree), where);
  return fast;
}

const filesIn = (dir: string, pattern: RegExp) =>
  readdirSync(dir)
    .filter((f) => pattern.test(f))
    .map((f) => readFileSync(join(dir, f), 'utf8'));

const corpus = [
  ...filesIn(join(projectRoot, 'test', 'fixtures', 'bad'), /\.wa\.jsonc?$/),
  ...filesIn(join(projectRoot, 'test', 'fixtures', 'workspace'), /\.wa\.jsonc?$/),
  ...filesIn(join(projectRoot, 'samples'), /\.wa\.jsonc?$/),
];

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const INSERTS = [',', ':', '"', '/', '//', '/*', '*/', '{', '}', '[', ']', '\n', '\\', '\\u003a', ' // x\n', '/* y */', '"a": 1,', '\r'];

function mutants(text: string, rand: () => number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (text.length + 1));
    const pick = rand();
    if (pick < 0.3) out.push(text.slice(0, at) + text.slice(at + 1));
    else if (pick < 0.8) out.push(text.slice(0, at) + INSERTS[Math.floor(rand() * INSERTS.length)] + text.slice(at));
    else {
      // Repeat a line: often a duplicate key.
      const lines = text.split('\n');
      const l = Math.floor(rand() * lines.length);
      lines.splice(l, 0, lines[l]);
      out.push(lines.join('\n'));
    }
  }
  return out;
}

describe('parsing: the fast path answers as the full parse does', () => {
  it(`on the ${corpus.length} files of the bad corpus, the fixtures and the samples`, () => {
    assert.ok(corpus.length >= 70, `${corpus.length} files`);
    for (const text of corpus) assertSameAnswer(text);
  });

  it('on 40 mutations of each of those files (deletions, insertions, repeated lines)', () => {
    const rand = random(20261125);
    let parsedFast = 0;
    let total = 0;
    for (const text of corpus) {
      for (const mutant of mutants(text, rand, 40)) {
        total++;
        if (assertSameAnswer(mutant).problems.length === 0) parsedFast++;
      }
    }
    // Both kinds must be well represented, or the comparison says little.
    assert.ok(parsedFast > total / 10 && parsedFast < total * 0.9, `${parsedFast} of ${total} parsed`);
  });

  it('on duplicate keys that a colon, an escape or a comment could hide', () => {
    const cases = [
      '{"a": 1, "a": 2}',
      '{"a": "x:y", "a": "z"}',
      '{"a:": 1, "a\\u003a": 2}',
      '{"a\\u003A": 1, "b": "c"}',
      '{"a": "\\":", "a": 1}',
      '{"u": "https://x.example/a:b", "w": {"k": 1, "k" : 2}}',
      '{"a": 1, /* "a": 2, */ "b": 2}',
      '{"a": 1, // "a": 2,\n "a": 3}',
      '{"a": 1, "b": {"a": 2}}',
      '{"a\\"": 1, "a\\\\": 2, "a\\\\": 3}',
    ];
    const found = cases.map((t) => assertSameAnswer(t).problems.map((p) => `${p.line}:${p.column} ${/Duplicate key "(.*)" at/.exec(p.message)?.[1]}`));
    assert.deepStrictEqual(found, [['1:10 a'], ['1:14 a'], ['1:11 a:'], [], ['1:14 a'], ['1:46 k'], [], ['2:2 a'], [], ['1:22 a\\']]);
  });

  it('on comments, strings that look like comments, BOMs and line ends', () => {
    const cases: [string, unknown][] = [
      ['{"url": "https://x.example//a.jpg"}', { url: 'https://x.example//a.jpg' }],
      ['// head\n{"a": "//", "b": "/*", /* c */ "c": "*/"} // tail', { a: '//', b: '/*', c: '*/' }],
      ['{"a": "\\\\", "b": "x"} // after a string ending in a backslash', { a: '\\', b: 'x' }],
      ['{"a": "\\"//", "b": 1}', { a: '"//', b: 1 }],
      ['\ufeff{"a": 1}', { a: 1 }],
      ['{"a": 1 // crlf\r\n, "b": 2}', { a: 1, b: 2 }],
      ['{"a": 1 // cr only\r, "b": 2}', { a: 1, b: 2 }],
      ['{"a": 1, /* multi\nline */ "b": [1,2,],}', { a: 1, b: [1, 2] }],
      ['{"__proto__": {"x": 1}}', JSON.parse('{"__proto__": {"x": 1}}')],
    ];
    for (const [text, value] of cases) {
      const parsed = assertSameAnswer(text);
      assert.deepStrictEqual(parsed.problems, [], text);
      assert.strictEqual(JSON.stringify(parsed.value), JSON.stringify(value), text);
    }
    assert.ok(Object.prototype.hasOwnProperty.call(parsePayload('{"__proto__": {"x": 1}}').value, '__proto__'));
    for (const bad of ['{"a": 1 /* open', '{"a": "open', '{"a": 1} /', '// only\n', '{"a": 1}}', '{"a": 01}', '{"a":\u00a01}']) {
      assert.notDeepStrictEqual(assertSameAnswer(bad).problems, [], bad);
    }
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels at the level that is too deep, whatever the path`, () => {
    const nested = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    assert.deepStrictEqual(assertSameAnswer(nested(MAX_DEPTH)).problems, []);
    const deep = assertSameAnswer(nested(MAX_DEPTH + 1)).problems;
    assert.strictEqual(deep.length, 1);
    assert.strictEqual(deep[0].column, MAX_DEPTH + 1);
    assert.match(assertSameAnswer(`{"a": ${nested(10_000)}}`).problems[0].message, /Nested more than 64 levels/);
  });

  it('gives a tree that finds what the value holds, built once', () => {
    const text = readFileSync(join(projectRoot, 'samples', 'image.wa.jsonc'), 'utf8');
    const parsed = parsePayload(text);
    const url = findNodeAtLocation(parsed.tree as Node, ['channels', 'OTT-Messaging', 'wa', 'image', 'url']);
    assert.strictEqual(url?.value, (parsed.value as { channels: { 'OTT-Messaging': { wa: { image: { url: string } } } } }).channels['OTT-Messaging'].wa.image.url);
    assert.strictEqual(parsed.tree, parsed.tree, 'built once');
  });
});

/** The text with the comments jsonc-parser's scanner finds blanked out (its stripComments can shift offsets). */
function blankedByScanner(text: string): string {
  const scanner = createScanner(text, false);
  let out = '';
  let from = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    out += text.slice(from, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ');
    from = end;
  }
  return out + text.slice(from);
}

describe('blankComments', () => {
  it("blanks the comments jsonc-parser's scanner finds, keeping every offset and line break", () => {
    const rand = random(7);
    let compared = 0;
    for (const text of corpus.flatMap((t) => [t, ...mutants(t, rand, 10)])) {
      const blanked = blankComments(text);
      if (blanked === undefined) continue;
      let parses = true;
      try {
        JSON.parse(blanked);
      } catch {
        parses = false;
      }
      // On text JSON reads, both must agree exactly.
      if (!parses) continue;
      compared++;
      assert.strictEqual(blanked.length, text.length);
      assert.strictEqual(blanked, blankedByScanner(text), JSON.stringify(text));
    }
    assert.ok(compared > 100, `${compared} compared`);
    assert.strictEqual(blankComments('{"a": 1} /* x\n y */'), '{"a": 1}     \n     ');
    assert.strictEqual(blankComments('{"a": 1} /* open'), undefined);
  });
});
