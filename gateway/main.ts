// Gateway entrypoint (:8080): config → clients → app → serve. Not common/runtime.ts createRuntime: the
// gateway needs no DynamoDB, locks or idempotency store, and runs without JWT_SECRET when given a JWKS.
import { loadConfigOrExit } from "../services/common/config.ts";
import { createLogger } from "../services/common/logger.ts";
import { createRedis } from "../services/common/redis.ts";
import { createRevocationList } from "../services/common/revocation.ts";
import { serve } from "../services/common/service.ts";
import { buildGatewayApp } from "./app.ts";
import { loadGatewayConfig } from "./config.ts";

const cfg = loadConfigOrExit("gateway", () => loadGatewayConfig());
const log = createLogger("gateway", cfg.LOG_LEVEL);
const redis = createRedis(cfg.REDIS_URL);
// ioredis reconnects by itself; log instead of crashing so the gateway keeps serving without Redis.
redis.on("error", (err) => log.warn({ err: String(err) }, "redis error"));
const revocations = createRevocationList(redis, { log });
const stop = new AbortController();
const app = buildGatewayApp({ cfg, redis, log, revocations, signal: stop.signal });
log.info({ user: cfg.USER_URL, inventory: cfg.INVENTORY_URL, order: cfg.ORDER_URL }, "upstreams");
serve(app, cfg.HOST, cfg.PORT, log, () => {
  stop.abort();
  revocations.close();
  redis.disconnect();
});
