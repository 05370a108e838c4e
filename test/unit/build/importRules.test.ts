/** The import rules the lint holds (.dependency-cruiser.cjs): src keeps them, and a circle or a layer broken fails the lint. */
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/paths';

const CRUISER = join(projectRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Runs the lint's import check on `target` of the folder `cwd`, with the project's rules. */
function cruise(target: string, cwd = projectRoot): { status: number | null; output: string } {
  const config = join(projectRoot, '.dependency-cruiser.cjs');
  const r = spawnSync(process.execPath, [CRUISER, target, '--config', config, '--output-type', 'err'], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A folder laid out as the project (src/…, a tsconfig.json) with the given files, below out/. */
function project(root: string, files: Record<string, string>): string {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('import rules (the lint)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    mkdirSync(join(projectRoot, 'out'), { recursive: true });
    dir = mkdtempSync(join(projectRoot, 'out', 'import-rules-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('src has no circle and keeps its layers', () => {
    const r = cruise('src');
    assert.strictEqual(r.status, 0, r.output);
  });

  it('a circle made only of type imports fails', () => {
    const root = project(join(dir, 'circle'), {
      'src/core/messages/kind.ts': "import type { Bubble } from './bubble';\nexport interface Kind { preview(): Bubble }\n",
      'src/core/messages/bubble.ts': "import type { Kind } from './kind';\nexport interface Bubble { kind: Kind }\n",
    });
    const r = cruise('src', root);
    assert.notStrictEqual(r.status, 0, r.output);
    assert.match(r.output, /no-circular/);
    assert.match(r.output, /kind\.ts/);
  });

  it('src/core importing vscode or the editor fails', () => {
    const root = project(join(dir, 'layers'), {
      'src/core/send/http.ts': "import * as vscode from 'vscode';\nimport { shown } from '../../editor/view';\nexport const x = [vscode, shown];\n",
      'src/editor/view.ts': 'export const shown = 1;\n',
    });
    const r = cruise('src', root);
    assert.notStrictEqual(r.status, 0, r.output);
    assert.match(r.output, /core-stays-plain-node/);
    assert.match(r.output, /core-imports-only-core/);
  });

  it('a lower room of src/core reaching up fails: a message kind importing a check, runtime code importing build-time code', () => {
    const root = project(join(dir, 'rooms'), {
      'src/core/messages/list.ts': "import { rules } from '../checks/findings';\nexport const x = rules;\n",
      'src/core/checks/findings.ts': 'export const rules = 1;\n',
      'src/core/send/http.ts': "import { files } from '../build/artifacts';\nexport const y = files;\n",
      'src/core/build/artifacts.ts': 'export const files = 1;\n',
    });
    const r = cruise('src', root);
    assert.notStrictEqual(r.status, 0, r.output);
    assert.match(r.output, /core-rooms-flow-down: src\/core\/messages\/list\.ts/);
    assert.match(r.output, /build-time-code-apart: src\/core\/send\/http\.ts/);
  });

  it('the command line importing the editor fails', () => {
    const root = project(join(dir, 'cli'), {
      'src/cli/main.ts': "import { shown } from '../editor/view';\nexport const x = shown;\n",
      'src/editor/view.ts': 'export const shown = 1;\n',
    });
    const r = cruise('src', root);
    assert.notStrictEqual(r.status, 0, r.output);
    assert.match(r.output, /cli-and-sandbox-import-only-core/);
  });
});
