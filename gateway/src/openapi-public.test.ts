import assert from "node:assert/strict";
import type { Document } from "../../services/common/openapi-doc.ts";
import { completePublicDocument, routeFor } from "./openapi-public.ts";

Deno.test("openapi-public: a public path finds its route-table entry (params by shape, admin by prefix)", () => {
  assert.equal(routeFor("/api/v1/orders/{order_id}", "get")?.path, "/orders/:id");
  assert.equal(routeFor("/api/v1/auth/login", "post")?.login, true);
  assert.equal(routeFor("/api/v1/admin/inventory/assets/{asset_id}/price", "put")?.access, "admin");
  assert.equal(routeFor("/api/v1/nowhere", "get"), undefined);
});

Deno.test("openapi-public: operations get security, access, gateway errors and rate-limit headers", () => {
  const doc = completePublicDocument<Document>({
    paths: {
      "/api/v1/auth/login": { post: { requestBody: {}, responses: { 200: { description: "ok" } } } },
      "/api/v1/admin/inventory/assets/{asset_id}": { patch: { responses: {} } },
      "/api/v1/inventory/assets": { get: { responses: {} } },
      "/api/v1/insights/portfolio": { get: { responses: {} } },
    },
  });
  const login = doc.paths!["/api/v1/auth/login"].post;
  assert.deepEqual(login.security, []);
  assert.equal(login["x-access"], "public");
  const r429 = login.responses!["429"] as {
    headers: Record<string, unknown>;
    content: Record<string, never>;
  };
  assert.ok(r429.content["application/problem+json"]);
  assert.deepEqual(
    Object.keys((r429.content["application/problem+json"] as { examples: object }).examples),
    ["RATE_LIMITED", "LOGIN_BLOCKED"],
  );
  assert.ok(r429.headers["Retry-After"] && r429.headers["RateLimit-Limit"] && r429.headers["X-Request-ID"]);
  assert.ok(login.responses!["413"] && !login.responses!["401"]);
  const admin = doc.paths!["/api/v1/admin/inventory/assets/{asset_id}"].patch;
  assert.deepEqual(admin.security, [{ bearerAuth: ["admin"] }]);
  for (const s of ["400", "401", "403", "413", "429", "503", "504"]) assert.ok(admin.responses![s], s);
  assert.ok(!doc.paths!["/api/v1/inventory/assets"].get.responses!["413"], "no body limit on a GET");
  // Answered by the gateway itself: no upstream, so no timeout or breaker codes.
  const insights = doc.paths!["/api/v1/insights/portfolio"].get;
  assert.equal(insights["x-answered-by"], "gateway");
  assert.ok(insights.responses!["401"] && insights.responses!["503"] && !insights.responses!["504"]);
});
