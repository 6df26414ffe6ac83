import assert from "node:assert/strict";
import { Hono } from "hono";
import { Redis } from "ioredis";
import { createErrorHandler } from "../../../services/common/errors.ts";
import type { AccessClaims } from "../../../services/common/jwt.ts";
import { createRedis } from "../../../services/common/redis.ts";
import type { Route } from "../../routes.ts";
import type { GatewayEnv } from "../env.ts";
import { redisUrl } from "../testing.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit.ts";

function appWith(opts: RateLimitOptions, ip: string, user?: string) {
  const app = new Hono<GatewayEnv>();
  app.onError(createErrorHandler());
  app.use(async (c, next) => {
    c.set("route", { rateLimit: "default" } as Route);
    c.set("clientIp", ip);
    if (user) c.set("identity", { sub: user } as AccessClaims);
    await next();
  });
  app.use(rateLimit(opts));
  app.get("/x", (c) => c.text("ok"));
  return app;
}

const groups = (ip: number, user: number) => ({
  default: { ip, user },
  write: { ip, user },
  auth: { ip, user },
});

for (const mode of ["redis", "local"] as const) {
  Deno.test(`rate limit (${mode} mode): N per window with 3N concurrent requests → exactly N pass, the rest 429 with headers`, async () => {
    const redis = createRedis(redisUrl());
    const stop = new AbortController();
    try {
      await redis.ping();
      const N = 7;
      const app = appWith({
        redis,
        mode,
        signal: stop.signal,
        windowSeconds: 60,
        groups: groups(N, 1000),
        keyPrefix: `t${crypto.randomUUID()}`,
      }, "192.0.2.1");
      const responses = await Promise.all(Array.from({ length: 3 * N }, () => app.request("/x")));
      const ok = responses.filter((r) => r.status === 200);
      const limited = responses.filter((r) => r.status === 429);
      assert.equal(ok.length, N);
      assert.equal(limited.length, 2 * N);
      for (const r of ok) {
        assert.equal(r.headers.get("RateLimit-Limit"), String(N));
        assert.equal(r.headers.get("X-RateLimit-Limit"), String(N));
        assert.ok(Number(r.headers.get("RateLimit-Remaining")) < N);
      }
      const remaining = ok.map((r) => Number(r.headers.get("RateLimit-Remaining"))).sort((a, b) => a - b);
      assert.deepEqual(remaining, Array.from({ length: N }, (_, i) => i), "each pass sees one fewer left");
      for (const r of limited) {
        assert.match(r.headers.get("content-type")!, /application\/problem\+json/);
        assert.equal(r.headers.get("RateLimit-Remaining"), "0");
        assert.equal(r.headers.get("X-RateLimit-Remaining"), "0");
        assert.ok(Number(r.headers.get("Retry-After")) >= 1);
        assert.ok(Number(r.headers.get("X-RateLimit-Reset")) > Date.now() / 1000);
        const b = await r.json();
        assert.equal(b.code, "RATE_LIMITED");
        assert.equal(b.status, 429);
      }
    } finally {
      stop.abort();
      redis.disconnect();
    }
  });
}

Deno.test("rate limit: per-user limit applies across IPs and reports the tighter limit", async () => {
  const redis = createRedis(redisUrl());
  try {
    await redis.ping();
    const opts = {
      redis,
      mode: "redis" as const,
      windowSeconds: 60,
      groups: groups(100, 2),
      keyPrefix: `t${crypto.randomUUID()}`,
    };
    const fromA = appWith(opts, "192.0.2.10", "erin");
    const fromB = appWith(opts, "192.0.2.11", "erin");
    assert.equal((await fromA.request("/x")).status, 200);
    const second = await fromB.request("/x");
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("RateLimit-Limit"), "2");
    assert.equal((await fromA.request("/x")).status, 429);
    // Another user on the same IP is unaffected.
    assert.equal((await appWith(opts, "192.0.2.10", "frank").request("/x")).status, 200);
  } finally {
    redis.disconnect();
  }
});

Deno.test("rate limit (redis mode): Redis unavailable → decided in process, the limit still holds", async () => {
  const down = new Redis("redis://127.0.0.1:1", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  let unavailable = 0;
  const app = appWith(
    {
      redis: down,
      mode: "redis",
      windowSeconds: 60,
      groups: groups(2, 100),
      onRedisUnavailable: () => unavailable++,
    },
    "192.0.2.2",
  );
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await app.request("/x")).status);
  assert.deepEqual(statuses, [200, 200, 429, 429]);
  assert.equal(unavailable, 4);
  down.disconnect();
});

Deno.test("rate limit: bad options fail when the middleware is built", () => {
  const redis = {} as Redis;
  assert.throws(() => rateLimit({ redis, windowSeconds: 0, groups: groups(1, 1) }), /windowSeconds/);
  assert.throws(() => rateLimit({ redis, windowSeconds: 60, groups: groups(0, 1) }), /limits/);
});
