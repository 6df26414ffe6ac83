// OWASP API8:2023 Security Misconfiguration: security headers (JSON answers: the OWASP REST set — CSP,
// nosniff, frame denial, HSTS; the HTML docs page: the full browser set incl. Permissions-Policy),
// `Cache-Control: no-store` on authenticated answers, Retry-After on 503s, and CORS that answers only
// allowed origins. Black-box (CORS_ORIGIN: an origin the deployment allows).
import assert from "node:assert/strict";
import { API, call, createUser, GATEWAY_URL } from "../helpers.ts";

const ALLOWED_ORIGIN = Deno.env.get("CORS_ORIGIN") ?? "http://localhost:3000";

Deno.test({
  name: "headers: REST set on JSON, browser set on /docs, no-store when authenticated, Retry-After on 503",
  ignore: !GATEWAY_URL,
  async fn() {
    const u = await createUser(API);
    const pub = await call(API, "GET", "/inventory/assets");
    const csp = pub.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(pub.headers.get("x-content-type-options"), "nosniff");
    assert.equal(pub.headers.get("x-frame-options"), "DENY");
    assert.match(pub.headers.get("strict-transport-security") ?? "", /max-age=\d+/);

    const docs = await fetch(`${GATEWAY_URL}/docs`);
    await docs.body?.cancel();
    assert.match(docs.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    assert.match(docs.headers.get("permissions-policy") ?? "", /camera=\(\)/);
    assert.equal(docs.headers.get("x-content-type-options"), "nosniff");
    assert.equal(docs.headers.get("referrer-policy"), "no-referrer");

    for (const path of ["/balance", "/auth/profile", "/orders", "/portfolio"]) {
      const res = await call(API, "GET", path, { token: u.token });
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      assert.equal(res.headers.get("cache-control"), "no-store", path);
    }
    assert.equal((await call(API, "GET", "/balance")).headers.get("cache-control"), "no-store", "401 too");

    const insights = await call(API, "GET", "/insights/portfolio", { token: u.token });
    assert.equal(insights.status, 503);
    assert.ok(Number(insights.headers.get("retry-after")) > 0, "Retry-After on 503 SERVICE_UNAVAILABLE");
  },
});

Deno.test({
  name: "CORS: an allowed origin is answered, any other origin gets no CORS grant",
  ignore: !GATEWAY_URL,
  async fn() {
    const preflight = (origin: string) =>
      fetch(`${API}/balance`, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "GET" },
      });
    const ok = await preflight(ALLOWED_ORIGIN);
    await ok.body?.cancel();
    assert.equal(ok.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
    const evil = await preflight("https://evil.example");
    await evil.body?.cancel();
    assert.equal(evil.headers.get("access-control-allow-origin"), null);
    const simple = await fetch(`${API}/inventory/assets`, { headers: { Origin: "https://evil.example" } });
    await simple.body?.cancel();
    assert.equal(simple.headers.get("access-control-allow-origin"), null);
  },
});
