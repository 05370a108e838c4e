#!/usr/bin/env node
// `npm run setup`: everything a fresh Debian machine needs before `npm start` or `npm test`.
//  1. Debian packages: chromium (the tests' browser), libkrb5-dev (code-server's native build), and
//     the runtimes that run Copy as Code's snippets in the tests (test/unit/send/code.run.test.ts):
//     curl, Python's requests, PHP with curl, Go, a JDK (Java 11+ runs `java Main.java`), and for
//     C# Mono's compiler with System.Net.Http (dotnet is not in Debian's archive; these two are
//     17 packages, 7 MB to download, 25 MB installed).
//  2. The project's npm packages (npm ci), when node_modules is missing or older than the lock file.
//  3. Node 24 and code-server (the real VS Code) into .cache/, once.
// Uses only Node's standard library, so it runs before npm ci.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureToolchain, root } from './lib/toolchain.mjs';

const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'curl', 'python3-requests', 'php-cli', 'php-curl', 'golang-go', 'default-jdk-headless', 'mono-mcs', 'libmono-system-net-http4.0-cil'];

function run(command, args, timeoutMs) {
  const started = Date.now();
  console.log(`[setup] ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', timeout: timeoutMs });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `stopped by ${r.signal}` : `exit code ${r.status}`;
    console.error(`[setup] "${command} ${args.join(' ')}" failed (${why}).`);
    process.exit(1);
  }
  console.log(`[setup]   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

const missing = existsSync('/usr/bin/dpkg-query') ? missingDebianPackages() : [];
if (missing.length) {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    console.error(`[setup] Missing Debian packages: ${missing.join(', ')}. Install them with:\n  sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  const apt = (...args) => (isRoot ? run('apt-get', args, 15 * 60_000) : run('sudo', ['apt-get', ...args], 15 * 60_000));
  process.env.DEBIAN_FRONTEND = 'noninteractive';
  apt('update', '-q');
  apt('install', '-y', '-q', '--no-install-recommends', ...missing);
} else {
  console.log(`[setup] Debian packages present: ${DEBIAN_PACKAGES.join(', ')}`);
}

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  run('npm', ['ci', '--no-audit', '--no-fund'], 15 * 60_000);
} else {
  console.log('[setup] npm packages up to date');
}

ensureToolchain();
console.log('[setup] ready: run "npm start" to open VS Code with the extension, or "npm test".');
