// The token revocation list (logout), kept so that a Redis outage neither stops trading nor lets a
// revoked token in. Redis holds the truth (`revoked:<jti>` with the token's remaining lifetime as TTL);
// every process also keeps the list in memory (jti → exp), fed from Redis:
//  - loaded with SCAN at start and again on every reconnect (anything written meanwhile is picked up);
//  - kept current by a pub/sub channel on which every logout publishes its jti (own subscriber
//    connection: a subscribed connection cannot run other commands);
//  - expired entries are pruned (a token past its exp is refused by the signature check anyway).
// Checks: Redis up → EXISTS (exact, as before) OR memory; Redis down → memory only, never a 503.
// One exception: a process that has never loaded the list (it started during an outage) has nothing
// to answer from, so it throws RevocationUnavailable (503 on authenticated routes) until Redis is back.
// Logout needs Redis: without it the revocation cannot reach the other processes, so `revoke` throws
// RevocationUnavailable (the route answers 503) instead of pretending.
import type { Redis } from "ioredis";
import client from "prom-client";
import type { Logger } from "./logger.ts";
import { registry } from "./metrics.ts";

/** Redis key prefix of a revoked token: `revoked:<jti>` (value: its exp, epoch seconds). */
export const REVOKED_KEY_PREFIX = "revoked:";
/** Pub/sub channel on which every logout publishes `{"jti","exp"}`. */
export const REVOCATION_CHANNEL = "revocations";

export const revokedKey = (jti: string) => `${REVOKED_KEY_PREFIX}${jti}`;

/** Redis is needed (to record a revocation, or to check one before the list was ever loaded). */
export class RevocationUnavailable extends Error {
  constructor(cause?: unknown) {
    super("the revocation list is unavailable", { cause });
    this.name = "RevocationUnavailable";
  }
}

export interface RevocationList {
  isRevoked(jti: string): Promise<boolean>;
  /** Record until `exp` (epoch seconds); throws RevocationUnavailable when Redis cannot take it. */
  revoke(jti: string, exp: number): Promise<void>;
  /** Whether the memory copy alone refuses `jti` (what answers while Redis is down). */
  remembers(jti: string): boolean;
  /** Entries currently held in memory (for metrics and tests). */
  size(): number;
  /** Resolves after the next completed load from Redis (tests and start-up ordering). */
  loaded(): Promise<void>;
  close(): void;
}

export interface RevocationOptions {
  log?: Logger;
  /** Clock in epoch seconds (tests). */
  now?: () => number;
  /** How often at most expired entries are swept, in seconds. */
  pruneEverySeconds?: number;
}

const lists = new Set<RevocationList>();
new client.Gauge({
  name: "revoked_tokens_in_memory",
  help: "Revoked, unexpired token ids held in this process's memory copy of the revocation list",
  registers: [registry],
  collect() {
    this.set([...lists].reduce((n, l) => n + l.size(), 0));
  },
});

export function createRevocationList(redis: Redis, opts: RevocationOptions = {}): RevocationList {
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const pruneEvery = opts.pruneEverySeconds ?? 60;
  const memory = new Map<string, number>();
  let lastPrune = now();
  let waiters: (() => void)[] = [];
  let everLoaded = false;

  function remember(jti: string, exp: number) {
    if (!(exp > now())) return;
    memory.set(jti, Math.max(exp, memory.get(jti) ?? 0));
    prune();
  }

  function prune() {
    const t = now();
    if (t - lastPrune < pruneEvery) return;
    lastPrune = t;
    for (const [jti, exp] of memory) if (exp <= t) memory.delete(jti);
  }

  // SCAN (never KEYS: it would block Redis) every revoked key; the exp is the stored value, or the TTL
  // for keys written before the value carried it.
  async function load() {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${REVOKED_KEY_PREFIX}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const pipe = redis.pipeline();
      for (const k of keys) pipe.get(k).ttl(k);
      const results = (await pipe.exec()) ?? [];
      keys.forEach((k, i) => {
        const value = Number(results[2 * i]?.[1]);
        const ttl = Number(results[2 * i + 1]?.[1]);
        const exp = value > 1_000_000_000 ? value : ttl > 0 ? now() + ttl : 0;
        remember(k.slice(REVOKED_KEY_PREFIX.length), exp);
      });
    } while (cursor !== "0");
    everLoaded = true;
    const done = waiters;
    waiters = [];
    for (const w of done) w();
  }
  const reload = (why: string) =>
    load().catch((err) => opts.log?.warn({ err: String(err), why }, "revocation list: load failed"));

  const sub = redis.duplicate();
  sub.on("error", () => {}); // the main connection already logs Redis errors
  sub.on("message", (_channel: string, message: string) => {
    try {
      const { jti, exp } = JSON.parse(message);
      if (typeof jti === "string" && typeof exp === "number") return remember(jti, exp);
    } catch { /* fall through */ }
    reload("unreadable revocation message"); // never drop a revocation we could not parse
  });
  // Subscribe first, then load: a logout between the two is then seen by one or the other.
  sub.on("ready", () => {
    sub.subscribe(REVOCATION_CHANNEL).then(() => reload("subscribed"), () => {});
  });
  const onReconnect = () => reload("reconnected");
  redis.on("ready", onReconnect);
  if (sub.status === "wait") sub.connect().catch(() => {});
  if (redis.status === "ready") reload("start");

  const list: RevocationList = {
    async isRevoked(jti) {
      const exp = memory.get(jti);
      if (exp !== undefined) {
        if (exp > now()) return true;
        memory.delete(jti);
      }
      if (everLoaded && redis.status !== "ready") return false; // memory only while Redis is away
      try {
        return (await redis.exists(revokedKey(jti))) === 1;
      } catch (err) {
        if (!everLoaded) throw new RevocationUnavailable(err);
        return false; // the outage began mid-call: memory (checked above) is the answer
      }
    },
    async revoke(jti, exp) {
      const ttl = Math.max(1, exp - now());
      if (redis.status !== "ready") throw new RevocationUnavailable(new Error(`redis ${redis.status}`));
      try {
        // One MULTI: the key and the message go together or not at all.
        const results = await redis.multi()
          .set(revokedKey(jti), String(exp), "EX", ttl)
          .publish(REVOCATION_CHANNEL, JSON.stringify({ jti, exp }))
          .exec();
        const failed = !results ? new Error("transaction aborted") : results.find(([e]) => e)?.[0];
        if (failed) throw failed;
      } catch (err) {
        throw new RevocationUnavailable(err);
      }
      remember(jti, exp);
    },
    remembers: (jti) => (memory.get(jti) ?? 0) > now(),
    size: () => memory.size,
    loaded: () => new Promise<void>((r) => waiters.push(r)),
    close() {
      lists.delete(list);
      redis.off("ready", onReconnect);
      sub.disconnect();
    },
  };
  lists.add(list);
  return list;
}
