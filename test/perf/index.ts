/**
 * Entry point for the performance probes run inside a real VS Code by scripts/bench-vscode.mjs,
 * and (for their assertions only) by npm test's activation tier. WXC_PERF_MODE picks the suite
 * that fits the workspace the script opened: `activation`, `typing` (activation, then
 * diagnostics while typing), `idle` (a workspace without payload files) or `inbound` (the customer's events posted to the receiver until the Conversations view shows them). Figures go to the console as `WXC_PERF {json}` lines; the
 * probes assert what the extension does, never how fast.
 */
import { runInHost } from '../mochaHost';

const SUITES: Record<string, RegExp> = {
  activation: /^Performance: activation/,
  typing: /^Performance: (activation|diagnostics while typing)/,
  idle: /^Performance: a workspace without payload files/,
  inbound: /^Performance: the customer events shown in their conversations/,
};

export function run(): Promise<void> {
  const mode = process.env.WXC_PERF_MODE ?? 'activation';
  const grep = SUITES[mode];
  if (!grep) return Promise.reject(new Error(`Unknown WXC_PERF_MODE "${mode}"`));
  return runInHost(__dirname, { suffix: '.perf.js', timeoutMs: 60_000, grep, what: 'performance probe(s)' });
}
