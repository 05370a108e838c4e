#!/usr/bin/env node
// Writes the corpus of bad payload files: test/fixtures/bad/*.wa.jsonc plus expected.json, which
// says for each file what must stop it (stage), what the message must say, and where.
//   node scripts/make-bad-corpus.mjs [dir] [--big]
// --big also writes the three large cases (20 MB, 100,000 destinations, 10,000 levels deep), which
// are not committed: the tests generate them into a temporary folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? join(root, 'test', 'fixtures', 'bad');
const big = args.includes('--big');

const payload = (edit = () => undefined) => {
  const p = {
    deliverychannel: 'whatsapp',
    appid: '{{WAAppid}}',
    destination: [{ waid: ['{{waid}}'] }],
    channels: { 'OTT-Messaging': { wa: { type: 'image', image: { url: 'https://media.acme-cdn.net/team.jpg', mimeType: 'image/jpeg', caption: 'Hello' } } } },
  };
  edit(p, p.channels['OTT-Messaging'].wa.image, p.channels['OTT-Messaging'].wa);
  return JSON.stringify(p, null, 2);
};
const valid = payload();

/** 1-based line and column of an offset. */
function where(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const cases = [];
const add = (name, content, expect) => cases.push({ name, content, expect });

// Malformed JSON, cut off at many places: the parser stops at the end.
for (const fraction of [0.002, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9, 0.995]) {
  const at = Math.max(1, Math.floor(valid.length * fraction));
  const text = valid.slice(0, at);
  add(`truncated-at-${at}`, text, { stage: 'syntax', message: '^Syntax error: ' });
}
// A comma removed between properties.
for (const key of ['"appid"', '"destination"', '"channels"', '"mimeType"', '"caption"']) {
  const i = valid.indexOf(key);
  const comma = valid.lastIndexOf(',', i);
  const text = valid.slice(0, comma) + valid.slice(comma + 1);
  add(`missing-comma-before-${key.replace(/"/g, '')}`, text, { stage: 'syntax', message: 'a comma was expected', ...where(text, text.indexOf(key)) });
}
// Junk characters at several places.
for (const [name, needle, junk] of [
  ['junk-in-envelope', '"appid"', '@'],
  ['junk-in-array', '"{{waid}}"', '#'],
  ['junk-in-media', '"mimeType"', '~'],
]) {
  const i = valid.indexOf(needle);
  const text = `${valid.slice(0, i)}${junk}${valid.slice(i)}`;
  add(name, text, { stage: 'syntax', message: 'unexpected character|property name', ...where(text, i) });
}
add('single-quotes', valid.replace('"whatsapp"', "'whatsapp'"), { stage: 'syntax', message: '^Syntax error: unexpected character', line: 2 });
add('unclosed-block-comment', `/* a comment that never ends\n${valid}`, { stage: 'syntax', message: 'comment was not closed' });
add('unclosed-string', valid.replace('"Hello"', '"Hello'), { stage: 'syntax', message: '^Syntax error: ' });
add('nan-value', valid.replace('"Hello"', 'NaN'), { stage: 'syntax', message: '^Syntax error: ' });
add('text-after-payload', `${valid}\n{"another": "object"}`, { stage: 'syntax', message: 'goes on after the payload ended' });
add('missing-closing-brace', valid.slice(0, valid.lastIndexOf('}')), { stage: 'syntax', message: 'closing } was expected' });
add('control-character-in-string', valid.replace('"Hello"', '"Hel\tlo"'), { stage: 'syntax', message: 'control character' });
add('invalid-escape', valid.replace('"Hello"', '"He\\qllo"'), { stage: 'syntax', message: 'invalid escape' });
add('invalid-unicode-escape', valid.replace('"Hello"', '"He\\u12zllo"'), { stage: 'syntax', message: 'invalid .u escape' });
add('bom-and-syntax-error', `\uFEFF${valid.replace('"appid":', '"appid"')}`, { stage: 'syntax', message: 'colon was expected', line: 3, column: 11 });
// Empty and non-object documents.
add('empty', '', { stage: 'syntax', message: 'empty' });
add('only-whitespace', ' \n\t\n  ', { stage: 'syntax', message: 'empty' });
add('only-comments', '// nothing here\n/* still nothing */\n', { stage: 'syntax', message: 'empty|value was expected' });
add('bom-only', '\uFEFF', { stage: 'syntax', message: 'empty' });
add('null', 'null', { stage: 'schema', message: 'must be a JSON object' });
add('array', '[]', { stage: 'schema', message: 'must be a JSON object' });
add('string', '"deliverychannel"', { stage: 'schema', message: 'must be a JSON object' });
add('number', '42', { stage: 'schema', message: 'must be a JSON object' });
add('binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]).toString('latin1'), { stage: 'syntax', message: 'binary data' });
// Duplicate keys: JSON keeps the last silently; a payload must not.
{
  const text = valid.replace('"appid": "{{WAAppid}}",', '"appid": "{{WAAppid}}",\n  "appid": "other",');
  add('duplicate-appid', text, { stage: 'syntax', message: 'Duplicate key "appid"', ...where(text, text.lastIndexOf('"appid"')) });
  const t2 = valid.replace('"mimeType": "image/jpeg",', '"mimeType": "image/jpeg",\n          "mimeType": "image/png",');
  add('duplicate-mimetype', t2, { stage: 'syntax', message: 'Duplicate key "mimeType"', ...where(t2, t2.lastIndexOf('"mimeType"')) });
}
// Unicode escapes: valid escapes are decoded and then checked like any value.
add('lone-surrogate-in-waid', payload((p) => (p.destination = [{ waid: ['\uD800'] }])).replace('"\uD800"', '"\\uD800"'), { stage: 'schema', message: 'international form', path: 'destination[0].waid[0]' });
add('escaped-plus-in-waid', payload((p) => (p.destination = [{ waid: ['X'] }])).replace('"X"', '"\\u002b16505551234"'), { stage: 'schema', message: 'international form', path: 'destination[0].waid[0]' });
add('escaped-placeholder-url', payload((_p, m) => (m.url = 'X')).replace('"X"', '"\\u003cyour-media-url\\u003e"'), { stage: 'schema', message: 'direct, public https', path: 'channels.OTT-Messaging.wa.image.url' });
add('zero-width-in-mimetype', payload((_p, m) => (m.mimeType = 'X')).replace('"X"', '"image/jp\\u200beg"'), { stage: 'schema', message: 'only these MIME types', path: 'channels.OTT-Messaging.wa.image.mimeType' });
add('nul-escape-in-type', payload((_p, _m, wa) => (wa.type = 'X')).replace('"X"', '"image\\u0000"'), { stage: 'schema', message: '"type" must be one of', path: 'channels.OTT-Messaging.wa.type' });
// Numbers (and other types) where strings belong.
add('number-appid', payload((p) => (p.appid = 123)), { stage: 'schema', message: 'application id|Expected "string"', path: 'appid' });
add('number-waid', payload((p) => (p.destination = [{ waid: [16505551234] }])), { stage: 'schema', message: 'Expected "string"', path: 'destination[0].waid[0]' });
add('number-url', payload((_p, m) => (m.url = 1)), { stage: 'schema', message: 'Expected "string"|https', path: 'channels.OTT-Messaging.wa.image.url' });
add('null-mimetype', payload((_p, m) => (m.mimeType = null)), { stage: 'schema', message: 'MIME types|Expected "string"', path: 'channels.OTT-Messaging.wa.image.mimeType' });
add('number-type', payload((_p, _m, wa) => (wa.type = 5)), { stage: 'schema', message: '"type" must be one of', path: 'channels.OTT-Messaging.wa.type' });
add('string-destination', payload((p) => (p.destination = '16505551234')), { stage: 'schema', message: 'array of 1 to 1000', path: 'destination' });
add('array-channels', payload((p) => (p.channels = [])), { stage: 'schema', message: 'Expected "object"', path: 'channels' });
add('boolean-caption', payload((_p, m) => (m.caption = true)), { stage: 'schema', message: 'caption is text|Expected "string"', path: 'channels.OTT-Messaging.wa.image.caption' });
// Variables with odd names.
for (const [name, ref] of [
  ['empty-name', '{{}}'],
  ['blank-name', '{{ }}'],
  ['digit-first', '{{1abc}}'],
  ['space-inside', '{{wa id}}'],
  ['unbalanced-open', '{{waid}'],
  ['unbalanced-close', 'waid}}'],
]) {
  add(`variable-${name}`, payload((p) => (p.appid = ref)), { stage: 'variables', message: 'looks like a \\{\\{variable\\}\\} but is not one', path: 'appid' });
}
for (const [name, ref] of [
  ['proto', '{{__proto__}}'],
  ['constructor', '{{constructor}}'],
  ['to-string', '{{toString}}'],
  ['undefined-name', '{{campaignId}}'],
]) {
  add(`variable-${name}`, payload((p) => (p.correlationid = ref)), { stage: 'variables', message: 'is not defined in', path: 'correlationid' });
}

if (big) {
  add('huge-20mb', payload((_p, m) => (m.caption = 'x'.repeat(20 * 1024 * 1024))), { stage: 'syntax', message: 'MB of text', line: 1, column: 1 });
  add('destinations-100000', payload((p) => (p.destination = Array.from({ length: 100_000 }, (_, i) => ({ waid: [String(16505550000 + i)] })))), { stage: 'schema', message: 'too many items', path: 'destination' });
  add('nested-10000', `{"deliverychannel": "whatsapp", "options": {"deep": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}`, { stage: 'syntax', message: 'Nested more than 64 levels', line: 1 });
}

mkdirSync(dir, { recursive: true });
const expected = {};
for (const c of cases) {
  const file = `${c.name}.wa.jsonc`;
  writeFileSync(join(dir, file), c.name === 'binary' ? Buffer.from(c.content, 'latin1') : c.content);
  expected[file] = c.expect;
}
writeFileSync(join(dir, big ? 'expected-big.json' : 'expected.json'), `${JSON.stringify(big ? Object.fromEntries(Object.entries(expected).filter(([f]) => /huge|100000|10000/.test(f))) : expected, null, 2)}\n`);
console.log(`${cases.length} bad payload files in ${dir}`);
