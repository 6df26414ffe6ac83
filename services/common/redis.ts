// Redis client factory. Commands fail fast while disconnected (no unbounded offline queue),
// so callers can apply their documented fallback instead of hanging. Each connection reports
// whether it is up (`redis_connection_up{connection}`), which the "Redis unavailable" alert reads.
import { Redis } from "ioredis";
import client from "prom-client";
import { registry } from "./metrics.ts";

export type { Redis };

const up = new client.Gauge({
  name: "redis_connection_up",
  help: "1 while this process's Redis connection is ready, 0 while it is down",
  labelNames: ["connection"],
  registers: [registry],
});

/** `connection` names the client in metrics: "main", or e.g. "subscriber" for a Pub/Sub connection. */
export function createRedis(url: string, connection = "main"): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  up.set({ connection }, 0);
  redis.on("ready", () => up.set({ connection }, 1));
  redis.on("close", () => up.set({ connection }, 0));
  return redis;
}

/** Readiness probe: fails at once while disconnected instead of waiting on the offline queue. */
export async function pingRedis(redis: Redis): Promise<void> {
  if (redis.status !== "ready") throw new Error(`redis ${redis.status}`);
  await redis.ping();
}
