import assert from "node:assert/strict";
import { type BreakerAnswer, BrokenCircuitError, circuitBreakers } from "./breaker.ts";

/** An upstream answer as the proxy's client returns it (lowercase header names). */
const answer = (status: number, contentType?: string): Promise<BreakerAnswer> =>
  Promise.resolve({ status, headers: contentType ? [["content-type", contentType]] : [] });

Deno.test("breaker: consecutive failures open it; open fails fast without calling; half-open probe closes it", async () => {
  const states: string[] = [];
  const b = circuitBreakers({
    services: ["user"],
    consecutiveFailures: 3,
    // Long enough that a stalled, loaded machine cannot half-open it during the "open" checks.
    halfOpenAfterMs: 1000,
    onStateChange: (_s, st) => states.push(String(st)),
  });
  let calls = 0;
  const fail = () => b.execute("user", () => (calls++, answer(502, "text/plain")));
  const ok = () => b.execute("user", () => (calls++, answer(200, "text/plain")));

  assert.equal((await ok()).status, 200);
  for (let i = 0; i < 3; i++) {
    assert.equal((await fail()).status, 502, "5xx answers pass through while counted");
  }
  assert.equal(b.states().user, "open");
  const before = calls;
  for (let i = 0; i < 20; i++) await assert.rejects(ok(), BrokenCircuitError);
  assert.equal(calls, before, "no upstream call while open");

  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await ok()).status, 200, "half-open probe");
  assert.equal(b.states().user, "closed");
  await assert.rejects(
    b.execute("user", () => Promise.reject(new TypeError("connection refused"))),
    TypeError,
  );
  assert.equal(b.states().user, "closed", "one failure after recovery does not reopen");
});

Deno.test("breaker: a success resets the consecutive count; bad options fail at build time", async () => {
  const b = circuitBreakers({ services: ["order"], consecutiveFailures: 2, halfOpenAfterMs: 1000 });
  const res = (s: number) => b.execute("order", () => answer(s));
  await res(500);
  await res(404); // a 4xx is the client's fault, not the service's
  await res(500);
  assert.equal(b.states().order, "closed");
  await res(503);
  assert.equal(b.states().order, "open");
  assert.throws(() => circuitBreakers({ services: [], consecutiveFailures: 0, halfOpenAfterMs: 1 }));
});

Deno.test("breaker: a service's own problem JSON 503 (its dependency is down) never opens it", async () => {
  const b = circuitBreakers({ services: ["inventory"], consecutiveFailures: 2, halfOpenAfterMs: 1000 });
  const problem = () => b.execute("inventory", () => answer(503, "application/problem+json"));
  for (let i = 0; i < 10; i++) assert.equal((await problem()).status, 503, "passed through");
  assert.equal(b.states().inventory, "closed");
  await b.execute("inventory", () => answer(502, "text/html"));
  await b.execute("inventory", () => answer(500));
  assert.equal(b.states().inventory, "open", "answers the service did not write still count");
});
