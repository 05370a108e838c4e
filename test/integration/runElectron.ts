/**
 * The same integration suite under @vscode/test-electron, for contributors with internet access
 * (it downloads VS Code from Microsoft). CI here uses scripts/test-integration.mjs instead.
 *   npm run test:electron
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const workspace = join(mkdtempSync(join(tmpdir(), 'wxc-workspace-')), 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  cpSync(join(root, 'samples'), join(workspace, 'samples'), { recursive: true });
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(__dirname, 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err) => {
  console.error(`Integration tests failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
