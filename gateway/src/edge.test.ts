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
    assert.equal(r.headers.get("x-frame-options"), "DENY", path);
    assert.equal(r.headers.get("access-control-allow-origin"), "http://app.example", path);
    assert.match(r.headers.get("access-control-expose-headers")!, /RateLimit-Remaining/, path);
    assert.match(r.headers.get("vary")!, /Origin/, path);
    assert.doesNotMatch(r.headers.get("x-content-type-options")!, /,/, `${path}: set once`);
  }
  const evil = await app.request("/own", { headers: { Origin: "http://evil.example" } });
  assert.equal(evil.headers.get("access-control-allow-origin"), null);
  // Not a cross-origin request: no CORS grant to expose; Vary still tells caches the answer may differ.
  const plain = await app.request("/own");
  assert.equal(plain.headers.get("access-control-expose-headers"), null);
  assert.equal(plain.headers.get("vary"), "Origin");
  const pre = await app.request("/own", {
    method: "OPTIONS",
    headers: { ...origin, "Access-Control-Request-Method": "POST" },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "http://app.example");
  assert.match(pre.headers.get("access-control-allow-headers")!, /Idempotency-Key/);
  assert.equal(pre.headers.get("x-content-type-options"), "nosniff");
});

Deno.test("edge: JSON answers get the REST set only, the HTML docs page the full browser set", async () => {
  const cfg = loadGatewayConfig({ JWT_SECRET: TEST_SECRET });
  const app = new Hono<GatewayEnv>();
  for (const m of edgeMiddleware(cfg)) app.use(m);
  app.get("/api", (c) => c.json({ ok: true }));
  app.get("/docs", (c) => c.html("<p>docs</p>"));
  const api = await app.request("/api");
  const names = [...api.headers.keys()].sort();
  assert.deepEqual(names, [
    "content-security-policy",
    "content-type",
    "strict-transport-security",
    "vary",
    "x-content-type-options",
    "x-frame-options",
  ]);
  assert.match(api.headers.get("content-security-policy")!, /default-src 'none'; frame-ancestors 'none'/);
  const docs = await app.request("/docs");
  for (const [name, value] of SECURITY_HEADERS) assert.equal(docs.headers.get(name), value, name);
  assert.match(docs.headers.get("content-security-policy")!, /default-src 'self'/);
  assert.match(docs.headers.get("permissions-policy")!, /camera=\(\)/);
});
