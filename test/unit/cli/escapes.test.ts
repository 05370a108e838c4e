/**
 * `wxc validate` prints control characters from a payload or a file name as escapes, in the text
 * and github formats (and the JSON stays the same value): a payload can't erase, retitle or
 * disguise its own finding, and a file name with a line break doesn't split a finding's line.
 */
import * as assert from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/jsonService';
import { removeTempDirs, tempDir, wxc } from '../helpers/wxcRun';

const REPLY = readFileSync(join(projectRoot, 'samples', 'reply.wa.jsonc'), 'utf8');
// eslint-disable-next-line no-control-regex -- looking for them is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Two buttons with the same hostile id (as JSON escapes, so the file itself is valid): an error that quotes it. */
const HOSTILE_ID = 'x\\u001b[2K\\r\\u0007\\u009b\\u202e\\u2066';
const SHOWN_ID = 'x\\x1b[2K\\x0d\\x07\\x9b\\u202e\\u2066';
const FILE = 'a\n\x1b]0;t\x07\u202e,b:c%.wa.jsonc';
const SHOWN_FILE = 'a\\x0a\\x1b]0;t\\x07\\u202e,b:c%.wa.jsonc';

describe('wxc validate: control characters from payloads and file names (dist/wxc.js)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = tempDir();
    const text = REPLY.replace('"confirm"', `"${HOSTILE_ID}"`).replace('"reschedule"', `"${HOSTILE_ID}"`);
    assert.notStrictEqual(text, REPLY);
    writeFileSync(join(dir, FILE), text);
  });
  after(removeTempDirs);

  it('text: one line per finding, starting with the escaped file name; the quoted id escaped', async () => {
    const r = await wxc(['validate', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.ok(!RAW.test(r.out) && !RAW.test(r.err), JSON.stringify(r.out));
    const lines = r.out.trim().split('\n');
    const findings = lines.slice(0, -1);
    assert.ok(findings.length >= 1, r.out);
    for (const line of findings) assert.ok(line.startsWith(`${SHOWN_FILE}:`), line);
    assert.ok(findings.some((l) => l.includes(`error Button id "${SHOWN_ID}" is used twice`)), r.out);
    assert.match(lines[lines.length - 1], /in 1 file$/);
  });

  it('github: escapes, then GitHub\'s own escaping (%, and : , in the file property); one annotation per line', async () => {
    const r = await wxc(['validate', '--format', 'github', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.ok(!RAW.test(r.out), JSON.stringify(r.out));
    const lines = r.out.trim().split('\n');
    const annotations = lines.slice(0, -1);
    assert.ok(annotations.length >= 1);
    const file = SHOWN_FILE.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/,/g, '%2C');
    for (const line of annotations) assert.ok(line.startsWith(`::error file=${file},line=`), line);
    assert.ok(annotations.some((l) => l.includes(`::Button id "${SHOWN_ID}" is used twice`)), r.out);
  });

  it('json: the same names and messages as values (JSON escapes them), no raw control character', async () => {
    const r = await wxc(['validate', '--format', 'json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.err);
    assert.ok(!RAW.test(r.out), JSON.stringify(r.out));
    const report = JSON.parse(r.out) as { files: { file: string; findings: { message: string }[] }[] };
    assert.strictEqual(report.files[0].file, FILE);
    const id = JSON.parse(`"${HOSTILE_ID}"`) as string;
    assert.ok(report.files[0].findings.some((f) => f.message.includes(`Button id "${id}" is used twice`)), r.out);
  });
});
