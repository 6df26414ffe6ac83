// OWASP API4:2023 Unrestricted Resource Consumption: oversized bodies, paths and headers, and clients
// that stall their body, are refused with a 4xx — problem JSON wherever the application answers.
// A 64 KB request line or a NUL / 100 KB header is refused by Deno's HTTP server itself before any
// application code runs: 400 with an empty body and `Connection: close` (it offers no hook to shape
// that answer; docs/gateway.md § Limits). Black-box.
import assert from "node:assert/strict";
import { API, GATEWAY_URL } from "../helpers.ts";
import { floodChunked, rawConnect, rawRequest, readResponse } from "../raw-http.ts";

const problem = (r: { headers: Headers; body: string }) => {
  assert.match(r.headers.get("content-type") ?? "", /application\/problem\+json/, r.body);
  return JSON.parse(r.body) as { code: string; instance?: string };
};

Deno.test({
  name: "resources: body over the limit → 413 problem (declared or streamed)",
  ignore: !GATEWAY_URL,
  async fn() {
    const big = await fetch(`${API}/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: `{"username":"${"x".repeat(2 * 1024 * 1024)}"}`,
    });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).code, "PAYLOAD_TOO_LARGE");

    const res = await floodChunked(GATEWAY_URL!, "/api/v1/auth/register", 12);
    assert.equal(res.status, 413);
    assert.equal(problem(res).code, "PAYLOAD_TOO_LARGE");
  },
});

Deno.test({
  name: "resources: a client that stalls its body gets its own 408 problem",
  ignore: !GATEWAY_URL,
  async fn() {
    const conn = await rawConnect(
      GATEWAY_URL!,
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n" +
        "Content-Length: 100\r\n\r\n{",
    );
    const res = await readResponse(conn); // after the gateway's BODY_READ_TIMEOUT_MS (default 10 s)
    assert.equal(res.status, 408, res.body);
    assert.equal(problem(res).code, "REQUEST_TIMEOUT");
  },
});

Deno.test({
  name: "resources: long paths and bad headers → 4xx; problems never echo a long path whole",
  ignore: !GATEWAY_URL,
  async fn() {
    const req = (line: string, extra = "") =>
      `${line} HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n${extra}\r\n`;
    const long = await rawRequest(GATEWAY_URL!, req(`GET /api/v1/inventory/assets/${"a".repeat(8000)}`));
    assert.ok(long.status >= 400 && long.status < 500, `${long.status}`);
    const p = problem(long);
    assert.ok((p.instance ?? "").length <= 256, `instance is ${p.instance?.length} chars`);
    assert.ok(long.body.length < 2000, "the 8 KB path is not echoed back");

    // Refused by the HTTP server before the application (see the header comment).
    for (
      const [name, r] of [
        ["64 KB path", req(`GET /api/v1/inventory/assets/${"a".repeat(64 * 1024)}`)],
        ["NUL in a header", req("GET /api/v1/inventory/assets", "X-Test: a\0b\r\n")],
        ["100 KB header", req("GET /api/v1/inventory/assets", `X-Test: ${"a".repeat(100_000)}\r\n`)],
      ]
    ) {
      const res = await rawRequest(GATEWAY_URL!, r);
      assert.ok([400, 414, 431].includes(res.status), `${name}: ${res.status}`);
    }
  },
});
