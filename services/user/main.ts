// User service entrypoint (:8000): config → clients → app → serve.
import { createDocClient, createDynamoClient } from "../common/dynamo.ts";
import { createIdempotency } from "../common/idempotency.ts";
import { createLocker } from "../common/lock.ts";
import { createLogger } from "../common/logger.ts";
import { createRedis } from "../common/redis.ts";
import { createTokens } from "../common/jwt.ts";
import { serve } from "../common/service.ts";
import { buildUserApp } from "./app.ts";
import { loadUserConfig } from "./config.ts";

const cfg = loadUserConfig();
const log = createLogger("user-service", cfg.LOG_LEVEL);
const dynamo = createDynamoClient(cfg);
const doc = createDocClient(dynamo);
const redis = createRedis(cfg.REDIS_URL);
const app = buildUserApp({
  cfg,
  doc,
  redis,
  log,
  tokens: createTokens(cfg, redis),
  locker: createLocker(redis, log),
  idem: createIdempotency(doc, cfg.TABLE_NAME, cfg.IDEMPOTENCY_WAIT_MS),
});
serve(app, cfg.HOST, cfg.PORT, log, () => {
  redis.disconnect();
  dynamo.destroy();
});
