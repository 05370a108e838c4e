/**
 * When a check runs after an edit, decided per document from what its recent checks cost. A check
 * that cheap runs as soon as the edit has reached the extension host (the squiggle or the preview
 * then follows the keystroke within a frame or two, the edits VS Code delivers together still make
 * one check); a document whose check costs more waits until typing pauses, so typing never queues
 * work behind it. A typical payload checks in well under a millisecond and 1,000 destinations in
 * about one (npm run bench). The diagnostics and the preview each keep one.
 *
 * The cost is judged by the cheapest of a document's last few checks, scaled to the document's
 * size now: on a shared or busy machine one check in a few takes many times its cost (the process
 * was descheduled, a garbage collection ran) and must not send the next keystrokes to the pause,
 * while a paste that makes the document many times larger is judged by its new size before it is
 * first checked. Below a few KB a check's cost is mostly its fixed part, so sizes count from there.
 */
const IMMEDIATE_BELOW_MS = 4;
/** How many of a document's last checks the estimate looks at. */
const RECENT = 5;
/** The size, in characters, below which a check costs about the same whatever the size. */
const SIZE_FLOOR = 4096;
const scale = (size: number) => Math.max(size, SIZE_FLOOR);

export class AdaptiveDelay {
  /** Each document's last few checks, oldest first, by document URI: milliseconds per character (of at least SIZE_FLOOR). */
  private readonly rates = new Map<string, number[]>();

  /**
   * @param pauseMs how long to wait for a pause in typing when a check is not cheap.
   * @param now the clock (tests pass their own).
   */
  constructor(
    private readonly pauseMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `check` for a document of `size` characters and remembers what it cost. */
  timed<T>(key: string, size: number, check: () => T): T {
    const started = this.now();
    try {
      return check();
    } finally {
      const rates = this.rates.get(key) ?? [];
      rates.push((this.now() - started) / scale(size));
      if (rates.length > RECENT) rates.shift();
      this.rates.set(key, rates);
    }
  }

  /** What a check of the document at `size` characters is expected to take, in milliseconds; undefined before its first check. */
  estimate(key: string, size: number): number | undefined {
    const rates = this.rates.get(key);
    return rates ? Math.min(...rates) * scale(size) : undefined;
  }

  /** How long to wait after an edit of the document (now `size` characters) before checking it again. */
  delayFor(key: string, size: number): number {
    const cost = this.estimate(key, size);
    return cost !== undefined && cost < IMMEDIATE_BELOW_MS ? 0 : this.pauseMs;
  }

  forget(key: string): void {
    this.rates.delete(key);
  }
}
