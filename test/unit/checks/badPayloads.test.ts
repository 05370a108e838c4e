/**
 * The corpus of bad payload files (test/fixtures/bad, written by scripts/make-bad-corpus.mjs):
 * each is stopped before sending with a message that says what and where, and nothing throws.
 */
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeProblem } from '../../../src/core/json/jsonc';
import { prepareMessage } from '../../../src/core/send/prepare';
import { projectRoot } from '../helpers/jsonService';

interface Expectation {
  stage: string;
  message: string;
  line?: number;
  column?: number;
  path?: string;
}

const variables = { WAAppid: 'app-1', waid: '16505551234' };

function check(dir: string, manifest: string): void {
  const expected = JSON.parse(readFileSync(join(dir, manifest), 'utf8')) as Record<string, Expectation>;
  for (const [file, e] of Object.entries(expected)) {
    it(`${file}: stopped at the ${e.stage} stage with a located message`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const result = prepareMessage(text, variables, 'environment "dev"');
      assert.ok(!result.ok, 'must not be sendable');
      const shown = result.problems.map(describeProblem).join('\n');
      assert.strictEqual(result.stage, e.stage, shown);
      assert.ok(result.problems.length > 0);
      const first = result.problems[0];
      assert.ok(first.line >= 1 && first.column >= 1, shown);
      assert.match(result.summary, /line \d+, column \d+/);
      // The place is the problem's line and column, written once in front: never in its message too.
      assert.ok(result.problems.every((p) => !/line \d+, column \d+/.test(p.message)), shown);
      assert.ok(result.problems.some((p) => new RegExp(e.message).test(p.message)), `${e.message} in:\n${shown}`);
      if (e.line !== undefined) assert.strictEqual(first.line, e.line, shown);
      if (e.column !== undefined) assert.strictEqual(first.column, e.column, shown);
      if (e.path !== undefined) assert.ok(result.problems.some((p) => p.path === e.path), `path ${e.path} in:\n${shown}`);
    });
  }
}

describe('bad payload corpus', () => {
  const dir = join(projectRoot, 'test', 'fixtures', 'bad');

  it('holds at least 50 files, each with an expectation', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.wa.jsonc'));
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    assert.ok(files.length >= 50, `${files.length} files`);
    assert.deepStrictEqual(files.sort(), Object.keys(expected).sort());
  });

  check(dir, 'expected.json');

  describe('the large cases (generated, not committed)', function () {
    this.timeout(60_000);
    const bigDir = mkdtempSync(join(tmpdir(), 'wxc-bad-'));
    execFileSync(process.execPath, [join(projectRoot, 'scripts', 'make-bad-corpus.mjs'), bigDir, '--big']);
    check(bigDir, 'expected-big.json');
  });
});
