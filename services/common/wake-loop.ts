// A polling loop that sleeps longer while there is nothing to do and wakes at once when told.
// Busy (the last pass did work) → the next pass after `minMs`; idle → the delay doubles up to
// `maxMs`; `wake()` (a commit somewhere wrote work) → a pass now, or right after the running one.
// So an idle process polls rarely without a busy one waiting longer. Timers are injectable so
// tests drive it with a fake clock instead of wall time.

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as number),
};

export interface WakeLoopOptions {
  /** One pass; resolves to how much work it did (0 = idle). Must not reject. */
  run: () => Promise<number>;
  minMs: number;
  maxMs: number;
  timers?: Timers;
}

/** The delay after a pass: `minMs` after work, else double the last one (bounded by `maxMs`). */
export function nextDelay(last: number, worked: boolean, minMs: number, maxMs: number): number {
  return worked ? minMs : Math.min(maxMs, Math.max(minMs, last * 2));
}

export function createWakeLoop(o: WakeLoopOptions) {
  const timers = o.timers ?? realTimers;
  let delay = o.minMs / 2; // the first idle pass waits minMs
  let timer: unknown;
  let running = false;
  let wakeWhileRunning = false;
  let stopped = true;
  let current: Promise<unknown> = Promise.resolve();

  function pass(): void {
    timer = undefined;
    running = true;
    wakeWhileRunning = false;
    current = o.run().then((n) => {
      running = false;
      if (stopped) return;
      // A wake during the pass may concern work the pass had already looked past: go again now.
      delay = wakeWhileRunning ? o.minMs / 2 : nextDelay(delay, n > 0, o.minMs, o.maxMs);
      if (wakeWhileRunning) pass();
      else timer = timers.set(pass, delay);
    });
  }

  return {
    start() {
      stopped = false;
      pass();
    },
    /** Work was written: poll now (the timer is cancelled) or right after the current pass. */
    wake() {
      if (stopped) return;
      if (running) {
        wakeWhileRunning = true;
        return;
      }
      timers.clear(timer);
      delay = o.minMs / 2;
      pass();
    },
    /** Resolves when the pass running now (if any) has finished. */
    settled: () => current.then(() => {}, () => {}),
    /** The delay before the next scheduled pass (for metrics and tests). */
    currentDelay: () => delay,
    async stop() {
      stopped = true;
      timers.clear(timer);
      await current.catch(() => {});
    },
  };
}
