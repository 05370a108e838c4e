/**
 * Entry point for the performance probes run by scripts/bench-vscode.mjs inside a real VS Code
 * (not part of `npm test`). WXC_PERF_MODE picks the suite that fits the workspace the script
 * opened: `activation`, `typing` (activation, then diagnostics while typing) or `idle` (a
 * workspace without payload files). Figures go to the console as `WXC_PERF {json}` lines; the
 * probes assert what the extension does, never how fast.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

const SUITES: Record<string, RegExp> = {
  activation: /^Performance: activation/,
  typing: /^Performance: (activation|diagnostics while typing)/,
  idle: /^Performance: a workspace without payload files/,
};

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`WXC| ${format(...args)}`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const mode = process.env.WXC_PERF_MODE ?? 'activation';
  const grep = SUITES[mode];
  if (!grep) return Promise.reject(new Error(`Unknown WXC_PERF_MODE "${mode}"`));
  mocha.grep(grep);
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.perf.js')) mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      console.log(`WXC_RESULT ${JSON.stringify({ passed: stats?.passes ?? 0, failed: stats?.failures ?? 0, pending: stats?.pending ?? 0 })}`);
      if (failures > 0) reject(new Error(`${failures} performance probe(s) failed.`));
      else resolve();
    });
  });
}
