import assert from "node:assert/strict";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { createErrorHandler } from "../../services/common/errors.ts";
import { loadGatewayConfig } from "../config.ts";
import { edgeMiddleware, SECURITY_HEADERS } from "./edge.ts";
import type { GatewayEnv } from "./env.ts";
import { TEST_SECRET } from "./testing.ts";

Deno.test("edge: the security header list is exactly Hono's secureHeaders() defaults", async () => {
  const hono = await new Hono().use(secureHeaders()).get("/", (c) => c.text("x")).request("/");
  const expected = [...hono.headers].filter(([n]) => n !== "content-type").sort();
  const ours = SECURITY_HEADERS.map(([n, v]) => [n.toLowerCase(), v]).sort();
  assert.deepEqual(ours, expected);
});

Deno.test("edge: headers on a handler's own answer, an error and a proxy-built one (applied once)", async () => {
  const cfg = loadGatewayConfig({ JWT_SECRET: TEST_SECRET, CORS_ORIGINS: "http://app.example" });
  const app = new Hono<GatewayEnv>();
  app.onError(createErrorHandler());
  for (const m of edgeMiddleware(cfg)) app.use(m);
  app.get("/own", (c) => c.json({ ok: true }));
  app.get("/boom", () => {
    throw new Error("x");
  });
  app.get("/proxied", (c) => {
    c.set("headersApplied", true);
    return new Response("x", { headers: [...c.get("responseHeaders"), ["Vary", "Accept"]] });
  });
  const origin = { Origin: "http://app.example" };
  for (const path of ["/own", "/boom", "/proxied"]) {
    const r = await app.request(path, { headers: origin });
    await r.body?.cancel();
    assert.equal(r.headers.get("x-frame-options"), "SAMEORIGIN", path);
    assert.equal(r.headers.get("access-control-allow-origin"), "http://app.example", path);
    assert.match(r.headers.get("access-control-expose-headers")!, /RateLimit-Remaining/, path);
    assert.match(r.headers.get("vary")!, /Origin/, path);
    assert.doesNotMatch(r.headers.get("x-content-type-options")!, /,/, `${path}: set once`);
  }
  const evil = await app.request("/own", { headers: { Origin: "http://evil.example" } });
  assert.equal(evil.headers.get("access-control-allow-origin"), null);
  const pre = await app.request("/own", {
    method: "OPTIONS",
    headers: { ...origin, "Access-Control-Request-Method": "POST" },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "http://app.example");
  assert.match(pre.headers.get("access-control-allow-headers")!, /Idempotency-Key/);
  assert.equal(pre.headers.get("x-content-type-options"), "nosniff");
});
