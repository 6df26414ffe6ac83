import assert from "node:assert/strict";
import { createService } from "./service.ts";
import { createLogger } from "./logger.ts";
import { ApiError } from "./errors.ts";

const quiet = createLogger("test", "silent");

Deno.test("createService: request id echoed or generated; problem JSON for 404, ApiError and crashes", async () => {
  const app = createService({ name: "t-service", metricsPrefix: "t_svc", log: quiet, checks: {} });
  app.get("/boom", () => {
    throw new TypeError("secret internal detail at db.ts:42");
  });
  app.post("/echo", async (c) => c.json(await c.req.json()));
  app.get("/nope", () => {
    throw new ApiError(409, "SOME_CONFLICT", "conflicting", { headers: { "Retry-After": "1" } });
  });

  const echoed = await app.request("/health", { headers: { "X-Request-ID": "abc-123" } });
  assert.equal(echoed.headers.get("x-request-id"), "abc-123");
  const generated = await app.request("/health", { headers: { "X-Request-ID": "bad id with spaces" } });
  assert.match(generated.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);

  const missing = await app.request("/no/such/route");
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("content-type"), "application/problem+json");
  const body = await missing.json();
  assert.equal(body.code, "ROUTE_NOT_FOUND");
  assert.equal(body.request_id, missing.headers.get("x-request-id"));

  const crash = await app.request("/boom");
  assert.equal(crash.status, 500);
  const text = await crash.text();
  assert.doesNotMatch(text, /secret|TypeError|db\.ts/);
  assert.equal(JSON.parse(text).code, "INTERNAL_ERROR");

  const big = await app.request("/echo", { method: "POST", body: JSON.stringify({ x: "a".repeat(70_000) }) });
  assert.equal(big.status, 413);
  assert.equal((await big.json()).code, "PAYLOAD_TOO_LARGE");

  const conflict = await app.request("/nope");
  assert.equal(conflict.status, 409);
  assert.equal(conflict.headers.get("retry-after"), "1");
  assert.equal((await conflict.json()).detail, "conflicting");
});

Deno.test("createService: metrics use route templates; readiness reflects failing checks", async () => {
  const app = createService({
    name: "t2-service",
    metricsPrefix: "t2_svc",
    log: quiet,
    checks: { ok: () => Promise.resolve(), broken: () => Promise.reject(new Error("connection refused")) },
  });
  app.get("/items/:id", (c) => c.json({ id: c.req.param("id") }));
  await app.request("/items/1");
  await app.request("/items/2");
  const metrics = await (await app.request("/metrics")).text();
  assert.match(metrics, /t2_svc_requests_total\{method="GET",endpoint="\/items\/:id",status_code="200"\} 2/);
  assert.doesNotMatch(metrics, /endpoint="\/items\/1"/);

  const ready = await app.request("/health/ready");
  assert.equal(ready.status, 503);
  const body = await ready.json();
  assert.equal(body.checks.ok, "ok");
  assert.match(body.checks.broken, /connection refused/);
  assert.equal((await app.request("/health")).status, 200, "liveness does not depend on checks");
});
