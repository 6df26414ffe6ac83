import assert from "node:assert/strict";
import { ApiError } from "./errors.ts";
import { createLocker } from "./lock.ts";
import { testInfra } from "./testing.ts";

Deno.test("lock: serialises holders of one key; waiting too long gives 409, never 5xx", async () => {
  const infra = testInfra();
  try {
    const locker = createLocker(infra.redis);
    const key = `test:${crypto.randomUUID()}`;
    let inside = 0, maxInside = 0;
    await Promise.all(Array.from({ length: 10 }, () =>
      locker.withLock(key, async () => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
      }, { waitMs: 20_000 })));
    assert.equal(maxInside, 1);

    let release!: () => void;
    const held = locker.withLock(key, () => new Promise<void>((r) => (release = r)), { waitMs: 1000 });
    await new Promise((r) => setTimeout(r, 20));
    await assert.rejects(
      locker.withLock(key, () => Promise.resolve(), { waitMs: 0 }),
      (e: unknown) => e instanceof ApiError && e.status === 409 && e.code === "LOCK_CONTENTION",
    );
    release();
    await held;
    assert.equal(await infra.redis.exists(`lock:${key}`), 0, "released after use");
  } finally {
    infra.close();
  }
});

Deno.test("lock: a holder whose TTL expired cannot release the next holder's lock", async () => {
  const infra = testInfra();
  try {
    const locker = createLocker(infra.redis);
    const key = `test:${crypto.randomUUID()}`;
    let secondHolds!: () => void;
    const first = locker.withLock(key, () => new Promise((r) => setTimeout(r, 150)), { ttlMs: 50 });
    await new Promise((r) => setTimeout(r, 80)); // first's lease has lapsed; it is still "working"
    const second = locker.withLock(key, () => new Promise<void>((r) => (secondHolds = r)), { waitMs: 1000 });
    await first; // first finishes and tries to release: must not delete second's lock
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(await infra.redis.exists(`lock:${key}`), 1, "second holder still owns the lock");
    secondHolds();
    await second;
  } finally {
    infra.close();
  }
});
