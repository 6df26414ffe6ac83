import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createRedis } from "../../../services/common/redis.ts";
import { redisUrl } from "../testing.ts";
import { createLocalGcra, SYNC_LUA } from "./local-gcra.ts";

const allowed = (r: number[]) => r[0] === 1;

Deno.test("local GCRA: N per window of 3N at once → exactly N pass; one more each interval after", () => {
  let t = 1_000_000;
  const gcra = createLocalGcra({ windowMs: 60_000, now: () => t });
  const N = 6;
  const results = Array.from({ length: 3 * N }, () => gcra.check(["k"], [N]));
  assert.equal(results.filter(allowed).length, N);
  assert.deepEqual(results.slice(0, N).map((r) => r[1]), [5, 4, 3, 2, 1, 0], "remaining counts down");
  assert.equal(results[N][2], 10_000, "retry after one interval (60 s / 6)");
  t += 10_000;
  assert.ok(allowed(gcra.check(["k"], [N])));
  assert.ok(!allowed(gcra.check(["k"], [N])));
});

Deno.test("local GCRA: a request refused by one key is not charged to the other", () => {
  const gcra = createLocalGcra({ windowMs: 60_000, now: () => 5_000 });
  assert.ok(allowed(gcra.check(["ip", "user"], [10, 1])));
  assert.ok(!allowed(gcra.check(["ip", "user"], [10, 1])));
  const ipOnly = gcra.check(["ip"], [10]);
  assert.equal(ipOnly[1], 8, "only the admitted request was charged to the IP key");
});

const sha = (redis: Redis) => async () => await redis.script("LOAD", SYNC_LUA) as string;

Deno.test("local GCRA sync: two instances share one budget through Redis, overshoot ≤ (K − 1) × N", async () => {
  const redis = createRedis(redisUrl());
  try {
    const key = `t${crypto.randomUUID()}:k`;
    const N = 5;
    const a = createLocalGcra({ windowMs: 60_000 });
    const b = createLocalGcra({ windowMs: 60_000 });
    const passA = Array.from({ length: 3 * N }, () => a.check([key], [N])).filter(allowed).length;
    assert.equal(passA, N);
    await a.sync(redis, sha(redis)); // A's consumption is now in the shared TAT
    // B has not synced this key yet: it may admit up to its own N (the documented bound, K = 2).
    const passB1 = Array.from({ length: 3 * N }, () => b.check([key], [N])).filter(allowed).length;
    assert.ok(passB1 <= N, `B admitted ${passB1}`);
    await b.sync(redis, sha(redis));
    await a.sync(redis, sha(redis));
    // Both now know the whole budget (and the overshoot) is spent: nobody admits more.
    assert.ok(!allowed(a.check([key], [N])));
    assert.ok(!allowed(b.check([key], [N])));
    assert.ok(passA + passB1 <= N + (2 - 1) * N);
    // The overshoot is charged: the shared TAT is a full window ahead per N admitted.
    const tat = Number(await redis.get(key));
    const [sec, micro] = await redis.time();
    const ahead = tat - (Number(sec) * 1000 + Number(micro) / 1000);
    assert.ok(ahead > (passA + passB1 - 1) * (60_000 / N), `shared TAT ${ahead} ms ahead`);
  } finally {
    redis.disconnect();
  }
});

Deno.test("local GCRA sync: a new instance learns a spent budget at its first sync and refuses", async () => {
  const redis = createRedis(redisUrl());
  try {
    const key = `t${crypto.randomUUID()}:k`;
    const N = 4;
    const a = createLocalGcra({ windowMs: 60_000 });
    for (let i = 0; i < N; i++) assert.ok(allowed(a.check([key], [N])));
    await a.sync(redis, sha(redis));
    const b = createLocalGcra({ windowMs: 60_000 });
    assert.ok(allowed(b.check([key], [N])), "before its first sync B decides alone");
    await b.sync(redis, sha(redis));
    assert.ok(!allowed(b.check([key], [N])), "after it, B sees A's use");
  } finally {
    redis.disconnect();
  }
});

Deno.test("local GCRA sync: Redis down → the sync fails, nothing pending is lost, limits hold locally", async () => {
  const down = new Redis("redis://127.0.0.1:1", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  const gcra = createLocalGcra({ windowMs: 60_000 });
  assert.ok(allowed(gcra.check(["k"], [2])));
  await assert.rejects(gcra.sync(down, sha(down)));
  assert.ok(allowed(gcra.check(["k"], [2])));
  assert.ok(!allowed(gcra.check(["k"], [2])));
  down.disconnect();
  const redis = createRedis(redisUrl());
  try {
    const key = `t${crypto.randomUUID()}:k`;
    const g = createLocalGcra({ windowMs: 60_000 });
    g.check([key], [2]);
    await assert.rejects(g.sync(down, sha(down)));
    await g.sync(redis, sha(redis)); // Redis back: the request counted during the outage arrives
    const tat = Number(await redis.get(key));
    assert.ok(tat > 0, "pending time pushed after the failed sync");
  } finally {
    redis.disconnect();
  }
});
