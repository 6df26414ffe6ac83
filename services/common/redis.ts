// Redis client factory. Commands fail fast while disconnected (no unbounded offline queue),
// so callers can apply their documented fallback instead of hanging.
import { Redis } from "ioredis";

export type { Redis };

export function createRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
}

/** Readiness probe: fails at once while disconnected instead of waiting on the offline queue. */
export async function pingRedis(redis: Redis): Promise<void> {
  if (redis.status !== "ready") throw new Error(`redis ${redis.status}`);
  await redis.ping();
}
