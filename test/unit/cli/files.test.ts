/**
 * `wxc validate` never passes silently over what it could not search: folders it cannot read,
 * symbolic links (followed), loops and dangling links. Runs the real bundle (dist/wxc.js).
 */
import * as assert from 'node:assert';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/jsonService';
import { removeTempDirs, tempDir, wxc, type WxcOptions } from '../helpers/wxcRun';

const VALID = readFileSync(join(projectRoot, 'samples', 'text.wa.jsonc'), 'utf8');
const BROKEN = '{ "channels": ';

/** Writes files (path → text) under a new folder everyone may read (a user other than root reads it below). */
function tree(files: Record<string, string>): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, path), text, { mode: 0o644 });
  }
  return dir;
}

/** Root reads any folder: the unreadable-folder runs go as nobody then. */
const asSomeoneElse: WxcOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

const lines = (text: string) => text.trim().split('\n');

describe('wxc validate: folders it cannot read, links, loops (dist/wxc.js)', function () {
  this.timeout(60_000);
  after(removeTempDirs);

  it('a folder it cannot read, in a directory or under a glob: an error naming it, exit 2, and the rest is still checked', async () => {
    const dir = tree({ 'p/a.wa.json': BROKEN, 'p/locked/hidden.wa.json': BROKEN, 'p/zzz/b.wa.json': BROKEN });
    chmodSync(join(dir, 'p', 'locked'), 0o000);
    try {
      for (const arg of ['p', 'p/**/*.wa.json']) {
        const r = await wxc(['validate', arg], { cwd: dir, ...asSomeoneElse });
        assert.strictEqual(r.code, 2, `${arg}: ${r.out}${r.err}`);
        assert.match(r.err, /^wxc: p\/locked: the folder cannot be read: EACCES/m, arg);
        // Both readable files were checked, including the one after the locked folder.
        assert.ok(r.out.split('\n').some((l) => l.startsWith('p/a.wa.json:1:')), `${arg}: ${r.out}`);
        assert.ok(r.out.split('\n').some((l) => l.startsWith('p/zzz/b.wa.json:1:')), `${arg}: ${r.out}`);
        assert.match(lines(r.out).pop() ?? '', /in 2 files; 1 path not checked/, arg);
      }
      const json = await wxc(['validate', '--format', 'json', 'p'], { cwd: dir, ...asSomeoneElse });
      const report = JSON.parse(json.out) as { notChecked: string[]; summary: { exitCode: number; files: number } };
      assert.strictEqual(json.code, 2);
      assert.strictEqual(report.summary.exitCode, 2);
      assert.strictEqual(report.summary.files, 2);
      assert.strictEqual(report.notChecked.length, 1);
      assert.match(report.notChecked[0], /^p\/locked: the folder cannot be read/);
      const gh = await wxc(['validate', '--format', 'github', 'p'], { cwd: dir, ...asSomeoneElse });
      assert.strictEqual(gh.code, 2);
      assert.ok(lines(gh.out).some((l) => /^::error title=wxc validate::p\/locked: the folder cannot be read: EACCES/.test(l)), gh.out);
    } finally {
      chmodSync(join(dir, 'p', 'locked'), 0o755);
    }
  });

  it('a glob reports only the folders and links it could match: an unreadable folder elsewhere does not fail it', async () => {
    const dir = tree({ 'a.wa.json': BROKEN, 'p/locked/x.wa.json': BROKEN, 'p/b.wa.json': BROKEN, 'q/c.wa.json': BROKEN });
    symlinkSync('gone.wa.json', join(dir, 'q', 'dangling.wa.json'));
    symlinkSync('..', join(dir, 'q', 'up'));
    chmodSync(join(dir, 'p', 'locked'), 0o000);
    try {
      // `*` stays within one folder: neither p/locked nor q's links could hold a match.
      const top = await wxc(['validate', '*.wa.json'], { cwd: dir, ...asSomeoneElse });
      assert.strictEqual(top.code, 1, top.out + top.err);
      assert.strictEqual(top.err, '');
      assert.match(lines(top.out).pop() ?? '', /in 1 file$/);
      const p = await wxc(['validate', 'p/*.wa.json', 'q/c.wa.json'], { cwd: dir, ...asSomeoneElse });
      assert.strictEqual(p.code, 1, p.out + p.err);
      assert.strictEqual(p.err, '');
      // A folder the glob could match inside is still an error, and so is a link it matches.
      const deep = await wxc(['validate', 'p/*/*.wa.json'], { cwd: dir, ...asSomeoneElse });
      assert.strictEqual(deep.code, 2, deep.out + deep.err);
      assert.match(deep.err, /^wxc: p\/locked: the folder cannot be read/m);
      assert.match(lines(deep.out).pop() ?? '', /0 files checked, no problems; 1 path not checked/);
      const q = await wxc(['validate', 'q/*.wa.json'], { cwd: dir, ...asSomeoneElse });
      assert.strictEqual(q.code, 2, q.out + q.err);
      assert.strictEqual(q.err.trim(), 'wxc: q/dangling.wa.json: a symbolic link to gone.wa.json, which does not exist.');
      const all = await wxc(['validate', '**/*.wa.json'], { cwd: dir, ...asSomeoneElse });
      assert.strictEqual(all.code, 2, all.out + all.err);
      assert.match(all.err, /p\/locked: the folder cannot be read/);
      assert.match(all.err, /q\/up: a symbolic link loop/);
      assert.match(all.err, /q\/dangling\.wa\.json: a symbolic link/);
    } finally {
      chmodSync(join(dir, 'p', 'locked'), 0o755);
    }
  });

  it('follows links to payload files and to folders inside a searched folder', async () => {
    const dir = tree({ 'elsewhere/p.wa.json': BROKEN, 'shared/q.wa.jsonc': BROKEN, 'searched/own.wa.json': VALID });
    symlinkSync('../elsewhere/p.wa.json', join(dir, 'searched', 'link.wa.json'));
    symlinkSync(join(dir, 'shared'), join(dir, 'searched', 'linked-folder'));
    for (const arg of ['searched', 'searched/**/*.wa.json*']) {
      const r = await wxc(['validate', arg], { cwd: dir });
      assert.strictEqual(r.code, 1, `${arg}: ${r.out}${r.err}`);
      assert.strictEqual(r.err, '', arg);
      const found = lines(r.out).filter((l) => / error /.test(l)).map((l) => l.split(':')[0]);
      assert.deepStrictEqual([...new Set(found)], ['searched/link.wa.json', 'searched/linked-folder/q.wa.jsonc'], `${arg}: ${r.out}`);
      assert.match(lines(r.out).pop() ?? '', /in 3 files$/, arg);
    }
  });

  it('a file reached through two links is checked once', async () => {
    const dir = tree({ 'real/p.wa.json': BROKEN });
    symlinkSync('real', join(dir, 'again'));
    const r = await wxc(['validate', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.match(lines(r.out).pop() ?? '', /in 1 file$/);
  });

  it('a link back to a folder being searched is reported as a loop, naming the path; the rest is checked', async () => {
    const dir = tree({ 'p/a.wa.json': BROKEN, 'p/sub/b.wa.json': BROKEN });
    symlinkSync('..', join(dir, 'p', 'sub', 'up'));
    const r = await wxc(['validate', 'p'], { cwd: dir });
    assert.strictEqual(r.code, 2, r.out + r.err);
    assert.match(r.err, /^wxc: p\/sub\/up: a symbolic link loop: it leads back to p, a folder this search is already inside/m);
    assert.doesNotMatch(r.err, /does not exist/);
    assert.match(lines(r.out).pop() ?? '', /in 2 files; 1 path not checked/, r.out);
  });

  it('links that point at each other are a loop, not "does not exist", in a search and as an argument', async () => {
    const dir = tree({ 'p/a.wa.json': BROKEN });
    symlinkSync('b.wa.json', join(dir, 'p', 'c.wa.json'));
    symlinkSync('c.wa.json', join(dir, 'p', 'b.wa.json'));
    const r = await wxc(['validate', 'p'], { cwd: dir });
    assert.strictEqual(r.code, 2, r.out + r.err);
    assert.match(r.err, /^wxc: p\/b\.wa\.json: a loop of symbolic links; not searched\.$/m);
    assert.match(r.err, /^wxc: p\/c\.wa\.json: a loop of symbolic links; not searched\.$/m);
    assert.match(lines(r.out).pop() ?? '', /in 1 file; 2 paths not checked/);
    const arg = await wxc(['validate', 'p/b.wa.json'], { cwd: dir });
    assert.strictEqual(arg.code, 2);
    assert.strictEqual(arg.err.trim(), 'wxc: p/b.wa.json: a loop of symbolic links; not searched.');
  });

  it('a dangling link is reported as one, in a search and as an argument', async () => {
    const dir = tree({ 'p/a.wa.json': VALID });
    symlinkSync('moved-away.wa.json', join(dir, 'p', 'gone.wa.json'));
    symlinkSync('/nonexistent/folder', join(dir, 'p', 'old-folder'));
    const r = await wxc(['validate', 'p'], { cwd: dir });
    assert.strictEqual(r.code, 2, r.out + r.err);
    assert.match(r.err, /^wxc: p\/gone\.wa\.json: a symbolic link to moved-away\.wa\.json, which does not exist\.$/m);
    assert.match(r.err, /^wxc: p\/old-folder: a symbolic link to \/nonexistent\/folder, which does not exist\.$/m);
    // The last line does not say all is well.
    assert.strictEqual(lines(r.out).pop(), '1 file checked, no problems; 2 paths not checked (the "wxc:" lines say why)');
    const arg = await wxc(['validate', 'p/gone.wa.json'], { cwd: dir });
    assert.strictEqual(arg.code, 2);
    assert.strictEqual(arg.err.trim(), 'wxc: p/gone.wa.json: a symbolic link to moved-away.wa.json, which does not exist.');
    const missing = await wxc(['validate', 'p/never.wa.json'], { cwd: dir });
    assert.strictEqual(missing.err.trim(), 'wxc: p/never.wa.json does not exist.');
  });
});
