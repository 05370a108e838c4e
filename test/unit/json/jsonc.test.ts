/**
 * The payload parser's answers, written out by hand: values (comments and trailing commas
 * accepted), syntax errors at their line and column in the user's words, what is refused before
 * parsing, duplicate keys, depth, the tree and the places found in it; and, on thousands of
 * mutations of the corpus, places that agree with line breaks counted here, values that agree
 * with JSON.parse wherever JSON.parse reads the text, and a problem for every key written twice.
 * Text JSON.parse reads takes the parser's shortcut and text with comments or trailing commas
 * the full parse, so most expectations here are met by both.
 */
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Node, findNodeAtLocation, visit } from 'jsonc-parser';
import { MAX_DEPTH, MAX_PAYLOAD_CHARS, describeProblem, parsePayload, placesOf, startsAsObject } from '../../../src/core/json/jsonc';
import { projectRoot } from '../helpers/jsonService';

/** A value as plain data (the parser's objects have no prototype). */
const plain = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** Each problem as `line:column message`. */
const problemsOf = (text: string) => parsePayload(text).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

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

/** Line and column of an offset, counted here from the line breaks (\r\n, \n or \r) before it. */
function countedPlace(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line: breaks.length + 1, column: offset - (lastBreak + 1) + 1 };
}

/** Whether some object in the text names a key twice, found with jsonc-parser's visitor rather than the parser's own checks. */
function namesAKeyTwice(text: string): boolean {
  const open: Set<string>[] = [];
  let twice = false;
  visit(
    text,
    {
      onObjectBegin: () => void open.push(new Set()),
      onObjectEnd: () => void open.pop(),
      onObjectProperty: (name) => {
        const keys = open[open.length - 1];
        twice ||= keys.has(name);
        keys.add(name);
      },
    },
    { allowTrailingComma: true },
  );
  return twice;
}

describe('parsing payload text', () => {
  it('reads comments, strings that look like comments, trailing commas, BOMs and every line end', () => {
    const cases: [string, unknown][] = [
      ['{"url": "https://x.example//a.jpg"}', { url: 'https://x.example//a.jpg' }],
      ['// head\n{"a": "//", "b": "/*", /* c */ "c": "*/"} // tail', { a: '//', b: '/*', c: '*/' }],
      ['{"a": "\\\\", "b": "x"} // after a string ending in a backslash', { a: '\\', b: 'x' }],
      ['{"a": "\\"//", "b": 1}', { a: '"//', b: 1 }],
      ['\ufeff{"a": 1}', { a: 1 }],
      ['{"a": 1 // crlf\r\n, "b": 2}', { a: 1, b: 2 }],
      ['{"a": 1 // cr only\r, "b": 2}', { a: 1, b: 2 }],
      ['{"a": 1, /* multi\nline */ "b": [1,2,],}', { a: 1, b: [1, 2] }],
      ['{"a": "x:y", "b": "\\u003a", "c": [true, false, null, -1.5e2]}', { a: 'x:y', b: ':', c: [true, false, null, -150] }],
      ['[1, {"a": []}, "s"]', [1, { a: [] }, 's']],
      ['"just a string"', 'just a string'],
    ];
    for (const [text, value] of cases) {
      const parsed = parsePayload(text);
      assert.deepStrictEqual(parsed.problems, [], text);
      assert.deepStrictEqual(plain(parsed.value), value, text);
      assert.ok(parsed.tree, text);
    }
    const proto = parsePayload('{"__proto__": {"x": 1}}').value as object;
    assert.ok(Object.prototype.hasOwnProperty.call(proto, '__proto__'), 'a "__proto__" key is an own property');
  });

  it('reads a payload written the way people write JSONC (the trailing-commas fixture)', () => {
    const text = readFileSync(join(projectRoot, 'test', 'fixtures', 'workspace', 'trailing-commas.wa.jsonc'), 'utf8');
    const parsed = parsePayload(text);
    assert.deepStrictEqual(parsed.problems, []);
    assert.deepStrictEqual(plain(parsed.value), {
      deliverychannel: 'whatsapp',
      appid: '{{WAAppid}}',
      destination: [{ waid: ['447700900123', '{{waid}}'] }],
      channels: {
        'OTT-Messaging': {
          wa: {
            type: 'document',
            document: {
              url: 'https://files.acme-cdn.net/reports/Q3-summary.PDF?X-Amz-Signature=abc123',
              mimeType: 'application/pdf',
              filename: 'Q3 summary.pdf',
              caption: 'Your quarterly summary',
            },
          },
        },
      },
      correlationid: 'order-4711',
      notifyurl: '',
    });
  });

  it('says where a syntax error is, by line and column, and what was expected', () => {
    // The place is the problem's line and column; the message says what, not where (describeProblem writes the place once).
    const at = (line: number, column: number, what: string) => `${line}:${column} Syntax error: ${what}.`;
    const cases: [string, string[]][] = [
      ['{"a": 1 "b": 2}', [at(1, 9, 'a comma was expected between entries')]],
      ['{"a": 1,, "b": 2}', [at(1, 9, 'a property name in double quotes was expected'), at(1, 9, 'a value was expected')]],
      ['{"a": }', [at(1, 7, 'a value was expected')]],
      ['{"a" 1}', [at(1, 6, 'a colon was expected after the property name')]],
      ['{"a": 1', [at(1, 8, 'a closing } was expected')]],
      ['[1, 2', [at(1, 6, 'a closing ] was expected')]],
      ['{"a": 1}\n{"b": 2}', [at(2, 1, 'the text goes on after the payload ended')]],
      ['{"a": "open', [at(1, 7, 'a string was not closed with "'), at(1, 12, 'a closing } was expected')]],
      ['{"a": 1 /* open', [at(1, 9, 'a comment was not closed'), at(1, 16, 'a closing } was expected')]],
      ['/* open', [at(1, 1, 'a comment was not closed'), at(1, 8, 'a value was expected')]],
      ['{"a": "x\ty"}', [at(1, 7, 'a control character inside a string (write it as an escape, e.g. \\n)')]],
      ['{"a": "\\q"}', [at(1, 7, 'an invalid escape after \\')]],
      ['{"a": "\\u12"}', [at(1, 7, 'an invalid \\u escape')]],
      ['{"a": 1.}', [at(1, 7, 'a number was cut off')]],
      ['{"a": @}', [at(1, 7, 'unexpected character'), at(1, 8, 'a value was expected')]],
      // Line ends of every kind count as one line; a BOM counts as a column, as the editor's offsets do.
      ['{\r\n"a": 1\r\n"b": 2}', [at(3, 1, 'a comma was expected between entries')]],
      ['{\r"a": 1\r"b": 2}', [at(3, 1, 'a comma was expected between entries')]],
      ['\ufeff{"a": 1 "b": 2}', [at(1, 10, 'a comma was expected between entries')]],
    ];
    for (const [text, expected] of cases) {
      const parsed = parsePayload(text);
      assert.deepStrictEqual(problemsOf(text), expected, JSON.stringify(text));
      assert.strictEqual(parsed.value, undefined, JSON.stringify(text));
      assert.strictEqual(parsed.tree, undefined, JSON.stringify(text));
    }
    const [comma] = parsePayload('{"a": 1 "b": 2}').problems;
    assert.deepStrictEqual({ ...comma, message: '' }, { message: '', path: '', offset: 8, length: 3, line: 1, column: 9 });
  });

  it('refuses, before parsing, an empty payload, binary data and a file far too large for one', () => {
    const empty = '1:1 The payload is empty: write a JSON object, or run "New WhatsApp Message…".';
    for (const text of ['', '   \n\t', '// only a comment\n/* and another */\n', '\ufeff']) {
      assert.deepStrictEqual(problemsOf(text), [empty], JSON.stringify(text));
    }
    const binary = parsePayload('{"a": "x\u0000"}').problems;
    assert.deepStrictEqual(binary.map((p) => [p.line, p.column, p.offset, p.length, p.message]), [
      [1, 9, 8, 1, 'The file holds binary data (a NUL byte); a payload is JSON text.'],
    ]);
    assert.deepStrictEqual(problemsOf(' '.repeat(MAX_PAYLOAD_CHARS + 1)), [
      '1:1 The file is 8.0 MB of text; a message payload is at most a few hundred KB (1000 destinations are about 60 KB). Is this the right file?',
    ]);
  });

  it('reports duplicate keys that a colon, an escape or a comment could hide', () => {
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
    const found = cases.map((t) => parsePayload(t).problems.map((p) => `${p.line}:${p.column} ${/Duplicate key "(.*)":/.exec(p.message)?.[1]}`));
    assert.deepStrictEqual(found, [['1:10 a'], ['1:14 a'], ['1:11 a:'], [], ['1:14 a'], ['1:46 k'], [], ['2:2 a'], [], ['1:22 a\\']]);
    const twice = parsePayload('{"a": 1, "b": {"c": 2, "c": 3}, "a": 4}');
    assert.deepStrictEqual(
      twice.problems.map((p) => [p.offset, p.length, p.message]),
      [
        [23, 3, 'Duplicate key "c": JSON keeps only the last one. Remove one of them.'],
        [32, 3, 'Duplicate key "a": JSON keeps only the last one. Remove one of them.'],
      ],
    );
    assert.strictEqual(twice.value, undefined);
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels at the level that is too deep, whatever the path`, () => {
    const nested = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    assert.deepStrictEqual(parsePayload(nested(MAX_DEPTH)).problems, []);
    assert.deepStrictEqual(problemsOf(nested(MAX_DEPTH + 1)), [`1:${MAX_DEPTH + 1} Nested more than ${MAX_DEPTH} levels deep; a payload is a handful of levels deep.`]);
    // Line 3 is a space, then 64 objects of 6 characters each ('{"b": '); the last opens level 65.
    const deepObjects = `{"a":\n // comment\n ${'{"b": '.repeat(MAX_DEPTH)}1${'}'.repeat(MAX_DEPTH)}}`;
    assert.deepStrictEqual(problemsOf(deepObjects), ['3:380 Nested more than 64 levels deep; a payload is a handful of levels deep.']);
    // '{"a": ' is 6 characters, so the 64th '[' (level 65) is column 70.
    assert.match(problemsOf(`{"a": ${nested(10_000)}}`)[0], /^1:70 Nested more than 64 levels/);
  });

  it('gives a tree that finds what the value holds', () => {
    const text = readFileSync(join(projectRoot, 'samples', 'image.wa.jsonc'), 'utf8');
    const parsed = parsePayload(text);
    const url = findNodeAtLocation(parsed.tree as Node, ['channels', 'OTT-Messaging', 'wa', 'image', 'url']);
    assert.strictEqual(url?.value, 'https://wxc-tools.github.io/webex-connect-whatsapp/media/photo.jpg');
    assert.strictEqual(text.slice(url.offset, url.offset + url.length), '"https://wxc-tools.github.io/webex-connect-whatsapp/media/photo.jpg"');
    assert.strictEqual((parsed.value as { channels: { 'OTT-Messaging': { wa: { image: { url: string } } } } }).channels['OTT-Messaging'].wa.image.url, url.value);
  });

  it('finds the places of values, their keys and whole properties, and none in a text with problems', () => {
    //           0         1         2         3
    //           0123456789012345678901234567890123
    const text = '{"a": {"b": [1, "x"]}, "c": true}';
    const placeAt = placesOf(parsePayload(text), [['a'], ['a', 'b'], ['a', 'b', 1], ['c'], [], ['d'], ['a', 'b', 5]]);
    assert.deepStrictEqual(placeAt(['a']), { offset: 6, length: 15, key: { offset: 1, length: 3 }, property: { offset: 1, length: 20 } });
    assert.deepStrictEqual(placeAt(['a', 'b']), { offset: 12, length: 8, key: { offset: 7, length: 3 }, property: { offset: 7, length: 13 } });
    assert.deepStrictEqual(placeAt(['a', 'b', 1]), { offset: 16, length: 3 });
    assert.deepStrictEqual(placeAt(['c']), { offset: 28, length: 4, key: { offset: 23, length: 3 }, property: { offset: 23, length: 9 } });
    assert.deepStrictEqual(placeAt([]), { offset: 0, length: 33 });
    assert.strictEqual(placeAt(['d']), undefined);
    assert.strictEqual(placeAt(['a', 'b', 5]), undefined);
    // The same text after a comment (which JSON.parse can't read): every place 5 characters on.
    const commented = placesOf(parsePayload(`// c\n${text}`), [['c'], ['a', 'b', 1]]);
    assert.deepStrictEqual(commented(['c']), { offset: 33, length: 4, key: { offset: 28, length: 3 }, property: { offset: 28, length: 9 } });
    assert.deepStrictEqual(commented(['a', 'b', 1]), { offset: 21, length: 3 });
    assert.strictEqual(placesOf(parsePayload('{"a": 1 "b": 2}'), [['a']])(['a']), undefined);
  });

  it('on 40 mutations of each corpus file: places where the line breaks say, values as JSON.parse reads them, every key written twice', () => {
    const rand = random(20261125);
    let read = 0;
    let byJson = 0;
    let refused = 0;
    let twice = 0;
    for (const text of corpus.flatMap((t) => [t, ...mutants(t, rand, 40)])) {
      const where = JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);
      const parsed = parsePayload(text);
      for (const p of parsed.problems) {
        // Not the end: an unclosed comment's problem runs one character past the text (jsonc-parser's length).
        assert.ok(p.offset >= 0 && p.offset <= text.length && p.length >= 0, where);
        assert.deepStrictEqual({ line: p.line, column: p.column }, countedPlace(text, p.offset), where);
        const words = /line (\d+), column (\d+)/.exec(p.message);
        if (words) assert.deepStrictEqual([Number(words[1]), Number(words[2])], [p.line, p.column], where);
      }
      if (parsed.problems.length > 0) {
        refused++;
        assert.strictEqual(parsed.value, undefined, where);
        assert.strictEqual(parsed.tree, undefined, where);
      } else {
        read++;
        assert.ok(parsed.tree, where);
      }
      let json: unknown;
      try {
        json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        continue;
      }
      byJson++;
      // Text JSON reads is read alike, unless it names a key twice in one object (JSON keeps the last, silently).
      if (namesAKeyTwice(text)) {
        twice++;
        assert.ok(parsed.problems.length > 0 && parsed.problems.every((p) => /^Duplicate key/.test(p.message)), where);
      } else {
        assert.deepStrictEqual(parsed.problems, [], where);
        assert.strictEqual(JSON.stringify(parsed.value), JSON.stringify(json), where);
      }
    }
    // Each kind must be well represented, or the checks say little.
    const total = read + refused;
    assert.ok(read > total / 10 && refused > total / 10 && byJson > total / 10 && twice > 50, `${read} read, ${refused} refused, ${byJson} read by JSON.parse (${twice} with a key twice), of ${total}`);
  });
});

describe('parsing payload text: comments, a BOM, empty text', () => {
  it('reads comments, trailing commas and a BOM', () => {
    const parsed = parsePayload('\uFEFF// c\n{ "a": [1, 2,], /* b */ "b": "x", }');
    assert.deepStrictEqual(parsed.problems, []);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(parsed.value)), { a: [1, 2], b: 'x' });
  });

  it('tells a payload being written (a first "{") from a file that is not one yet', () => {
    for (const t of ['{', '{}', '  {"a": ', '// a comment\n/* and one */ {', '\ufeff{"a": 1}', '\n\n{\n  "deliverychannel": "whatsapp",\n}']) assert.ok(startsAsObject(t), JSON.stringify(t));
    for (const t of ['', '   \n\t', '// only a comment\n', '/* open', '\ufeff', '[]', '[{"a": 1}]', '"text"', '42', 'null', 'true', 'x{']) assert.ok(!startsAsObject(t), JSON.stringify(t));
  });

  it('locates syntax errors by line and column and says what was expected', () => {
    const parsed = parsePayload('{\n  "a": 1\n  "b": 2\n}');
    assert.strictEqual(parsed.problems.length, 1);
    assert.deepStrictEqual([parsed.problems[0].line, parsed.problems[0].column], [3, 3]);
    assert.strictEqual(parsed.problems[0].message, 'Syntax error: a comma was expected between entries.');
    // The place written once, in front.
    assert.strictEqual(describeProblem(parsed.problems[0]), 'line 3, column 3: Syntax error: a comma was expected between entries.');
  });

  it('explains an empty payload', () => {
    for (const empty of ['', '   \n', '// only a comment\n']) {
      const parsed = parsePayload(empty);
      assert.strictEqual(parsed.problems.length, 1, JSON.stringify(empty));
      assert.match(parsed.problems[0].message, /empty|value was expected/);
    }
  });
});
