/** Where the project is, for tests that read its files (samples, dist/, the schema): found from the compiled test's place. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** The checkout's root folder (the one with package.json). */
export const projectRoot = findRoot(__dirname);
