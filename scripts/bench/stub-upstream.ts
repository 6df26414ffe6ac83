// Benchmark stand-in for a service: verifies the bearer token exactly as services do (services/common
// requireAuth: HS256 + revocation check in Redis) and answers a small JSON, so "direct" and "through
// the gateway" differ only by the gateway. Usage: PORT=… JWT_SECRET=… REDIS_URL=… deno run -A stub-upstream.ts
import { Hono } from "hono";
import { type AuthVars, requireAuth } from "../../services/common/auth.ts";
import { baseConfigShape, loadConfig } from "../../services/common/config.ts";
import { createErrorHandler } from "../../services/common/errors.ts";
import { createTokens } from "../../services/common/jwt.ts";
import { createRedis } from "../../services/common/redis.ts";
import { createRevocationList } from "../../services/common/revocation.ts";

const cfg = loadConfig(baseConfigShape);
const redis = createRedis(cfg.REDIS_URL);
const app = new Hono<{ Variables: AuthVars }>();
app.onError(createErrorHandler());
app.get("/health", (c) => c.json({ status: "healthy" }));
app.get(
  "/balance",
  requireAuth(createTokens(cfg, createRevocationList(redis))),
  (c) =>
    c.json({ username: c.get("user").sub, current_balance: "1000.00", updated_at: "2026-01-01T00:00:00Z" }),
);
Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT")), onListen: () => {} }, app.fetch);
