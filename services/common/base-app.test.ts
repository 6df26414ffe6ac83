import assert from "node:assert/strict";
import { Hono } from "hono";
import { withBaseDefaults } from "./base-app.ts";
import { createLogger } from "./logger.ts";

const down = () => Promise.reject(new Error("connection refused"));
const up = () => Promise.resolve();

function appWith(readiness: Parameters<typeof withBaseDefaults>[1]["readiness"]) {
  return withBaseDefaults(new Hono(), {
    name: "t-base",
    metricsPrefix: "t_base",
    log: createLogger("test", "silent"),
    readiness,
    health: () => ({ extra: true }),
    middleware: [async (c, next) => {
      await next();
      c.res.headers.set("x-edge", "1");
    }],
  });
}

Deno.test("base app: readiness is 503 only for a required check; degraded ones say so with 200", async () => {
  const cases = [
    [{ required: { dynamodb: up }, degraded: { redis: up } }, 200, "ready"],
    [{ required: { dynamodb: up }, degraded: { redis: down } }, 200, "degraded"],
    [{ required: { dynamodb: down }, degraded: { redis: up } }, 503, "not_ready"],
    [
      { degraded: { redis: up }, informational: { upstream: () => Promise.resolve("unreachable") } },
      200,
      "ready",
    ],
  ] as const;
  for (const [readiness, status, word] of cases) {
    const res = await appWith(readiness).request("/health/ready");
    assert.equal(res.status, status, word);
    const body = await res.json();
    assert.equal(body.status, word);
    if (word === "degraded") assert.match(body.checks.redis, /^degraded: connection refused/);
    if (word === "not_ready") assert.match(body.checks.dynamodb, /^error: connection refused/);
    if ("informational" in readiness) assert.equal(body.checks.upstream, "unreachable");
  }
  const withDetails = await appWith({ details: () => ({ breakers: { user: "open" } }) }).request(
    "/health/ready",
  );
  assert.deepEqual((await withDetails.json()).breakers, { user: "open" });
});

Deno.test("base app: process middleware runs for its own routes too; health carries the extras", async () => {
  const app = appWith({});
  const health = await app.request("/health");
  assert.equal(health.headers.get("x-edge"), "1");
  assert.ok(health.headers.get("x-request-id"));
  const body = await health.json();
  assert.equal(body.extra, true);
  assert.equal(body.service, "t-base");
  const missing = await app.request("/nowhere");
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).code, "ROUTE_NOT_FOUND");
  assert.equal(missing.headers.get("x-edge"), "1");
});
