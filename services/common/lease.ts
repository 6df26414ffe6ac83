// Named leases in Redis: "only one process works on X at a time" for background loops (outbox
// shards, intake partitions) when several workers run. A lease is a key with a random token and a
// TTL, renewed by its holder; a holder that dies loses it after the TTL. Leases only avoid duplicate
// work: what must never happen twice is guarded by DynamoDB conditions or by idempotent consumers.
import type { Redis } from "ioredis";

// Renew if we hold it, else take it if free: one atomic step.
const HOLD = `local v = redis.call("get", KEYS[1])
if v == ARGV[1] then redis.call("pexpire", KEYS[1], ARGV[2]) return 1 end
if not v then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) return 1 end
return 0`;
const RELEASE =
  `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export function createLeases(redis: Redis, opts: { prefix: string; ttlMs: number }) {
  if (opts.ttlMs < 100) throw new Error("lease ttlMs must be at least 100 ms");
  const token = crypto.randomUUID();
  const key = (name: string) => `lease:${opts.prefix}:${name}`;
  return {
    /** Take or renew the lease on `name`; false while another process holds it (or Redis is down). */
    async hold(name: string): Promise<boolean> {
      try {
        return (await redis.eval(HOLD, 1, key(name), token, opts.ttlMs)) === 1;
      } catch {
        return false;
      }
    },
    async release(name: string): Promise<void> {
      await redis.eval(RELEASE, 1, key(name), token).catch(() => {});
    },
  };
}

export type Leases = ReturnType<typeof createLeases>;
