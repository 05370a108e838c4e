/**
 * Which files `wxc validate` checks: named files as they are, directories searched for payload
 * files, and globs (`*`, `**`, `?`) matched against payload files. node_modules and .git are skipped.
 */
import { type Dirent, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
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

/** One glob segment (no `/`) as a regular expression over one name. */
function segmentRegExp(segment: string): RegExp {
  return globToRegExp(segment);
}

/**
 * Whether a folder (its path below the glob's base, as names) could hold a match of the glob's
 * segments below the base: the search enters only those, and reports only their troubles (a
 * `*.wa.json` glob is not failed by an unreadable folder it would never look in).
 */
function globCouldReach(rest: readonly string[], names: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (p: number, n: number): boolean => {
    const key = `${p},${n}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (n === names.length) result = p < rest.length;
    else if (p === rest.length) result = false;
    else if (rest[p] === '**') result = go(p + 1, n) || go(p, n + 1);
    // `a**b` within a name crosses folders (globToRegExp): anything below may match.
    else if (rest[p].includes('**')) result = true;
    else result = segmentRegExp(rest[p]).test(names[n]) && go(p + 1, n + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** What a search found: the payload files, and what it could not search (each an error, exit 2). */
export interface FoundFiles {
  readonly files: string[];
  readonly problems: string[];
}

/** A search under way: where paths are shown from, and what it found so far. */
interface Search {
  readonly cwd: string;
  readonly files: string[];
  readonly problems: string[];
  /** Under a glob: whether a path could be a match or a folder holding one (else it is neither searched nor reported). */
  readonly wanted?: { readonly folder: (full: string) => boolean; readonly file: (full: string) => boolean };
}

/** A path as printed: relative to the working directory when below it. */
function shown(cwd: string, full: string): string {
  const rel = relative(cwd, full);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : full;
}

/** Why a path that is a symbolic link can't be followed: a loop of links, dangling, or unreadable. */
function brokenLink(name: string, full: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ELOOP') return t('{0}: a loop of symbolic links; not searched.', name);
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
    let target = '';
    try {
      target = readlinkSync(full);
    } catch {
      // the link itself went away meanwhile
    }
    return t('{0}: a symbolic link to {1}, which does not exist.', name, target);
  }
  return t('{0}: cannot be read: {1}', name, err.message);
}

/**
 * Searches a folder for payload files, following symbolic links to files and folders. A folder that
 * cannot be read, a dangling link and a link back to a folder the search is inside are problems; the
 * search goes on past them.
 */
function walk(dir: string, search: Search, inside: ReadonlySet<string>): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    search.problems.push(t('{0}: the folder cannot be read: {1}', shown(search.cwd, dir), (err as Error).message));
    return;
  }
  for (const entry of entries) {
    if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const full = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (err) {
        // Reported whatever its name (the search can't tell whether it led to payloads), unless a glob could never match it.
        if (!search.wanted || search.wanted.folder(full) || search.wanted.file(full)) search.problems.push(brokenLink(shown(search.cwd, full), full, err as NodeJS.ErrnoException));
        continue;
      }
    }
    if (isDirectory) {
      if (!search.wanted || search.wanted.folder(full)) enter(full, search, inside);
    } else if (isFile && isPayloadFileName(entry.name) && (!search.wanted || search.wanted.file(full))) search.files.push(full);
  }
}

/** Searches a folder unless it is one the search is already inside (a loop, reported with the path that leads back). */
function enter(dir: string, search: Search, inside: ReadonlySet<string>): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (err) {
    search.problems.push(brokenLink(shown(search.cwd, dir), dir, err as NodeJS.ErrnoException));
    return;
  }
  if (inside.has(real)) {
    search.problems.push(t('{0}: a symbolic link loop: it leads back to {1}, a folder this search is already inside; not searched again.', shown(search.cwd, dir), shown(search.cwd, real)));
    return;
  }
  walk(dir, search, new Set(inside).add(real));
}

/** The payload files below a folder the user named (under a glob: those it matches), and the problems met on the way. */
function searchFolder(dir: string, cwd: string, wanted?: Search['wanted']): FoundFiles {
  const search: Search = { cwd, files: [], problems: [], ...(wanted ? { wanted } : {}) };
  enter(dir, search, new Set());
  return search;
}

/** What a glob wants below its base folder: the folders that could hold a match, the files that match. */
function globWanted(pattern: string, base: string, regex: RegExp): NonNullable<Search['wanted']> {
  const parts = pattern.split('/');
  let fixed = 0;
  while (fixed < parts.length - 1 && !isGlob(parts[fixed])) fixed++;
  const rest = parts.slice(fixed);
  // `.` or `..` after a glob character: the regex matches the path as resolved, so every folder may lead to a match.
  const plain = !rest.some((p) => p === '.' || p === '..');
  const names = (full: string) => relative(base, full).split(sep);
  return {
    folder: (full) => !plain || globCouldReach(rest, names(full)),
    file: (full) => regex.test(full.split(sep).join('/')),
  };
}

/** What a path argument is: a folder, a file, or a problem (it does not exist, a dangling link, a loop). */
function statArgument(arg: string, full: string): 'directory' | 'file' {
  try {
    return statSync(full).isDirectory() ? 'directory' : 'file';
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    let isLink = false;
    try {
      isLink = lstatSync(full).isSymbolicLink();
    } catch {
      // not there at all
    }
    if (isLink) throw new UsageError(brokenLink(arg, full, e));
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new UsageError(t('{0} does not exist.', arg));
    throw new UsageError(t('{0}: cannot be read: {1}', arg, e.message));
  }
}

/**
 * The files to check, each once (a file reached through two links counts once), in the order
 * found (sorted within each argument), as paths relative to `cwd` when below it; and the problems
 * met while searching (folders that cannot be read, dangling links, loops), which do not stop the
 * search. A path that does not exist, or a glob or directory that finds no payload file and met
 * no problem, is a UsageError.
 */
export function findPayloadFiles(args: readonly string[], cwd: string): FoundFiles {
  const found: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const arg of args.length > 0 ? args : ['.']) {
    let matches: string[];
    if (isGlob(arg)) {
      const pattern = arg.split(sep).join('/');
      const base = resolve(cwd, globBase(pattern));
      const regex = globToRegExp(isAbsolute(pattern) ? pattern : resolve(cwd, pattern).split(sep).join('/'));
      // A base that does not exist matches nothing (said below); any other trouble with it is a problem.
      const search = existsOrLink(base) ? searchFolder(base, cwd, globWanted(pattern, base, regex)) : { files: [], problems: [] };
      problems.push(...search.problems);
      matches = search.files;
      if (matches.length === 0 && search.problems.length === 0) throw new UsageError(t('No payload file (*.wa.json, *.wa.jsonc) matches {0}.', arg));
    } else {
      const full = resolve(cwd, arg);
      if (statArgument(arg, full) === 'directory') {
        const search = searchFolder(full, cwd);
        problems.push(...search.problems);
        matches = search.files;
        if (matches.length === 0 && search.problems.length === 0) throw new UsageError(t('No payload file (*.wa.json, *.wa.jsonc) in {0}.', arg));
      } else {
        matches = [full];
      }
    }
    matches.sort();
    for (const m of matches) {
      const key = realOrSame(m);
      if (!seen.has(key)) {
        seen.add(key);
        found.push(m);
      }
    }
  }
  return { files: found.map((f) => shown(cwd, f)), problems };
}

/** Whether something (perhaps a dangling link) is at a path. */
function existsOrLink(full: string): boolean {
  try {
    lstatSync(full);
    return true;
  } catch {
    return false;
  }
}

/** The real path of a file, or the path itself when it has none (it is reported when read). */
function realOrSame(full: string): string {
  try {
    return realpathSync(full);
  } catch {
    return full;
  }
}
