/** Everything pending of the delivery reports (delays, posts in flight, posts waiting for a slot), so that reset and close can end it all at once. */

/** The delays and slots of one sandbox's delivery reports. */
export class PendingReports {
  // Each pending delay, with what ends it early (reset, close), so no recipient's sequence hangs.
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  /** The posts in flight, aborted by cancel(). */
  readonly inFlight = new Set<AbortController>();
  // Posts waiting for one of the slots.
  private readonly waiting: (() => void)[] = [];
  private posting = 0;

  /** Reports are `delayMs` apart; at most `slots` are posted at once. */
  constructor(
    private readonly delayMs: number,
    private readonly slots: number,
  ) {}

  /** Resolves after the delivery delay, or at once when cancelled. */
  pause(): Promise<void> {
    return new Promise((wake) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        wake();
      }, this.delayMs);
      this.timers.set(timer, wake);
    });
  }

  /** Runs a post in one of the slots; a finished post hands its slot to the next in line. */
  async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.posting < this.slots) this.posting++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.posting--;
    }
  }

  /** Ends every delay at once, aborts the posts in flight and lets every waiting post through. */
  cancel(): void {
    for (const [t, wake] of this.timers) {
      clearTimeout(t);
      wake();
    }
    this.timers.clear();
    for (const c of this.inFlight) c.abort();
    this.inFlight.clear();
    // Each waiter wakes holding a slot of its own (it posts nothing: its generation is gone).
    for (const go of this.waiting.splice(0)) {
      this.posting++;
      go();
    }
  }
}
