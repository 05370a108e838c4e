// Packages the extension as a VSIX and runs it in code-server the way a user would have it:
// installed, not in development mode. Used by `npm start` and by the UI test tier.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureToolchain, root } from './toolchain.mjs';
import { freePort } from './vscodeTestServer.mjs';

const require = createRequire(import.meta.url);
const { applyEdits, modify } = require('jsonc-parser');

/**
 * Writes `settings` (setting id → value) and `environments` (name → entry of wxc.environments)
 * into a user settings.json, creating it when missing and keeping everything else in it (comments
 * and the user's other environments included) as it was.
 */
export function writeUserSettings(file, settings, environments = {}) {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '{}\n';
  const edits = [...Object.entries(settings).map(([key, value]) => [[key], value]), ...Object.entries(environments).map(([name, entry]) => [['wxc.environments', name], entry])];
  for (const [path, value] of edits) {
    text = applyEdits(text, modify(text, path, value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }));
  }
  writeFileSync(file, text);
}

/** The variable of VS Code's process environment that holds the local sandbox's key (npm start and the UI tier set it). */
export const SANDBOX_KEY_VARIABLE = 'WXC_SANDBOX_KEY';

/**
 * The "sandbox" environment npm start defines in VS Code's user settings: the sandbox's address,
 * its key read from SANDBOX_KEY_VARIABLE (a name in user settings, the only place one counts), and
 * variables for the samples. The key itself is in no file.
 */
export function sandboxEnvironment(url) {
  return { sandbox: { baseUrl: url, keyFromEnv: SANDBOX_KEY_VARIABLE, variables: { WAAppid: 'sandbox-whatsapp-app', waid: '15550001234' } } };
}

/** Packages the extension (vsce runs the production build first); returns the VSIX path. */
export function packageVsix(outFile) {
  mkdirSync(dirname(outFile), { recursive: true });
  const args = [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', outFile];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', timeout: 5 * 60_000 });
  if (r.status !== 0) throw new Error(`vsce package failed with exit code ${r.status}`);
  return outFile;
}

/** Installs `vsix` into `extensionsDir` with code-server's own installer. */
export function installVsix(vsix, extensionsDir, userDataDir) {
  const { node24, codeServerEntry } = ensureToolchain();
  const r = spawnSync(
    node24,
    [codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`Installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

async function waitForPage(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * Starts code-server on 127.0.0.1 with the packaged extension installed and `folder` open;
 * `env` is added to its environment, and `userSettings` and `environments` (entries of
 * wxc.environments) written into its user settings on every start. Returns { url, port, child, stop }.
 */
export async function startCodeServer({ folder, stateDir, port, vsix, quiet = false, env = {}, userSettings = {}, environments = {} }) {
  const { node24, codeServerEntry } = ensureToolchain();
  const userData = join(stateDir, 'user-data');
  const extensions = join(stateDir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  // A quiet first start: no welcome page, no chat panel over the editor. Kept if the user changed it.
  const settings = join(userData, 'User', 'settings.json');
  if (!existsSync(settings)) {
    writeFileSync(
      settings,
      `${JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.secondarySideBar.defaultVisibility': 'hidden' }, null, 2)}\n`,
    );
  }
  if (Object.keys(userSettings).length > 0 || Object.keys(environments).length > 0) writeUserSettings(settings, userSettings, environments);
  installVsix(vsix, extensions, userData);
  const chosenPort = port ?? (await freePort());
  const child = spawn(
    node24,
    [
      codeServerEntry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${chosenPort}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      folder,
    ],
    // env reaches the extension host (an environment's keyFromEnv in user settings reads it).
    { detached: true, stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  const url = `http://127.0.0.1:${chosenPort}/?folder=${encodeURIComponent(folder)}`;
  try {
    await waitForPage(url, child, 60_000);
  } catch (err) {
    stop();
    throw err;
  }
  return { url, port: chosenPort, child, stop };
}

/**
 * Starts the local sandbox API (dist/sandbox.js) as a child process on `port` (0: a free one).
 * Resolves to { url, key, stop } once it listens; its request log goes to this terminal.
 */
export async function startSandboxProcess({ port = 0, key, templates, quiet = false }) {
  const args = ['--port', String(port), ...(templates ? ['--templates', templates] : [])];
  const child = spawn(process.execPath, [join(root, 'dist', 'sandbox.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WXC_SANDBOX_KEY: key },
  });
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  const url = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('the sandbox did not start within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`the sandbox exited with code ${code}`)));
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      if (!quiet) process.stdout.write(`[sandbox] ${text}`);
      buffered += text;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { url, key, stop, child };
}
