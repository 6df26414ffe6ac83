// The user service when Redis goes down: reads keep working (revocation checked from the memory copy
// loaded while Redis was up, locks are skipped), logout — which needs Redis — answers 503 problem JSON,
// never 500 or a crash, and readiness says "degraded" (200: the service can serve), not "not ready".
import assert from "node:assert/strict";
import { createIdempotency } from "../common/idempotency.ts";
import { createAssetCache } from "../common/asset-cache.ts";
import { createLocker } from "../common/lock.ts";
import { createLogger } from "../common/logger.ts";
import { createRedis } from "../common/redis.ts";
import { createTokens } from "../common/jwt.ts";
import { createRevocationList } from "../common/revocation.ts";
import { requireAuth } from "../common/auth.ts";
import { TEST_JWT, testInfra } from "../common/testing.ts";
import { buildUserApp } from "./app.ts";
import { loadUserConfig } from "./config.ts";
import { seedFundedUser } from "./testing.ts";

Deno.test("user service with Redis down: balance reads and deposits work, logout is 503, readiness degraded", async () => {
  const infra = testInfra();
  // Its own connection to the suite's Redis, so this test can take "Redis" away from this app alone.
  const redis = createRedis(Deno.env.get("REDIS_URL")!);
  redis.on("error", () => {});
  const revocations = createRevocationList(redis);
  const loaded = revocations.loaded();
  await redis.ping();
  await loaded;
  redis.disconnect(); // the outage
  try {
    const cfg = loadUserConfig({ ...TEST_JWT, JWT_EXPIRES_SECONDS: "3600", TABLE_NAME: infra.table });
    const log = createLogger("test", "silent");
    const tokens = createTokens(cfg, revocations);
    const app = buildUserApp({
      cfg,
      doc: infra.doc,
      redis,
      log,
      tokens,
      auth: requireAuth(tokens),
      locker: createLocker(redis, log),
      idem: createIdempotency(infra.doc, infra.table),
      assets: createAssetCache({ doc: infra.doc, table: infra.table, ttlMs: 0 }),
    });
    const username = `redisdown_${crypto.randomUUID().slice(0, 8)}`;
    await seedFundedUser(infra.doc, infra.table, username, "0");
    const { token } = await tokens.issue(username, "customer");
    const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };

    const dep = await app.request("/balance/deposit", {
      method: "POST",
      headers: auth,
      body: '{"amount": 5}',
    });
    assert.equal(dep.status, 201, await dep.clone().text());
    const bal = await app.request("/balance", { headers: auth });
    assert.equal((await bal.json()).current_balance, "5.00");

    const out = await app.request("/auth/logout", { method: "POST", headers: auth, body: "{}" });
    assert.equal(out.status, 503, await out.clone().text());
    assert.equal(out.headers.get("retry-after"), "5");
    assert.equal((await out.json()).code, "REVOCATION_UNAVAILABLE");

    const ready = await app.request("/health/ready");
    assert.equal(ready.status, 200);
    const body = await ready.json();
    assert.equal(body.status, "degraded");
    assert.equal(body.checks.dynamodb, "ok");
    assert.match(body.checks.redis, /^degraded/);
  } finally {
    revocations.close();
    redis.disconnect();
    infra.close();
  }
});
