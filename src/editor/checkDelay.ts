/**
 * When a check runs after an edit, decided per document from how long its last check took. A check
 * that cheap runs on the next tick, so the squiggle or the preview follows the keystroke within a
 * frame or two; the edits of one tick (multi-cursor, a paste, a format) still make one check. A
 * document whose check costs more waits until typing pauses, so typing never queues work behind
 * it. A typical payload checks in well under a millisecond and 1,000 destinations in about one
 * (npm run bench). The diagnostics and the preview each keep one.
 */
const IMMEDIATE_BELOW_MS = 4;

export class AdaptiveDelay {
  /** How long each document's last check took, in milliseconds, by document URI. */
  private readonly costs = new Map<string, number>();

  /** @param pauseMs how long to wait for a pause in typing when a check is not cheap. */
  constructor(private readonly pauseMs: number) {}

  /** Runs `check` for a document and remembers how long it took. */
  timed<T>(key: string, check: () => T): T {
    const started = performance.now();
    try {
      return check();
    } finally {
      this.costs.set(key, performance.now() - started);
    }
  }

  /** How long to wait after an edit of the document before checking it again. */
  delayFor(key: string): number {
    const cost = this.costs.get(key);
    return cost !== undefined && cost < IMMEDIATE_BELOW_MS ? 0 : this.pauseMs;
  }

  forget(key: string): void {
    this.costs.delete(key);
  }
}
