/**
 * Entry point for the integration suite inside a real VS Code, run by the harness in
 * scripts/test-integration.mjs. Some suites need a VS Code of their own, which the harness
 * starts with WXC_TEST_SUITE set: `restricted` (an untrusted workspace), `first-payload` (a
 * workspace that starts without any payload file), `lone-file` (no folder at all), `start-on-open` (npm start's user settings, the receiver started at activation) and
 * `restart-first` / `restart-second` (one VS Code launched twice on the same folder and state). Without
 * it, every other suite runs, in the trusted fixture workspace.
 */
import { runInHost } from '../mochaHost';

const OWN_VSCODE: Record<string, RegExp> = {
  restricted: /^Restricted Mode/,
  'first-payload': /^First payload/,
  'lone-file': /^Lone payload/,
  // npm start's user settings: the receiver started when the extension activates.
  'start-on-open': /^Start on open/,
  // One suite in two launches of the same VS Code: before and after a restart.
  'restart-first': /^Restart, first launch/,
  'restart-second': /^Restart, second launch/,
};
/** The files a suite's workspace can load: the others read the fixture workspace as they load. */
const FILES: Record<string, RegExp> = {
  'first-payload': /^firstPayload\./,
  'lone-file': /^firstPayload\./,
  'start-on-open': /^startOnOpen\./,
  'restart-first': /^restart\./,
  'restart-second': /^restart\./,
};

export function run(): Promise<void> {
  const suite = process.env.WXC_TEST_SUITE ?? '';
  const grep = process.env.WXC_TEST_GREP;
  if (suite && !OWN_VSCODE[suite]) return Promise.reject(new Error(`Unknown WXC_TEST_SUITE "${suite}"`));
  const everyOwn = new RegExp(Object.values(OWN_VSCODE).map((r) => `(${r.source})`).join('|'));
  return runInHost(__dirname, {
    suffix: '.test.js',
    only: FILES[suite],
    timeoutMs: 30_000,
    grep: suite ? OWN_VSCODE[suite] : grep ?? everyOwn,
    invert: !suite && !grep,
    what: 'integration test(s)',
  });
}
