import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createLogger } from "../services/common/logger.ts";
import { createRevocationList } from "../services/common/revocation.ts";
import { buildGatewayApp } from "./app.ts";
import { loadGatewayConfig } from "./config.ts";
import { mergeDocs, publicPath } from "./src/openapi.ts";
import { forgeToken, redisUrl, startUpstream, TEST_SECRET } from "./src/testing.ts";

Deno.test("gateway started while Redis is down: public routes served, limits per instance, readiness degraded", async () => {
  const up = startUpstream();
  const redis = new Redis("redis://127.0.0.1:1", {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  redis.on("error", () => {});
  const revocations = createRevocationList(redis);
  const cfg = loadGatewayConfig({
    JWT_SECRET: TEST_SECRET,
    INVENTORY_URL: up.url,
    USER_URL: up.url,
    LOG_LEVEL: "silent",
  });
  const app = buildGatewayApp({ cfg, redis, revocations, log: createLogger("t", "silent") });
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
    assert.equal(catalog.headers.get("RateLimit-Limit"), "10000", "limits decided in process");
    await catalog.body?.cancel();
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      body: '{"username":"a","password":"b"}',
    });
    assert.equal(login.status, 200, "login guard fails open too");
    await login.body?.cancel();

    // The revocation list was never loaded (no Redis since start): protected routes refuse rather than
    // accept a maybe-revoked token. (Once loaded, an outage is answered from memory: next test.)
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
    revocations.close();
    redis.disconnect();
  }
});

Deno.test("gateway losing Redis after start: protected routes keep working, revoked tokens stay refused", async () => {
  const up = startUpstream();
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 0 });
  redis.on("error", () => {});
  const revocations = createRevocationList(redis);
  try {
    const loaded = revocations.loaded();
    await redis.ping();
    await loaded;
    const cfg = loadGatewayConfig({ JWT_SECRET: TEST_SECRET, USER_URL: up.url, LOG_LEVEL: "silent" });
    const app = buildGatewayApp({ cfg, redis, revocations, log: createLogger("t", "silent") });
    const revoked = await forgeToken();
    const jti = JSON.parse(atob(revoked.split(".")[1].replaceAll("-", "+").replaceAll("_", "/"))).jti;
    await revocations.revoke(jti, Math.floor(Date.now() / 1000) + 3600);
    const get = async (token: string) => {
      const res = await app.request("/api/v1/balance", { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    };
    assert.equal((await get(revoked)).status, 401);

    redis.disconnect(); // the outage: this process's Redis connection is gone for good
    const fresh = await get(await forgeToken());
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    const refused = await get(revoked);
    assert.equal(refused.status, 401);
    assert.match(refused.body.detail, /revoked/);
    const ready = await app.request("/health/ready");
    assert.equal(ready.status, 200);
    assert.equal((await ready.json()).status, "degraded");
  } finally {
    await up.close();
    revocations.close();
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
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    "/api/v1/auth/login",
    "/api/v1/events", // local routes document themselves
    "/api/v1/events/ticket",
    "/api/v1/insights/portfolio",
    "/api/v1/orders",
    "/api/v1/ws",
  ]);
  // The services' schemas, and the gateway's own: the live event payload (from the outbox's zod schema).
  assert.deepEqual(Object.keys(doc.components.schemas).sort(), ["A", "B", "OrderEvent"]);
  const event = doc.components.schemas.OrderEvent as {
    required: string[];
    properties: Record<string, unknown>;
  };
  assert.ok(
    ["event_id", "type", "order_id", "order", "occurred_at"].every((k) => event.required.includes(k)),
  );
});
