#!/usr/bin/env node
// Runs the mocha suite in test/integration inside a real VS Code: the VS Code server from
// code-server, its workbench in headless Chromium, the extension loaded from this folder.
// Prints the suite's output, then `integration: N passed, N failed`; exits non-zero on failure.
//   node scripts/test-integration.mjs
// With WXC_UPDATE_SCREENSHOTS=1 the README's hover screenshot (media/hover.png) is replaced.
// Needs `npm run build:tests` first (npm test does it).
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/toolchain.mjs';
import { launchBrowser, runTestsInWorkbench, startVSCodeServer, suiteResult } from './lib/vscodeServer.mjs';

const SUITE_TIMEOUT_MS = 10 * 60_000;
const resultsDir = join(root, '.test-results');
const screenshotsDir = join(resultsDir, 'screenshots');

const require = createRequire(import.meta.url);

/** Every file below `dir` whose bytes hold `needle` (the secret sweep). */
function filesContaining(dir, needle) {
  const hits = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 64 * 1024 * 1024 && readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return hits;
}

/** Runs the suite; resolves to { passed, failed, pending, exitCode }. */
export async function runIntegrationSuite({ restricted = false } = {}) {
  const testsIndex = join(root, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(testsIndex)) throw new Error(`${testsIndex} is missing: run "npm run build:tests" first.`);
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run "npm run build" first.');
  mkdirSync(screenshotsDir, { recursive: true });

  // A fresh copy of the fixture workspace, so tests may write to it and a rerun starts clean.
  const workspace = join(mkdtempSync(join(tmpdir(), 'wxc-workspace-')), 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  cpSync(join(root, 'samples'), join(workspace, 'samples'), { recursive: true });
  // The bad payload corpus, and its large cases generated (they are not committed).
  cpSync(join(root, 'test', 'fixtures', 'bad'), join(workspace, 'bad'), { recursive: true });
  const bigDir = mkdtempSync(join(tmpdir(), 'wxc-bad-big-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'make-bad-corpus.mjs'), bigDir, '--big']);
  mkdirSync(join(workspace, 'bad-big'));
  for (const file of Object.keys(JSON.parse(readFileSync(join(bigDir, 'expected-big.json'), 'utf8')))) copyFileSync(join(bigDir, file), join(workspace, 'bad-big', file));
  if (restricted) {
    // What a hostile repository could ship: an environment pointing the key at its own server.
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'wxc.environments': { hostile: { baseUrl: 'https://collector.attacker.example' } } }, null, 2));
  }

  const started = Date.now();
  // A known key, made fresh each run: the suite sends with it, then every file is searched for it.
  const testKey = `wxc-test-${randomBytes(12).toString('hex')}`;
  const { startSandbox } = require(join(root, 'out', 'src', 'sandbox', 'server.js'));
  const sandbox = await startSandbox({ port: 0, serviceKey: testKey, deliveryDelayMs: 50 });
  const server = await startVSCodeServer({
    label: restricted ? 'restricted' : 'integration',
    trustWorkspace: !restricted,
    env: {
      WXC_TEST_WORKSPACE: workspace,
      WXC_TEST_SANDBOX_URL: sandbox.url,
      WXC_TEST_SERVICE_KEY: testKey,
      // The built-in "sandbox" environment, as npm start provides it.
      WXC_SANDBOX_URL: sandbox.url,
      WXC_SANDBOX_KEY: testKey,
      WXC_TEST_RESTRICTED: restricted ? '1' : '0',
    },
  });
  const browser = await launchBrowser();
  const hostLog = [];
  let result;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exitCode = await runTestsInWorkbench(page, server, workspace, {
      extensionDevelopmentPath: root,
      extensionTestsPath: testsIndex,
      timeoutMs: SUITE_TIMEOUT_MS,
      onLine: async (line) => {
        hostLog.push(line);
        const shot = /^WXC_SCREENSHOT (\S+)$/.exec(line.trim());
        if (shot) {
          const file = join(screenshotsDir, `${shot[1]}.png`);
          await page.screenshot({ path: file });
          if (process.env.WXC_UPDATE_SCREENSHOTS === '1' && shot[1] === 'readme') copyFileSync(file, join(root, 'media', 'hover.png'));
          return;
        }
        // Only the suite's own lines; the workbench's offline noise goes to the log file.
        if (line.startsWith('WXC| ')) process.stdout.write(`${line.slice(5)}\n`);
      },
    });
    await page.screenshot({ path: join(screenshotsDir, 'last.png') }).catch(() => undefined);
    const counts = suiteResult(hostLog, exitCode);
    const summary = counts.reported;
    if (exitCode === 'timeout') {
      console.error(`The integration suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes.`);
    } else if (!summary) {
      console.error('The integration suite ended without reporting results (did the extension host start?).');
    }
    let { failed, passed } = counts;
    // The secret sweep: the key must not be in any file the workspace, VS Code or the suite wrote.
    writeFileSync(join(resultsDir, `${restricted ? 'restricted' : 'integration'}-host.log`), hostLog.join('\n'));
    const leaks = [workspace, server.dirs, resultsDir].flatMap((d) => filesContaining(d, testKey));
    // The sweep means something only if the output channel's log was among the files searched.
    const outputLogs = filesContaining(server.dirs, '1001 Queued').filter((f) => f.endsWith('Webex Connect.log'));
    if (outputLogs.length === 0 && !restricted) console.log('  (the "Webex Connect" output channel log was not found among the files written)');
    if (leaks.length === 0 && summary && (outputLogs.length > 0 || restricted)) {
      passed++;
      console.log('  ✔ secret sweep: the test key is in no file of the workspace, the VS Code server (settings, logs, output channel) or the test logs');
    } else {
      failed++;
      console.log(`  ✖ secret sweep: the test key was found in:\n    ${leaks.join('\n    ') || "(the suite did not run, so nothing was swept)"}`);
    }
    result = { passed, failed, pending: counts.pending, exitCode };
  } finally {
    writeFileSync(join(resultsDir, `${restricted ? 'restricted' : 'integration'}-host.log`), hostLog.join('\n'));
    writeFileSync(join(resultsDir, `${restricted ? 'restricted' : 'integration'}-server.log`), server.log.join(''));
    await browser.close().catch(() => undefined);
    server.stop();
    await sandbox.close();
  }
  console.log(`integration suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const restricted = process.argv.includes('--restricted');
  const result = await runIntegrationSuite({ restricted });
  console.log(`integration${restricted ? ' (restricted)' : ''}: ${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed === 0 && result.exitCode === 0 ? 0 : 1);
}
