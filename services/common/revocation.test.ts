// The revocation list against the real Redis of the test run (REDIS_URL): written with a TTL, spread to
// other processes' memory by pub/sub, loaded by SCAN at start and on reconnect, answered from memory
// while Redis is away, refused (not faked) when a logout cannot be recorded.
import assert from "node:assert/strict";
import { createRedis, type Redis } from "./redis.ts";
import {
  createRevocationList,
  REVOCATION_CHANNEL,
  type RevocationList,
  RevocationUnavailable,
  revokedKey,
} from "./revocation.ts";

const url = () => {
  const u = Deno.env.get("REDIS_URL");
  if (!u) throw new Error("REDIS_URL must be set: run via ./scripts/test.sh");
  return u;
};
const nowS = () => Math.floor(Date.now() / 1000);
const jti = () => crypto.randomUUID();

/** Poll `cond` until true; bounded so a broken delivery fails the test instead of hanging it. */
async function until(cond: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}

/** A "process": its own connection and list, loaded once before use. */
async function processList(): Promise<{ redis: Redis; list: RevocationList; close(): void }> {
  const redis = createRedis(url());
  redis.on("error", () => {});
  const list = createRevocationList(redis);
  const loaded = list.loaded();
  await redis.ping();
  await loaded;
  return {
    redis,
    list,
    close: () => {
      list.close();
      redis.disconnect();
    },
  };
}

Deno.test("revocation: revoke writes revoked:<jti> until exp and reaches another process's memory", async () => {
  const a = await processList(), b = await processList();
  try {
    const id = jti(), exp = nowS() + 600;
    await a.list.revoke(id, exp);
    assert.equal(await a.redis.get(revokedKey(id)), String(exp));
    const ttl = await a.redis.ttl(revokedKey(id));
    assert.ok(ttl > 590 && ttl <= 600, `ttl ${ttl}`);
    assert.ok(a.list.remembers(id), "the writer remembers at once");
    await until(() => b.list.remembers(id), "pub/sub delivery to the other list");
    assert.equal(await b.list.isRevoked(id), true);
    assert.equal(await b.list.isRevoked(jti()), false);
    // The gateway's hot path: the replica answers alone once loaded, without a Redis call.
    assert.equal(b.list.replicaAnswer(id), true);
    assert.equal(b.list.replicaAnswer(jti()), false);
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("revocation: a list loads existing keys by SCAN at start and again after a reconnect", async () => {
  const writer = createRedis(url());
  const p = await (async () => {
    const legacy = jti(), current = jti();
    await writer.set(revokedKey(legacy), "1", "EX", 120); // older value format: exp from the TTL
    await writer.set(revokedKey(current), String(nowS() + 300), "EX", 300);
    const proc = await processList();
    assert.ok(proc.list.remembers(legacy) && proc.list.remembers(current), "loaded at start");
    return proc;
  })();
  try {
    p.redis.disconnect(); // this process loses Redis; meanwhile another one writes directly
    const missed = jti();
    await writer.set(revokedKey(missed), String(nowS() + 300), "EX", 300);
    assert.equal(p.list.remembers(missed), false);
    await until(() => p.redis.status === "end", "disconnected");
    const loaded = p.list.loaded();
    await p.redis.connect();
    await loaded;
    assert.ok(p.list.remembers(missed), "reloaded on reconnect");
  } finally {
    p.close();
    writer.disconnect();
  }
});

Deno.test("revocation: Redis away → checks answer from memory, logout is refused with RevocationUnavailable", async () => {
  const p = await processList();
  try {
    const known = jti();
    await p.list.revoke(known, nowS() + 600);
    p.redis.disconnect();
    assert.equal(await p.list.isRevoked(known), true, "memory still refuses it");
    assert.equal(await p.list.isRevoked(jti()), false, "others pass without Redis, no error");
    await assert.rejects(p.list.revoke(jti(), nowS() + 600), RevocationUnavailable);
  } finally {
    p.close();
  }
});

Deno.test("revocation: a list never loaded (started during an outage) refuses to guess", async () => {
  const dead = createRedis("redis://127.0.0.1:1"); // nothing listens on port 1
  dead.on("error", () => {});
  const list = createRevocationList(dead);
  try {
    await assert.rejects(list.isRevoked(jti()), RevocationUnavailable);
    await assert.rejects(list.revoke(jti(), nowS() + 60), RevocationUnavailable);
    assert.equal(list.replicaAnswer(jti()), undefined, "no replica answer before the first load");
  } finally {
    list.close();
    dead.disconnect();
  }
});

Deno.test("revocation: expired entries are pruned; an unreadable message triggers a full reload", async () => {
  let clock = nowS();
  // Database 15 holds only this test's keys (emptied first), so a reload cannot bring in other tests' entries
  // (pub/sub spans databases; their messages carry real-time exps, already past on this clock).
  const isolated = `${url().replace(/\/\d*$/, "")}/15`;
  const publisher = createRedis(isolated);
  await publisher.flushdb(); // leftovers of an earlier run carry far-future exps from this fake clock
  const redis = createRedis(isolated);
  redis.on("error", () => {});
  const list = createRevocationList(redis, { now: () => clock, pruneEverySeconds: 10 });
  try {
    const loaded = list.loaded();
    await redis.ping();
    await loaded;
    const short = jti();
    await list.revoke(short, clock + 5);
    assert.ok(list.remembers(short));
    // Ten years on, every entry in memory has expired, and nothing arriving meanwhile can be added
    // (already expired): the next write sweeps all but itself.
    clock += 10 * 365 * 86400;
    assert.equal(list.remembers(short), false);
    const fresh = jti();
    await list.revoke(fresh, clock + 3600);
    assert.equal(list.size(), 1, "the expired entries were swept");
    assert.ok(list.remembers(fresh));

    const direct = jti(); // written without a message, then announced by garbage
    await publisher.set(revokedKey(direct), String(clock + 300), "EX", 300);
    await until(async () => (await publisher.publish(REVOCATION_CHANNEL, "not json")) > 0, "subscriber");
    // The garbage starts a full reload; `loaded()` may still be an earlier, finished one, so wait
    // for the signal that matters: the key written without a message is now known.
    await until(() => list.remembers(direct), "the reload after an unreadable message brings in the key");
  } finally {
    list.close();
    redis.disconnect();
    publisher.disconnect();
  }
});
