/** Running the built command line (dist/wxc.js, built by the unit tier's build) as a child process. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './jsonService';

export const WXC = join(projectRoot, 'dist', 'wxc.js');

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

export interface WxcOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Run as this user and group (only possible as root): for folders root could read anyway. */
  uid?: number;
  gid?: number;
}

/** Starts the bundle with a minimal environment (no inherited WXC_* variables), stdin a pipe (not a terminal). */
export function startWxc(args: string[], options: WxcOptions = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [WXC, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
}

/** What a started bundle printed and its exit code, once it ends. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<Run> {
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

/** Runs the bundle to its end. */
export function wxc(args: string[], options: WxcOptions = {}): Promise<Run> {
  const child = startWxc(args, options);
  const result = finished(child);
  child.stdin.end(options.input ?? '');
  return result;
}

/** Temporary folders, removed by `removeTempDirs` (call it in an after hook). */
const tempDirs: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxc-cli-'));
  tempDirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
