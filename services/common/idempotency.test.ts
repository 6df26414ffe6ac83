import assert from "node:assert/strict";
import { DomainError } from "./domain-error.ts";
import { httpAnswer } from "./http-errors.ts";
import { createIdempotency, type Stored } from "./idempotency.ts";
import { testInfra } from "./testing.ts";

const is = (status: number, code: string) => (e: unknown) =>
  e instanceof DomainError && httpAnswer(e).status === status && e.code === code;
const ok = (result: string): Stored => ({ outcome: "ok", result });

Deno.test("idempotency store: claim, in-flight 409, different request 422, replay after completion", async () => {
  const infra = testInfra();
  try {
    const idem = createIdempotency(infra.doc, infra.table, 0);
    const owner = `idem_${crypto.randomUUID().slice(0, 8)}`;
    assert.equal(await idem.begin(owner, "k1", "fp-a"), null, "first use claims the key");
    await assert.rejects(idem.begin(owner, "k1", "fp-a"), is(409, "IDEMPOTENCY_IN_FLIGHT"));
    await assert.rejects(idem.begin(owner, "k1", "fp-b"), is(422, "IDEMPOTENCY_KEY_REUSED"));
    await idem.complete(owner, "k1", "fp-a", ok('{"ok":true}'));
    assert.deepEqual(await idem.begin(owner, "k1", "fp-a"), ok('{"ok":true}'));
    await assert.rejects(idem.begin(owner, "k1", "fp-b"), is(422, "IDEMPOTENCY_KEY_REUSED"));
    // Keys are per owner: another user may use the same key freely.
    assert.equal(await idem.begin(`${owner}x`, "k1", "fp-b"), null);
  } finally {
    infra.close();
  }
});

Deno.test("idempotency store: a released key can be claimed again; waiters get the completed answer", async () => {
  const infra = testInfra();
  try {
    const idem = createIdempotency(infra.doc, infra.table, 5000);
    const owner = `idem_${crypto.randomUUID().slice(0, 8)}`;
    assert.equal(await idem.begin(owner, "k2", "fp"), null);
    await idem.release(owner, "k2");
    assert.equal(await idem.begin(owner, "k2", "fp"), null, "claimable after release");
    const waiter = idem.begin(owner, "k2", "fp"); // waits while in flight
    await new Promise((r) => setTimeout(r, 50));
    await idem.complete(owner, "k2", "fp", ok("done"));
    assert.deepEqual(await waiter, ok("done"));
  } finally {
    infra.close();
  }
});
