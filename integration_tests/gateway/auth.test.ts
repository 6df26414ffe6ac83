// Through the running gateway (GATEWAY_URL): docs/compatibility.md test_gateway_auth plus the token cases
// the rewrite adds (tampered, expired, alg none, wrong issuer, revoked after logout) and RBAC.
import assert from "node:assert/strict";
import { assertProblem, call, createUser, needsAdmin, uniqueName } from "../helpers.ts";
import { newAdmin } from "../orders/support.ts";
import { forgeToken, noneToken, tamper } from "../../gateway/src/testing.ts";

const GATEWAY_URL = Deno.env.get("GATEWAY_URL") ?? "http://127.0.0.1:8080";
const API = `${GATEWAY_URL}/api/v1`;

// Every protected route of the route table (upstream's auth test touched these too).
const PROTECTED: [string, string, unknown?][] = [
  ["GET", "/auth/profile"],
  ["PUT", "/auth/profile", {}],
  ["GET", "/balance"],
  ["GET", "/balance/transactions"],
  ["POST", "/balance/deposit", {}],
  ["POST", "/balance/withdraw", {}],
  ["POST", "/auth/logout", {}],
  ["GET", "/portfolio"],
  ["GET", "/balance/asset/BTC"],
  ["GET", "/orders"],
  ["POST", "/orders", {}],
  ["GET", "/orders/order_id"],
  ["DELETE", "/orders/order_id"],
  ["GET", "/assets/BTC/transactions"],
  ["GET", "/insights/portfolio"],
  ["PUT", "/admin/inventory/assets/BTC", {}],
  ["PUT", "/admin/inventory/assets/BTC/price", {}],
];

Deno.test("gateway auth matrix: every protected route → 401 without a token and with a bad one", async () => {
  for (const [method, path, json] of PROTECTED) {
    assertProblem(await call(API, method, path, { json }), 401);
    assertProblem(await call(API, method, path, { json, token: "invalid_token_12345" }), 401);
  }
});

Deno.test("insights (no such service; answered by the gateway): authenticated → 503 problem JSON, as upstream without its key", async () => {
  const u = await createUser(API);
  assertProblem(
    await call(API, "GET", "/insights/portfolio", { token: u.token }),
    503,
    "SERVICE_UNAVAILABLE",
  );
});

Deno.test("gateway auth matrix: malformed Authorization headers → 401", async () => {
  for (
    const header of [
      "InvalidScheme token123",
      "Bearer",
      "token_without_bearer",
      "Bearer  two spaces",
      "bearer x",
    ]
  ) {
    const res = await call(API, "GET", "/auth/profile", { headers: { Authorization: header } });
    assertProblem(res, 401);
  }
});

Deno.test("gateway auth matrix: public routes are not 401 (with or without a bad token)", async () => {
  for (const token of [undefined, "invalid_token_12345"]) {
    for (const path of ["/auth/login", "/auth/register"]) {
      const res = await call(API, "POST", path, { json: {}, token });
      assert.notEqual(res.status, 401, `${path}: ${res.text}`);
    }
    for (const path of ["/inventory/assets", "/inventory/assets/BTC"]) {
      const res = await call(API, "GET", path, { token });
      assert.notEqual(res.status, 401, `${path}: ${res.text}`);
    }
  }
});

Deno.test("gateway auth: tampered, expired, alg none, wrong issuer, wrong audience tokens → 401", async () => {
  const user = await createUser(API);
  assert.equal((await call(API, "GET", "/auth/profile", { token: user.token })).status, 200);
  const bad = {
    tampered: tamper(user.token),
    expired: await forgeToken({ sub: user.username, expired: true }),
    algNone: noneToken(user.username),
    wrongIssuer: await forgeToken({ sub: user.username, issuer: "evil-issuer" }),
    wrongAudience: await forgeToken({ sub: user.username, audience: "evil-api" }),
  };
  for (const [name, token] of Object.entries(bad)) {
    const res = await call(API, "GET", "/auth/profile", { token });
    assertProblem(res, 401);
    assert.equal((res.body as { code: string }).code, "AUTH_INVALID_TOKEN", name);
  }
});

Deno.test("gateway auth: the token is revoked by logout → 401 afterwards", async () => {
  const user = await createUser(API);
  const out = await call(API, "POST", "/auth/logout", {
    token: user.token,
    json: { access_token: user.token },
  });
  assert.equal(out.status, 200, out.text);
  const after = await call(API, "GET", "/balance", { token: user.token });
  assertProblem(after, 401);
  assert.match((after.body as { detail: string }).detail, /revoked/);
});

Deno.test("gateway rbac: a customer on admin routes → 403; identity headers cannot be spoofed", async () => {
  const user = await createUser(API);
  for (const [method, path, json] of PROTECTED.filter(([, p]) => p.startsWith("/admin"))) {
    assertProblem(await call(API, method, path, { token: user.token, json }), 403, "FORBIDDEN");
  }
  const spoof = await call(API, "PUT", "/admin/inventory/assets/BTC/price", {
    token: user.token,
    json: {},
    headers: { "X-User-Role": "admin", "X-User-ID": "admin" },
  });
  assertProblem(spoof, 403);
});

Deno.test("gateway: unknown route → 404 problem; request id accepted, returned; generated when absent", async () => {
  assertProblem(await call(API, "GET", "/definitely/not/here"), 404, "ROUTE_NOT_FOUND");
  const id = uniqueName("req");
  const res = await call(API, "GET", "/inventory/assets", { headers: { "X-Request-ID": id } });
  assert.equal(res.headers.get("x-request-id"), id);
  const gen = await call(API, "GET", "/auth/profile");
  assert.ok(gen.headers.get("x-request-id"));
  assert.equal((gen.body as { request_id: string }).request_id, gen.headers.get("x-request-id"));
});

Deno.test("gateway: login and a read through the gateway work end to end", async () => {
  const user = await createUser(API);
  const res = await call(API, "GET", "/auth/profile", { token: user.token });
  assert.equal(res.status, 200, res.text);
  assert.equal((res.body as { username: string }).username, user.username);
  const health = await call(GATEWAY_URL, "GET", "/health");
  assert.equal(health.status, 200);
  assert.equal((health.body as { status: string }).status, "healthy");
});

Deno.test("gateway: /openapi.json merges the services' documents under /api/v1; /docs renders it", async () => {
  const doc = await call<{ paths: Record<string, unknown> }>(GATEWAY_URL, "GET", "/openapi.json");
  assert.equal(doc.status, 200);
  assert.ok(doc.body.paths["/api/v1/auth/login"], Object.keys(doc.body.paths).join(", "));
  assert.ok(doc.body.paths["/api/v1/balance"]);
  const docs = await call(GATEWAY_URL, "GET", "/docs");
  assert.equal(docs.status, 200);
  assert.match(docs.headers.get("content-type") ?? "", /text\/html/);
});

const adminCall = (token: string) =>
  call(API, "PUT", "/admin/inventory/assets/BTC/price", { token, json: {} }); // {} → 422, price unchanged

Deno.test("gateway rbac: a role in the registration body is ignored (still a customer → 403)", async () => {
  const sneaky = await createUser(API, { role: "admin" });
  assertProblem(await adminCall(sneaky.token), 403);
});

Deno.test("gateway rbac: an admin made by scripts/admin.ts (never by a request) passes admin routes", {
  ignore: needsAdmin("needs an admin account"),
}, async () => {
  // newAdmin promotes a fresh user with scripts/admin.ts (or, black-box, logs in the given admin).
  const admin = await newAdmin();
  const res = await adminCall(admin.token);
  assert.ok(![401, 403].includes(res.status), `admin refused: ${res.status} ${res.text}`);
});
