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
import { DomainError } from "./domain-error.ts";
import { CHANNELS, REVOKED_KEY_PREFIX, revokedKey } from "./events.ts";
import type { Logger } from "./logger.ts";
import { registry } from "./metrics.ts";

// The key and channel names are cross-process contracts: they live in events.ts with the others.
export { REVOKED_KEY_PREFIX, revokedKey } from "./events.ts";
/** Pub/sub channel on which every logout publishes `{"jti","exp"}`. */
export const REVOCATION_CHANNEL = CHANNELS.revocations;

/**
 * Redis is needed (to record a revocation, or to check one before the list was ever loaded). A domain
 * error, so a logout that cannot be recorded is answered by the one mapping table (503, Retry-After).
 */
export class RevocationUnavailable extends DomainError {
  constructor(readonly reason?: unknown) {
    super("REVOCATION_UNAVAILABLE", "Logout cannot be recorded now; please retry");
    this.name = "RevocationUnavailable";
  }
}

export interface RevocationList {
  isRevoked(jti: string): Promise<boolean>;
  /** Record until `exp` (epoch seconds); throws RevocationUnavailable when Redis cannot take it. */
  revoke(jti: string, exp: number): Promise<void>;
  /** Whether the memory copy alone refuses `jti` (what answers while Redis is down). */
  remembers(jti: string): boolean;
  /**
   * The replica's answer without any Redis call (the gateway's hot path): the memory copy once it has
   * been loaded, `undefined` before (the caller then asks `isRevoked`). Exact up to pub/sub delivery:
   * a logout publishes in the same MULTI that records it, before the user service answers it.
   */
  replicaAnswer(jti: string): boolean | undefined;
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

/** The in-memory copy: jti → exp (epoch seconds), expired entries swept at most every `pruneEvery` s. */
class MemoryCopy {
  readonly #entries = new Map<string, number>();
  #lastPrune: number;
  constructor(private readonly now: () => number, private readonly pruneEvery: number) {
    this.#lastPrune = now();
  }
  remember(jti: string, exp: number) {
    if (!(exp > this.now())) return;
    this.#entries.set(jti, Math.max(exp, this.#entries.get(jti) ?? 0));
    const t = this.now();
    if (t - this.#lastPrune < this.pruneEvery) return;
    this.#lastPrune = t;
    for (const [id, e] of this.#entries) if (e <= t) this.#entries.delete(id);
  }
  remembers = (jti: string) => (this.#entries.get(jti) ?? 0) > this.now();
  get size() {
    return this.#entries.size;
  }
}

/**
 * Every revoked key in Redis by SCAN (never KEYS: it would block Redis). The exp is the stored value,
 * or now + TTL for keys written before the value carried it.
 */
async function scanRevoked(redis: Redis, now: () => number): Promise<[jti: string, exp: number][]> {
  const found: [string, number][] = [];
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
      found.push([
        k.slice(REVOKED_KEY_PREFIX.length),
        value > 1_000_000_000 ? value : ttl > 0 ? now() + ttl : 0,
      ]);
    });
  } while (cursor !== "0");
  return found;
}

/** The key and the message in one MULTI: they go together or not at all. */
async function writeRevocation(redis: Redis, jti: string, exp: number, ttl: number) {
  if (redis.status !== "ready") throw new RevocationUnavailable(new Error(`redis ${redis.status}`));
  try {
    const results = await redis.multi()
      .set(revokedKey(jti), String(exp), "EX", ttl)
      .publish(REVOCATION_CHANNEL, JSON.stringify({ jti, exp }))
      .exec();
    const failed = !results ? new Error("transaction aborted") : results.find(([e]) => e)?.[0];
    if (failed) throw failed;
  } catch (err) {
    throw new RevocationUnavailable(err);
  }
}

/** A subscriber connection on the channel; on every (re)subscribe `reload` runs after subscribing, so a
 * logout between the two is seen by one or the other. */
function subscribe(redis: Redis, onMessage: (message: string) => void, reload: (why: string) => void) {
  const sub = redis.duplicate();
  sub.on("error", () => {}); // the main connection already logs Redis errors
  sub.on("message", (_channel: string, message: string) => onMessage(message));
  sub.on("ready", () => {
    sub.subscribe(REVOCATION_CHANNEL).then(() => reload("subscribed"), () => {});
  });
  if (sub.status === "wait") sub.connect().catch(() => {});
  return sub;
}

export function createRevocationList(redis: Redis, opts: RevocationOptions = {}): RevocationList {
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const memory = new MemoryCopy(now, opts.pruneEverySeconds ?? 60);
  let waiters: (() => void)[] = [];
  let everLoaded = false;

  const reload = (why: string) =>
    scanRevoked(redis, now).then((found) => {
      for (const [jti, exp] of found) memory.remember(jti, exp);
      everLoaded = true;
      const done = waiters;
      waiters = [];
      for (const w of done) w();
    }).catch((err) => opts.log?.warn({ err: String(err), why }, "revocation list: load failed"));
  const sub = subscribe(redis, (message) => {
    try {
      const { jti, exp } = JSON.parse(message);
      if (typeof jti === "string" && typeof exp === "number") return memory.remember(jti, exp);
    } catch { /* fall through */ }
    reload("unreadable revocation message"); // never drop a revocation we could not parse
  }, reload);
  const onReconnect = () => reload("reconnected");
  redis.on("ready", onReconnect);
  if (redis.status === "ready") reload("start");

  const list: RevocationList = {
    async isRevoked(jti) {
      if (memory.remembers(jti)) return true;
      if (everLoaded && redis.status !== "ready") return false; // memory only while Redis is away
      try {
        return (await redis.exists(revokedKey(jti))) === 1;
      } catch (err) {
        if (!everLoaded) throw new RevocationUnavailable(err);
        return false; // the outage began mid-call: memory (checked above) is the answer
      }
    },
    async revoke(jti, exp) {
      await writeRevocation(redis, jti, exp, Math.max(1, exp - now()));
      memory.remember(jti, exp);
    },
    remembers: (jti) => memory.remembers(jti),
    replicaAnswer: (jti) => memory.remembers(jti) || (everLoaded ? false : undefined),
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
