import assert from "node:assert/strict";
import { DomainError } from "./domain-error.ts";
import { httpAnswer } from "./http-errors.ts";
import { createLocker, type Locker } from "./lock.ts";
import { registry } from "./metrics.ts";
import { createRedis } from "./redis.ts";
import { testInfra } from "./testing.ts";

/** Take `key` and keep it until `release()`; resolves once the holder is inside. */
async function hold(locker: Locker, key: string) {
  let release!: () => void;
  let holding!: () => void;
  const isHeld = new Promise<void>((r) => (holding = r));
  let inside = false;
  const done = locker.withLock(key, () => {
    inside = true;
    holding();
    return new Promise<void>((r) => (release = r)).then(() => void (inside = false));
  }, { waitMs: 1000 });
  await isHeld;
  return { release: () => release(), done, isInside: () => inside };
}

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

    const held = await hold(locker, key);
    await assert.rejects(
      locker.withLock(key, () => Promise.resolve(), { waitMs: 0 }),
      (e: unknown) =>
        e instanceof DomainError && httpAnswer(e).status === 409 && e.code === "LOCK_CONTENTION",
    );
    held.release();
    await held.done;
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
    // No sleeps: first (50 ms lease) keeps "working" until second has taken the lapsed lock, then
    // finishes and releases — which must not delete second's lock.
    const signal = () => {
      let fire!: () => void;
      return { done: new Promise<void>((r) => (fire = r)), fire: () => fire() };
    };
    const firstIn = signal(), secondIn = signal(), secondRelease = signal();
    const first = locker.withLock(key, async () => {
      firstIn.fire();
      await secondIn.done;
    }, { ttlMs: 50 });
    await firstIn.done;
    const second = locker.withLock(key, async () => {
      secondIn.fire();
      await secondRelease.done;
    }, { waitMs: 5000 });
    await first;
    assert.equal(await infra.redis.exists(`lock:${key}`), 1, "second holder still owns the lock");
    secondRelease.fire();
    await second;
    assert.equal(await infra.redis.exists(`lock:${key}`), 0, "second released its own lock");
  } finally {
    infra.close();
  }
});

Deno.test("lock: Redis down → the work runs unlocked at once (correctness is DynamoDB's), never an error", async () => {
  const redis = createRedis(Deno.env.get("REDIS_URL")!);
  redis.on("error", () => {});
  await redis.ping();
  redis.disconnect(); // the outage, for this client
  try {
    const locker = createLocker(redis);
    const ran = await Promise.all(
      [1, 2, 3].map((n) => locker.withLock(`test:${crypto.randomUUID()}`, () => Promise.resolve(n))),
    );
    assert.deepEqual(ran, [1, 2, 3]);
    const metrics = await registry.metrics();
    assert.match(metrics, /lock_wait_seconds_count\{outcome="unavailable"\} [1-9]/);
  } finally {
    redis.disconnect();
  }
});

Deno.test("lock: one process's waiters for a key are served first come, first served", async () => {
  const infra = testInfra();
  try {
    const locker = createLocker(infra.redis);
    const key = `test:${crypto.randomUUID()}`;
    const held = await hold(locker, key);
    const order: number[] = [];
    const waiters = Array.from(
      { length: 12 },
      (_, i) => locker.withLock(key, () => Promise.resolve(void order.push(i)), { waitMs: 20_000 }),
    );
    held.release();
    await Promise.all([held.done, ...waiters]);
    assert.deepEqual(order, Array.from({ length: 12 }, (_, i) => i));
  } finally {
    infra.close();
  }
});

Deno.test("lock: a waiter that gives up leaves the queue without letting the next one past the holder", async () => {
  const infra = testInfra();
  try {
    const locker = createLocker(infra.redis);
    const key = `test:${crypto.randomUUID()}`;
    const held = await hold(locker, key);
    const impatient = locker.withLock(key, () => Promise.resolve(), { waitMs: 0 });
    let overlapped = false;
    const patient = locker.withLock(key, () => Promise.resolve(void (overlapped = held.isInside())), {
      waitMs: 20_000,
    });
    await assert.rejects(impatient, (e: unknown) => e instanceof DomainError && e.code === "LOCK_CONTENTION");
    held.release();
    await Promise.all([held.done, patient]);
    assert.equal(overlapped, false, "the patient waiter ran only after the holder left");
  } finally {
    infra.close();
  }
});
