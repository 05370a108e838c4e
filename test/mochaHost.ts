/**
 * Runs the mocha files of a folder inside VS Code's extension host, for the harnesses in scripts/
 * (the integration suite and the performance probes). Reporter lines carry the prefix `WXC| ` so
 * a harness can tell them from the workbench's own console, and a last line
 * `WXC_RESULT {"passed":…,"failed":…,"pending":…}` gives the counts it totals.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export interface HostRun {
  /** Files of `dir` ending in this run (e.g. `.test.js`). */
  readonly suffix: string;
  /** Of those, only the files this matches (all when absent). */
  readonly only?: RegExp;
  readonly timeoutMs: number;
  readonly grep?: string | RegExp;
  readonly invert?: boolean;
  /** What failed, for the rejection: `integration test(s)`. */
  readonly what: string;
}

export function runInHost(dir: string, { suffix, only, timeoutMs, grep, invert = false, what }: HostRun): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`WXC| ${format(...args)}`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: timeoutMs, reporter: 'spec' });
  if (grep !== undefined) mocha.grep(grep);
  if (invert) mocha.invert();
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith(suffix) && (!only || only.test(file))) mocha.addFile(join(dir, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      console.log(`WXC_RESULT ${JSON.stringify({ passed: stats?.passes ?? 0, failed: stats?.failures ?? 0, pending: stats?.pending ?? 0 })}`);
      if (failures > 0) reject(new Error(`${failures} ${what} failed.`));
      else resolve();
    });
  });
}
