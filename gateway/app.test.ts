import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createLogger } from "../services/common/logger.ts";
import { buildGatewayApp } from "./app.ts";
import { loadGatewayConfig } from "./config.ts";
import { mergeDocs, publicPath } from "./src/openapi.ts";
import { forgeToken, startUpstream, TEST_SECRET } from "./src/testing.ts";

Deno.test("gateway with Redis down: keeps serving public routes, limits fail open, readiness degraded", async () => {
  const up = startUpstream();
  const redis = new Redis("redis://127.0.0.1:1", {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  redis.on("error", () => {});
  const cfg = loadGatewayConfig({
    JWT_SECRET: TEST_SECRET,
    INVENTORY_URL: up.url,
    USER_URL: up.url,
    LOG_LEVEL: "silent",
  });
  const app = buildGatewayApp({ cfg, redis, log: createLogger("t", "silent") });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const url = `http://127.0.0.1:${server.addr.port}`;
  try {
    const health = await (await fetch(`${url}/health`)).json();
    assert.equal(health.redis, false);
    const ready = await fetch(`${url}/health/ready`);
    assert.equal(ready.status, 200);
    const r = await ready.json();
    assert.equal(r.status, "degraded");
    assert.equal(r.checks.inventory, "ok");

    const catalog = await fetch(`${url}/api/v1/inventory/assets`);
    assert.equal(catalog.status, 200, "public route served without Redis");
    assert.equal(catalog.headers.get("RateLimit-Limit"), null, "limits skipped (fail open)");
    await catalog.body?.cancel();
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      body: '{"username":"a","password":"b"}',
    });
    assert.equal(login.status, 200, "login guard fails open too");
    await login.body?.cancel();

    // Revocation cannot be checked: protected routes refuse rather than accept a maybe-revoked token.
    const res = await fetch(`${url}/api/v1/balance`, {
      headers: { Authorization: `Bearer ${await forgeToken()}` },
    });
    assert.equal(res.status, 503);
    assert.equal((await res.json()).code, "AUTH_UNAVAILABLE");
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /gateway_rate_limit_fail_open_total \d+/);
  } finally {
    await server.shutdown();
    await up.close();
    redis.disconnect();
  }
});

Deno.test("config: bad values fail at start naming the variable; a secret or JWKS is required", () => {
  assert.throws(() => loadGatewayConfig({ JWT_SECRET: TEST_SECRET, USER_URL: "not a url" }), /USER_URL/);
  assert.throws(
    () => loadGatewayConfig({ JWT_SECRET: TEST_SECRET, BREAKER_FAILURES: "0" }),
    /BREAKER_FAILURES/,
  );
  assert.throws(() => loadGatewayConfig({}), /JWT_SECRET/);
  const cfg = loadGatewayConfig({ JWT_SECRET: TEST_SECRET, TRUSTED_PROXIES: "loopback, 10.0.0.0/8" });
  assert.deepEqual(cfg.TRUSTED_PROXIES, ["loopback", "10.0.0.0/8"]);
  assert.equal(cfg.PORT, 8080);
  assert.throws(
    () =>
      buildGatewayApp({
        cfg: { ...cfg, TRUSTED_PROXIES: ["bogus"] },
        redis: {} as Redis,
        log: createLogger("t", "silent"),
      }),
    /TRUSTED_PROXIES/,
  );
});

Deno.test("docs: services' OpenAPI documents merge under the public paths", () => {
  assert.equal(publicPath("user", "/auth/login"), "/api/v1/auth/login");
  assert.equal(publicPath("inventory", "/admin/assets/{id}"), "/api/v1/admin/inventory/assets/{id}");
  const doc = mergeDocs({
    user: {
      paths: { "/auth/login": { post: {} }, "/health": { get: {} } },
      components: { schemas: { A: {} } },
    },
    order: { paths: { "/orders": { get: {} } }, components: { schemas: { B: {} } } },
  });
  // Plus the operations the gateway answers for a service not deployed (insights: 503).
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    "/api/v1/auth/login",
    "/api/v1/insights/portfolio",
    "/api/v1/orders",
  ]);
  assert.deepEqual(Object.keys(doc.components.schemas).sort(), ["A", "B"]);
});
