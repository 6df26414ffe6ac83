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

/**
 * This process's waiters for one key, first come first served: only the head of each key's queue
 * polls Redis. Without it every waiter polled with its own growing backoff, so newcomers (polling
 * every 5 ms) overtook requests that had waited seconds (50 ms apart), and a hot account's queue
 * ended in timeouts for its oldest requests. Across processes the heads still race for the lock.
 */
function createLocalQueues() {
  const tails = new Map<string, Promise<void>>();
  /** Resolves to `leave()` when every earlier local waiter for `key` has left; null at the deadline. */
  return async function turn(key: string, deadline: number): Promise<(() => void) | null> {
    const before = tails.get(key) ?? Promise.resolve();
    let leave!: () => void;
    const mine = new Promise<void>((r) => (leave = r));
    // The next waiter waits for us AND everyone before us: a waiter that gives up early passes its
    // turn on without letting anyone past the one still holding.
    const tail = before.then(() => mine);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const inTime = await Promise.race([
      before.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(timer);
    if (inTime) return leave;
    leave();
    return null;
  };
}

export function createLocker(
  redis: Redis,
  log?: Logger,
  defaults: Required<LockOptions> = { ttlMs: 5000, waitMs: 10000 },
) {
  const turn = createLocalQueues();

  /** The lock's token once acquired; null if still taken at the deadline; "unavailable" without Redis. */
  async function acquire(key: string, ttl: number, deadline: number): Promise<string | null | "unavailable"> {
    const token = crypto.randomUUID();
    // Known to be down: skip at once rather than wait on the reconnect queue per request (counted in
    // lock_wait_seconds{outcome="unavailable"}). A first connect still in progress is waited for.
    if (DOWN.has(redis.status)) return "unavailable";
    try {
      // Only one waiter per key per process polls (the queue's head), so it can poll often.
      const got = await pollUntil(
        (ok) => ok,
        deadline,
        { initialDelayMs: 2, maxDelayMs: 10 },
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
    const deadline = Date.now() + (opts.waitMs ?? defaults.waitMs);
    const leave = await turn(key, deadline);
    const token = leave ? await acquire(`lock:${key}`, opts.ttlMs ?? defaults.ttlMs, deadline) : null;
    lockWait.observe({
      outcome: token === null ? "timeout" : token === "unavailable" ? "unavailable" : "acquired",
    }, (performance.now() - started) / 1000);
    if (token === null) {
      leave?.();
      throw rejected("LOCK_CONTENTION", "Too many concurrent operations on this account; please retry");
    }
    // A holder stuck past the TTL loses its local turn too, as it loses the Redis lock.
    const expiry = setTimeout(leave!, opts.ttlMs ?? defaults.ttlMs);
    try {
      return await fn();
    } finally {
      clearTimeout(expiry);
      if (token !== "unavailable") await redis.eval(RELEASE, 1, `lock:${key}`, token).catch(() => {});
      leave!();
    }
  }

  return { withLock };
}

export type Locker = ReturnType<typeof createLocker>;
