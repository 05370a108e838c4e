/**
 * Ctrl-C (SIGINT) and SIGTERM while a command works: instead of dying silently, the command says
 * what the interruption means (for a send: whether anything left) and ends with the code shells
 * give a process ended by that signal, 128 + its number. A second signal ends the process at once
 * (the handlers are gone by then).
 */
import { terminalSafe } from '../core/text/printable';

/** The exit code after each signal: 130 for SIGINT, 143 for SIGTERM, as shells report them. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Whether an exit code is one of an interruption (the process then exits at once, see main). */
export function isInterruptionCode(code: number): boolean {
  return Object.values(SIGNAL_EXIT_CODES).includes(code as 130 | 143);
}

/**
 * Runs `work` with an abort signal that fires on SIGINT or SIGTERM; on one, prints what `explain`
 * says about it (on stderr) and resolves to the signal's exit code without waiting for `work`.
 */
export async function interruptible(work: (signal: AbortSignal) => Promise<number>, explain: (signal: HandledSignal) => string, err: (text: string) => void): Promise<number> {
  const controller = new AbortController();
  const handlers: [HandledSignal, () => void][] = [];
  const interrupted = new Promise<number>((done) => {
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) {
      const handler = () => {
        remove();
        err(`wxc: ${terminalSafe(explain(signal), { keepLineFeeds: true })}`);
        controller.abort();
        done(SIGNAL_EXIT_CODES[signal]);
      };
      handlers.push([signal, handler]);
      process.once(signal, handler);
    }
  });
  const remove = () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
  try {
    return await Promise.race([work(controller.signal), interrupted]);
  } finally {
    remove();
  }
}
