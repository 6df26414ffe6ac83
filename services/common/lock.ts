// Per-key Redis locks (SET NX PX + random token; Lua compare-and-delete release).
// They only serialise work to avoid transaction conflicts: correctness lives in DynamoDB
// conditions, so a holder that stalls past its TTL cannot corrupt state. If Redis is down the
// work runs unlocked (still correct, just more conflict retries).
import type { Redis } from "ioredis";
import client from "prom-client";
import { rejected } from "./domain-error.ts";
import { pollUntil } from "./retry.ts";
import { registry } from "./metrics.ts";
import type { Logger } from "./logger.ts";

const RELEASE =
  `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

const lockWait = new client.Histogram({
  name: "lock_wait_seconds",
  help: "Time spent waiting for a per-user lock",
  labelNames: ["outcome"],
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const DOWN = new Set(["reconnecting", "close", "end"]);

export interface LockOptions {
  ttlMs?: number;
  waitMs?: number;
}

export function createLocker(
  redis: Redis,
  log?: Logger,
  defaults: Required<LockOptions> = { ttlMs: 5000, waitMs: 10000 },
) {
  /** The lock's token once acquired; null if still taken at the deadline; "unavailable" without Redis. */
  async function acquire(key: string, opts: LockOptions): Promise<string | null | "unavailable"> {
    const token = crypto.randomUUID();
    const ttl = opts.ttlMs ?? defaults.ttlMs;
    const deadline = Date.now() + (opts.waitMs ?? defaults.waitMs);
    // Known to be down: skip at once rather than wait on the reconnect queue per request (counted in
    // lock_wait_seconds{outcome="unavailable"}). A first connect still in progress is waited for.
    if (DOWN.has(redis.status)) return "unavailable";
    try {
      const got = await pollUntil(
        (ok) => ok,
        deadline,
        { initialDelayMs: 5, maxDelayMs: 50 },
        async () => (await redis.set(key, token, "PX", ttl, "NX")) === "OK",
      );
      return got ? token : null;
    } catch (err) {
      log?.warn({ err: String(err), key }, "lock unavailable; continuing without it");
      return "unavailable";
    }
  }

  /** Run `fn` holding `lock:<key>`. Waiting longer than `waitMs` → 409 with Retry-After. */
  async function withLock<T>(key: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
    const started = performance.now();
    const token = await acquire(`lock:${key}`, opts);
    lockWait.observe({
      outcome: token === null ? "timeout" : token === "unavailable" ? "unavailable" : "acquired",
    }, (performance.now() - started) / 1000);
    if (token === null) {
      throw rejected("LOCK_CONTENTION", "Too many concurrent operations on this account; please retry");
    }
    try {
      return await fn();
    } finally {
      if (token !== "unavailable") await redis.eval(RELEASE, 1, `lock:${key}`, token).catch(() => {});
    }
  }

  return { withLock };
}

export type Locker = ReturnType<typeof createLocker>;
