#!/usr/bin/env node
// `npm test`: build, lint, unit tests of src/core in plain Node, the integration suite inside a
// real VS Code, then the UI checks on the packaged VSIX in code-server.
// Ends with one line totalling every tier: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './lib/toolchain.mjs';
import { runIntegrationSuite } from './test-integration.mjs';
import { runUiSuite } from './test-ui.mjs';

const require = createRequire(import.meta.url);
const tiers = [];

function step(name, command, args) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', timeout: 10 * 60_000 });
  return result.status === 0;
}

function unitTests() {
  const Mocha = require('mocha');
  const mocha = new Mocha({ reporter: 'spec', timeout: 20_000 });
  const dir = join(root, 'out', 'test', 'unit');
  for (const file of readdirSync(dir).sort()) if (file.endsWith('.test.js')) mocha.addFile(join(dir, file));
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures }));
  });
}

const built = step('build', process.execPath, ['scripts/build.mjs', '--tests']);
const linted = step('lint', process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']);
tiers.push({ name: 'lint', passed: linted ? 1 : 0, failed: linted ? 0 : 1 });
if (!built) {
  tiers.push({ name: 'build', passed: 0, failed: 1 });
} else {
  console.log('\n=== unit tests (plain Node)');
  tiers.push({ name: 'unit', ...(await unitTests()) });
  console.log('\n=== integration tests (real VS Code)');
  try {
    tiers.push({ name: 'integration', ...(await runIntegrationSuite()) });
  } catch (err) {
    console.error(`The integration suite could not run: ${err.message}`);
    tiers.push({ name: 'integration', passed: 0, failed: 1 });
  }
  console.log('\n=== integration tests in Restricted Mode (an untrusted workspace)');
  try {
    tiers.push({ name: 'integration (restricted)', ...(await runIntegrationSuite({ restricted: true })) });
  } catch (err) {
    console.error(`The Restricted Mode suite could not run: ${err.message}`);
    tiers.push({ name: 'integration (restricted)', passed: 0, failed: 1 });
  }
  console.log('\n=== UI tests (packaged VSIX in code-server, driven like a person)');
  try {
    tiers.push({ name: 'ui', ...(await runUiSuite()) });
  } catch (err) {
    console.error(`The UI suite could not run: ${err.message}`);
    tiers.push({ name: 'ui', passed: 0, failed: 1 });
  }
}

console.log('');
for (const t of tiers) console.log(`${t.name}: ${t.passed} passed, ${t.failed} failed`);
const passed = tiers.reduce((n, t) => n + t.passed, 0);
const failed = tiers.reduce((n, t) => n + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
