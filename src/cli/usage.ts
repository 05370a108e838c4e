/** A mistake in how the command line was called: reported on stderr with exit code 2. */
export class UsageError extends Error {}

/** Where a command writes; the tests and main() pass the process's streams. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}
