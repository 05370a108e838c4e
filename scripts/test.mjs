#!/usr/bin/env node
// `npm test`: build, lint, unit tests of src/core in plain Node, the integration suite inside a
// real VS Code (in a trusted and an untrusted workspace, one that starts without payloads, a
// window without a folder, and one VS Code launched twice on the same folder), whether VS Code activates the extension
// with and without payload files, then the UI checks on the packaged VSIX in code-server.
// Ends with one line totalling every tier: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './lib/toolchain.mjs';
import { activationChecks } from './bench-vscode.mjs';
import { runIntegrationSuite, runRestartSuite } from './test-integration.mjs';
import { runUiSuite } from './test-ui.mjs';

const require = createRequire(import.meta.url);
const tiers = [];

function step(name, command, args) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', timeout: 10 * 60_000 });
  return result.status === 0;
}

/** Runs one tier; a tier that cannot run at all counts as one failure. */
async function tier(name, title, run) {
  console.log(`\n=== ${title}`);
  try {
    tiers.push({ name, ...(await run()) });
  } catch (err) {
    console.error(`The ${name} tier could not run: ${err.message}`);
    tiers.push({ name, passed: 0, failed: 1 });
  }
}

function unitTests() {
  const Mocha = require('mocha');
  const mocha = new Mocha({ reporter: 'spec', timeout: 20_000 });
  const dir = join(root, 'out', 'test', 'unit');
  // test/unit mirrors src: every *.test.js below it, in path order.
  const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(dir, file));
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures }));
  });
}

const built = step('build', process.execPath, ['scripts/build.mjs', '--tests']);
// The lint: ESLint, then the import rules (no circle, the layers) with dependency-cruiser (.dependency-cruiser.cjs).
const linted =
  step('lint', process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']) &&
  step('import rules', process.execPath, [join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs']);
tiers.push({ name: 'lint', passed: linted ? 1 : 0, failed: linted ? 0 : 1 });
if (!built) {
  tiers.push({ name: 'build', passed: 0, failed: 1 });
} else {
  await tier('unit', 'unit tests (plain Node)', unitTests);
  await tier('integration', 'integration tests (real VS Code)', () => runIntegrationSuite());
  await tier('integration (restricted)', 'integration tests in Restricted Mode (an untrusted workspace)', () => runIntegrationSuite({ suite: 'restricted' }));
  await tier('integration (first payload)', 'integration tests in a workspace that starts without any payload file', () => runIntegrationSuite({ suite: 'first-payload' }));
  await tier('integration (lone file)', 'integration tests with a payload opened without a folder', () => runIntegrationSuite({ suite: 'lone-file' }));
  await tier('integration (start on open)', 'integration tests with npm start\'s user settings: the receiver started when the extension activates', () => runIntegrationSuite({ suite: 'start-on-open' }));
  await tier('integration (restart)', 'integration tests across a restart of VS Code: the delivery timelines are kept', () => runRestartSuite());
  await tier('activation', 'activation (real VS Code): by itself with payload files, never on other JSON, on the first payload created', () => activationChecks());
  await tier('ui', 'UI tests (packaged VSIX in code-server, driven like a person)', () => runUiSuite());
}

console.log('');
for (const t of tiers) console.log(`${t.name}: ${t.passed} passed, ${t.failed} failed`);
const passed = tiers.reduce((n, t) => n + t.passed, 0);
const failed = tiers.reduce((n, t) => n + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
