// The user service when Redis is down: reads keep working (revocation check fails open, locks are
// skipped), logout — which needs Redis — answers 503 problem JSON, never 500 or a crash.
import assert from "node:assert/strict";
import { createIdempotency } from "../common/idempotency.ts";
import { createLocker } from "../common/lock.ts";
import { createLogger } from "../common/logger.ts";
import { createRedis } from "../common/redis.ts";
import { createTokens } from "../common/jwt.ts";
import { requireAuth } from "../common/auth.ts";
import { TEST_JWT, testInfra } from "../common/testing.ts";
import { buildUserApp } from "./app.ts";
import { loadUserConfig } from "./config.ts";
import { createUser } from "./store/users.ts";

Deno.test("user service with Redis down: balance reads and deposits work, logout is 503, readiness fails", async () => {
  const infra = testInfra();
  const deadRedis = createRedis("redis://127.0.0.1:1"); // nothing listens on port 1
  deadRedis.on("error", () => {});
  try {
    const cfg = loadUserConfig({ ...TEST_JWT, JWT_EXPIRES_SECONDS: "3600", TABLE_NAME: infra.table });
    const log = createLogger("test", "silent");
    const tokens = createTokens(cfg, deadRedis);
    const app = buildUserApp({
      cfg,
      doc: infra.doc,
      redis: deadRedis,
      log,
      tokens,
      auth: requireAuth(tokens),
      locker: createLocker(deadRedis, log),
      idem: createIdempotency(infra.doc, infra.table),
    });
    const username = `redisdown_${crypto.randomUUID().slice(0, 8)}`;
    const now = new Date().toISOString();
    await createUser(infra.doc, infra.table, {
      username,
      email: `${username}@example.com`,
      password_hash: "x",
      first_name: "R",
      last_name: "D",
      phone: "",
      date_of_birth: null,
      marketing_emails_consent: false,
      role: "customer",
      created_at: now,
      updated_at: now,
    });
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
    assert.equal((await out.json()).code, "DEPENDENCY_UNAVAILABLE");

    const ready = await app.request("/health/ready");
    assert.equal(ready.status, 503);
  } finally {
    deadRedis.disconnect();
    infra.close();
  }
});
