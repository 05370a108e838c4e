/** What must stay out: vscode out of src/core, ajv's compiler and mime-db out of the extension bundle. */
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/paths';

describe('project shape', () => {
  it('src/core imports nothing from vscode, so it runs in plain Node', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const files = walk(join(projectRoot, 'src', 'core'));
    assert.ok(files.some((f) => f.includes('generated')));
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      assert.ok(!/from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(source), `${file} imports vscode`);
    }
  });

  it('the extension bundle carries neither ajv\'s compiler nor mime-db', () => {
    const bundle = readFileSync(join(projectRoot, 'dist', 'extension.js'), 'utf8');
    assert.ok(!bundle.includes('application/vnd.3gpp'), 'mime-db is in the bundle');
    assert.ok(!/new Ajv|addVocabulary|strictRequired/.test(bundle), "ajv's compiler is in the bundle");
  });
});
