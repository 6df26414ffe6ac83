// The clients every service process builds at start-up, in one place (ServiceDefaults-style):
// logger, DynamoDB, Redis, revocation list, token verifier, per-user locks and idempotency store.
import { type AssetLookup, createAssetCache } from "./asset-cache.ts";
import type { BaseConfig } from "./config.ts";
import { createDocClient } from "./dynamo.ts";
import { createIdempotency } from "./idempotency.ts";
import { createLocker } from "./lock.ts";
import { createLogger } from "./logger.ts";
import { createRedis } from "./redis.ts";
import { createTokens } from "./jwt.ts";
import { createRevocationList } from "./revocation.ts";
import { requireAuth } from "./auth.ts";

export function createRuntime(name: string, cfg: BaseConfig & { IDEMPOTENCY_WAIT_MS?: number }) {
  const log = createLogger(name, cfg.LOG_LEVEL);
  const doc = createDocClient(cfg);
  const redis = createRedis(cfg.REDIS_URL);
  redis.on("error", (err) => log.warn({ err: String(err) }, "redis connection error"));
  const revocations = createRevocationList(redis, { log });
  const tokens = createTokens(cfg, revocations);
  return {
    log,
    doc,
    redis,
    tokens,
    /** Middleware of every protected route: a verified bearer token (revocation checked). */
    auth: requireAuth(tokens, { checkRevoked: cfg.REVOCATION_CHECK }),
    locker: createLocker(redis, log),
    idem: createIdempotency(doc, cfg.TABLE_NAME, cfg.IDEMPOTENCY_WAIT_MS),
    /** Release connections on shutdown. */
    close: () => {
      revocations.close();
      redis.disconnect();
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;

/** The process's asset cache (services/common/asset-cache.ts) on a Redis connection of its own. */
export function createRuntimeAssetCache(rt: Pick<Runtime, "doc" | "log">, cfg: BaseConfig): AssetLookup {
  return createAssetCache({
    doc: rt.doc,
    table: cfg.TABLE_NAME,
    subscriber: createRedis(cfg.REDIS_URL, "subscriber"),
    ttlMs: cfg.ASSET_CACHE_MS,
    log: rt.log,
  });
}

/** What every service's routes get from its runtime (tests may build their own). */
export type ServiceDeps = Omit<Runtime, "close">;
