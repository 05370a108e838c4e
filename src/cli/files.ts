/**
 * Which files `wxc validate` checks: named files as they are, directories searched for payload
 * files, and globs (`*`, `**`, `?`) matched against payload files. node_modules and .git are skipped.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isPayloadFileName } from '../core/payload/files';
import { t } from '../core/text/l10n';
import { UsageError } from './usage';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** Whether an argument is a glob rather than a path. */
function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

/** A glob as a regular expression over `/`-separated paths: `**` any directories, `*` and `?` within one name. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` anything below.
      if (glob[i + 2] === '/') {
        out += '(?:[^/]*/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The directory a glob's matches are under: its leading segments without glob characters. */
function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (isGlob(p)) break;
    fixed.push(p);
  }
  return fixed.join('/') || (glob.startsWith('/') ? '/' : '.');
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, out);
    } else if (entry.isFile() && isPayloadFileName(entry.name)) {
      out.push(full);
    }
  }
}

/**
 * The files to check, each once, in the order found (sorted within each argument), as paths
 * relative to `cwd` when below it. A path that does not exist, or a glob or directory that finds
 * no payload file, is a UsageError.
 */
export function findPayloadFiles(args: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const arg of args.length > 0 ? args : ['.']) {
    const matches: string[] = [];
    if (isGlob(arg)) {
      const pattern = arg.split(sep).join('/');
      const base = resolve(cwd, globBase(pattern));
      const regex = globToRegExp(isAbsolute(pattern) ? pattern : resolve(cwd, pattern).split(sep).join('/'));
      const candidates: string[] = [];
      try {
        walk(base, candidates);
      } catch {
        // a base that does not exist matches nothing
      }
      for (const c of candidates) if (regex.test(c.split(sep).join('/'))) matches.push(c);
      if (matches.length === 0) throw new UsageError(t('No payload file (*.wa.json, *.wa.jsonc) matches {0}.', arg));
    } else {
      const full = resolve(cwd, arg);
      let isDirectory: boolean;
      try {
        isDirectory = statSync(full).isDirectory();
      } catch {
        throw new UsageError(t('{0} does not exist.', arg));
      }
      if (isDirectory) {
        walk(full, matches);
        if (matches.length === 0) throw new UsageError(t('No payload file (*.wa.json, *.wa.jsonc) in {0}.', arg));
      } else {
        matches.push(full);
      }
    }
    matches.sort();
    for (const m of matches) if (!seen.has(m)) {
      seen.add(m);
      found.push(m);
    }
  }
  return found.map((f) => {
    const rel = relative(cwd, f);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : f;
  });
}
