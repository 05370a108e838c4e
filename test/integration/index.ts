/**
 * Entry point for the integration suite inside a real VS Code, run by the harness in
 * scripts/test-integration.mjs.
 */
import { runInHost } from '../mochaHost';

export function run(): Promise<void> {
  // The "Restricted Mode" suite needs an untrusted workspace: the harness runs it in a VS Code of
  // its own (WXC_TEST_RESTRICTED=1) and every other suite in a trusted one.
  const restricted = process.env.WXC_TEST_RESTRICTED === '1';
  const grep = process.env.WXC_TEST_GREP;
  return runInHost(__dirname, {
    suffix: '.test.js',
    timeoutMs: 30_000,
    grep: restricted || !grep ? /^Restricted Mode/ : grep,
    invert: !restricted && !grep,
    what: 'integration test(s)',
  });
}
