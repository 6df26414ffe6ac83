import assert from "node:assert/strict";
import { memoryLoginStore } from "./login-memory.ts";

const subject = (id: string, max = 3) => ({ fail: `fail:${id}`, block: `block:${id}`, max });

Deno.test("login memory: N failures block until the block expires; a window expiry resets the count", () => {
  const m = memoryLoginStore();
  const t0 = 1_000_000;
  assert.equal(m.recordFailure([subject("a")], 1000, 5000, t0), false);
  assert.equal(m.recordFailure([subject("a")], 1000, 5000, t0 + 10), false);
  assert.equal(m.recordFailure([subject("a")], 1000, 5000, t0 + 20), true);
  assert.equal(m.blockedMs(["block:a"], t0 + 20), 5000);
  assert.equal(m.blockedMs(["block:a"], t0 + 5020), 0, "block expires");
  m.recordFailure([subject("b")], 1000, 5000, t0);
  m.recordFailure([subject("b")], 1000, 5000, t0 + 10);
  assert.equal(m.recordFailure([subject("b")], 1000, 5000, t0 + 2000), false, "window restarted");
});

Deno.test("login memory: bounded — the oldest keys go first", () => {
  const m = memoryLoginStore(100);
  for (let i = 0; i < 1000; i++) m.recordFailure([subject(`u${i}`, 1)], 1000, 60_000);
  assert.equal(m.size(), 100);
  assert.ok(m.blockedMs(["block:u999"]) > 0);
  assert.equal(m.blockedMs(["block:u0"]), 0);
});
