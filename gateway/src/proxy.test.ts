import assert from "node:assert/strict";
import { forgeToken, rawServer, startGateway, startUpstream } from "./testing.ts";

Deno.test("proxy: strips /api/v1, streams body and query byte for byte, forwards identity and request id", async () => {
  const up = startUpstream();
  const gw = await startGateway({ USER_URL: up.url, ORDER_URL: up.url });
  try {
    const token = await forgeToken({ sub: "alice" });
    // A number JSON.parse would round: it must reach the service exactly as sent.
    const body = '{"amount": 12345678901234567890.123456789,  "note":"ünïcode"}';
    const res = await fetch(`${gw.url}/api/v1/balance/deposit?b=2&a=1&a=%20x`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        "X-Request-ID": "req-test-123",
        "X-User-ID": "mallory",
        "X-User-Role": "admin",
      },
      body,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-request-id"), "req-test-123");
    // Sent with the service's length, not re-chunked (docs/gateway.md § Performance).
    const answer = new Uint8Array(await res.arrayBuffer());
    assert.equal(res.headers.get("content-length"), String(answer.byteLength));
    assert.equal(res.headers.get("transfer-encoding"), null);
    const seen = up.seen.at(-1)!;
    assert.equal(new URL(seen.url).pathname + new URL(seen.url).search, "/balance/deposit?b=2&a=1&a=%20x");
    assert.equal(seen.body, body);
    assert.equal(seen.headers.get("authorization"), `Bearer ${token}`);
    assert.equal(seen.headers.get("x-user-id"), "alice", "identity comes from the token, not the client");
    assert.equal(seen.headers.get("x-user-role"), "customer");
    assert.equal(seen.headers.get("x-request-id"), "req-test-123");
  } finally {
    await gw.close();
    await up.close();
  }
});

Deno.test("proxy: invalid X-Request-ID is replaced by a generated one, sent upstream and returned", async () => {
  const up = startUpstream();
  const gw = await startGateway({ INVENTORY_URL: up.url });
  try {
    const res = await fetch(`${gw.url}/api/v1/inventory/assets`, {
      headers: { "X-Request-ID": "bad id with spaces" },
    });
    await res.body?.cancel();
    const id = res.headers.get("x-request-id")!;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(up.seen.at(-1)!.headers.get("x-request-id"), id);
  } finally {
    await gw.close();
    await up.close();
  }
});

Deno.test("proxy: unknown route → 404 problem; unconfigured or unreachable service → 503 problem", async () => {
  const dead = startUpstream();
  await dead.close();
  const gw = await startGateway({ USER_URL: dead.url });
  try {
    for (
      const [path, status, code] of [
        ["/api/v1/nope", 404, "ROUTE_NOT_FOUND"],
        ["/api/v1/inventory/assets", 503, "SERVICE_UNAVAILABLE"],
        ["/api/v1/auth/register", 503, "SERVICE_UNAVAILABLE"],
      ] as const
    ) {
      const res = await fetch(`${gw.url}${path}`, {
        method: path.endsWith("register") ? "POST" : "GET",
        body: path.endsWith("register") ? "{}" : undefined,
      });
      assert.equal(res.status, status, path);
      assert.match(res.headers.get("content-type")!, /application\/problem\+json/);
      const b = await res.json();
      assert.equal(b.code, code);
      assert.equal(typeof b.request_id, "string");
    }
  } finally {
    await gw.close();
  }
});

Deno.test("proxy: upstream 5xx body passes through; slow upstream → 504; big body → 413; admin rewrite", async () => {
  const up = startUpstream(async (s) => {
    if (s.url.includes("slow")) await new Promise((r) => setTimeout(r, 1500));
    if (s.url.includes("boom")) return new Response('{"detail":"kaput"}', { status: 500 });
    return Response.json({ path: new URL(s.url).pathname });
  });
  const gw = await startGateway({
    USER_URL: up.url,
    INVENTORY_URL: up.url,
    TIMEOUT_FAST_MS: "200",
    BODY_LIMIT_BYTES: "100",
    BREAKER_FAILURES: "50",
  });
  try {
    const boom = await fetch(`${gw.url}/api/v1/inventory/assets/boom`);
    assert.equal(boom.status, 500);
    assert.equal(await boom.text(), '{"detail":"kaput"}');

    const slow = await fetch(`${gw.url}/api/v1/inventory/assets/slow`);
    assert.equal(slow.status, 504);
    assert.equal((await slow.json()).code, "UPSTREAM_TIMEOUT");

    const big = await fetch(`${gw.url}/api/v1/auth/register`, { method: "POST", body: "x".repeat(500) });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).code, "PAYLOAD_TOO_LARGE");

    const admin = await fetch(`${gw.url}/api/v1/admin/inventory/assets/BTC`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${await forgeToken({ role: "admin" })}` },
      body: "{}",
    });
    assert.equal(admin.status, 200);
    assert.equal((await admin.json()).path, "/admin/assets/BTC");
  } finally {
    await gw.close();
    await up.close();
  }
});

Deno.test("proxy: health, readiness without optional services, metrics names, security headers, CORS", async () => {
  const gw = await startGateway({ CORS_ORIGINS: "http://app.example" });
  try {
    const health = await fetch(`${gw.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(health.headers.get("x-content-type-options"), "nosniff");
    assert.equal((await health.json()).redis, true);
    const ready = await fetch(`${gw.url}/health/ready`);
    assert.equal(ready.status, 200);
    const r = await ready.json();
    assert.equal(r.status, "ready");
    assert.equal(r.checks.order, "not_configured");

    await (await fetch(`${gw.url}/api/v1/unknown`)).body?.cancel();
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    for (
      const name of [
        "gateway_requests_total",
        "gateway_errors_total",
        "gateway_request_latency_seconds",
        "gateway_proxy_errors_total",
        "gateway_circuit_breaker_state",
        "gateway_rate_limit_rejections_total",
      ]
    ) {
      assert.ok(metrics.includes(name), name);
    }

    const pre = await fetch(`${gw.url}/api/v1/orders`, {
      method: "OPTIONS",
      headers: { Origin: "http://app.example", "Access-Control-Request-Method": "POST" },
    });
    await pre.body?.cancel();
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), "http://app.example");
    const evil = await fetch(`${gw.url}/health`, { headers: { Origin: "http://evil.example" } });
    await evil.body?.cancel();
    assert.equal(evil.headers.get("access-control-allow-origin"), null);
  } finally {
    await gw.close();
  }
});

Deno.test("proxy: dot segments that a client sends raw are refused, never resolved upstream", async () => {
  const up = startUpstream();
  const gw = await startGateway({ INVENTORY_URL: up.url });
  try {
    // fetch() would normalise these paths away, so speak HTTP/1.1 on a raw socket.
    for (
      const path of [
        "/api/v1/inventory/assets/%2E%2e",
        "/api/v1/inventory/assets/.%2e",
        "/api/v1/inventory/assets/.",
      ]
    ) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: gw.port });
      await conn.write(
        new TextEncoder().encode(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      );
      let raw = "";
      const buf = new Uint8Array(4096);
      for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
        raw += new TextDecoder().decode(buf.subarray(0, n));
      }
      conn.close();
      assert.match(raw, /^HTTP\/1\.1 400/, path);
    }
    assert.equal(up.seen.length, 0, "nothing reached the service");
  } finally {
    await gw.close();
    await up.close();
  }
});

Deno.test("proxy: an answer that breaks HTTP or carries a field Deno refuses → 503 problem, not a 500", async () => {
  const up = rawServer((req) => ({
    write: req.head.includes("/inventory/assets/bad-field")
      ? "HTTP/1.1 200 OK\r\nx-bad: a\0b\r\ncontent-length: 2\r\n\r\n{}"
      : "HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}",
    close: true,
  }));
  const gw = await startGateway({ INVENTORY_URL: up.url });
  try {
    for (const path of ["bad-field", "bad-length"]) {
      const res = await fetch(`${gw.url}/api/v1/inventory/assets/${path}`);
      assert.equal(res.status, 503, path);
      assert.equal((await res.json()).code, "SERVICE_UNAVAILABLE");
    }
  } finally {
    await gw.close();
    await up.close();
  }
});
