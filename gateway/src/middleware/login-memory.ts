// The login guard's fallback while Redis is down: the same counters and blocks, kept in this process.
// Bounded: at most `maxEntries` keys (the oldest are dropped first, expired ones on the way), so a flood
// of made-up usernames costs a fixed amount of memory. Per process, so with N gateway replicas an
// attacker gets at most N × the limit during an outage — not the unlimited tries of failing open.

export interface Subject {
  fail: string;
  block: string;
  max: number;
}

export function memoryLoginStore(maxEntries = 10_000) {
  const entries = new Map<string, { n: number; until: number }>(); // insertion order = age
  const live = (key: string, now: number) => {
    const e = entries.get(key);
    if (e && e.until <= now) entries.delete(key);
    return e && e.until > now ? e : undefined;
  };
  const put = (key: string, value: { n: number; until: number }) => {
    entries.delete(key); // re-inserted as the newest
    entries.set(key, value);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  };
  return {
    /** Longest remaining block (ms) among these block keys; 0 when none is blocked. */
    blockedMs(blockKeys: string[], now = Date.now()): number {
      return Math.max(0, ...blockKeys.map((k) => (live(k, now)?.until ?? now) - now));
    },
    /** Count one failure for each subject; true when one of them became blocked. */
    recordFailure(subjects: Subject[], windowMs: number, blockMs: number, now = Date.now()): boolean {
      let blocked = false;
      for (const s of subjects) {
        const n = (live(s.fail, now)?.n ?? 0) + 1;
        if (n >= s.max) {
          entries.delete(s.fail);
          put(s.block, { n: 1, until: now + blockMs });
          blocked = true;
        } else {
          put(s.fail, { n, until: live(s.fail, now)?.until ?? now + windowMs });
        }
      }
      return blocked;
    },
    clear(key: string) {
      entries.delete(key);
    },
    size: () => entries.size,
  };
}

export type MemoryLoginStore = ReturnType<typeof memoryLoginStore>;
