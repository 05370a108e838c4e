/**
 * Entry point for the integration suite inside a real VS Code. The same `run()` contract serves
 * the code-server harness (scripts/test-integration.mjs) and @vscode/test-electron (runElectron.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // Reporter lines carry a prefix so the harness can tell them from the workbench's own console.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`WXC| ${format(...args)}`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  // The "Restricted Mode" suite needs an untrusted workspace: the harness runs it in a VS Code of
  // its own (WXC_TEST_RESTRICTED=1) and every other suite in a trusted one.
  const grep = process.env.WXC_TEST_GREP;
  if (process.env.WXC_TEST_RESTRICTED === '1') mocha.grep(/^Restricted Mode/);
  else if (grep) mocha.grep(grep);
  else mocha.grep(/^Restricted Mode/).invert();
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      // The harness reads this line to total the tiers.
      console.log(`WXC_RESULT ${JSON.stringify({ passed: stats?.passes ?? 0, failed: stats?.failures ?? 0, pending: stats?.pending ?? 0 })}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
      else resolve();
    });
  });
}
