// Operability of the running user service: health, readiness, metrics, OpenAPI and docs.
import assert from "node:assert/strict";
import { call, createUser, skipInBlackBox, USER_URL as API } from "../helpers.ts";

Deno.test("ops: health, readiness (DynamoDB + Redis), metrics by route template, OpenAPI and docs", {
  ignore: skipInBlackBox("reads the user service's own /health/ready, /metrics and /docs"),
}, async () => {
  const health = await call(API, "GET", "/health");
  assert.equal(health.status, 200);
  assert.equal(health.body.status, "healthy");
  const ready = await call(API, "GET", "/health/ready");
  assert.equal(ready.status, 200, ready.text);
  assert.deepEqual(ready.body.checks, { dynamodb: "ok", redis: "ok" });

  const u = await createUser(API);
  await call(API, "GET", "/balance", { token: u.token });
  const metrics = await (await fetch(`${API}/metrics`)).text();
  assert.match(metrics, /user_requests_total\{method="GET",endpoint="\/balance",status_code="200"\} \d+/);
  assert.match(
    metrics,
    /user_request_latency_seconds_bucket\{le="0\.005",method="POST",endpoint="\/auth\/login"\}/,
  );
  assert.match(metrics, /lock_wait_seconds/);

  const spec = await call<{ openapi: string; paths: Record<string, unknown> }>(API, "GET", "/openapi.json");
  assert.equal(spec.status, 200);
  assert.equal(spec.body.openapi, "3.1.0");
  for (
    const p of [
      "/auth/register",
      "/auth/login",
      "/auth/profile",
      "/auth/logout",
      "/balance",
      "/balance/deposit",
      "/balance/withdraw",
      "/balance/transactions",
    ]
  ) {
    assert.ok(p in spec.body.paths, `${p} documented`);
  }
  const docs = await fetch(`${API}/docs`);
  assert.equal(docs.status, 200);
  assert.match(await docs.text(), /openapi\.json/);
});
