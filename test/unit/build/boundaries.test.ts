/** What must stay out: vscode out of src/core, ajv's compiler, mime-db and httpsnippet out of the extension bundle. */
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

  it('httpsnippet is neither in the extension bundle nor in wxc.js: it loads from dist/httpsnippet.js on the first Copy as Code', () => {
    // Strings of httpsnippet's PHP and Go clients, which no code of ours writes.
    const marks = ['CURLOPT_POSTFIELDS', 'payload := strings.NewReader('];
    for (const file of ['extension.js', 'wxc.js']) {
      const bundle = readFileSync(join(projectRoot, 'dist', file), 'utf8');
      for (const mark of marks) assert.ok(!bundle.includes(mark), `httpsnippet is in dist/${file}`);
      assert.ok(bundle.includes('./httpsnippet.js'), `dist/${file} does not load dist/httpsnippet.js`);
    }
    const apart = readFileSync(join(projectRoot, 'dist', 'httpsnippet.js'), 'utf8');
    for (const mark of marks) assert.ok(apart.includes(mark), `dist/httpsnippet.js lacks ${mark}`);
  });
});
