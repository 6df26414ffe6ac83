// The in-process GCRA limiter (RATE_LIMIT_MODE=local, and the fallback of the Redis mode while Redis is
// down): every decision is made in memory, with the same arithmetic and the same result layout as the
// Redis script (rate-limit.ts GCRA_LUA), so the middleware reads both alike. Exact for one instance.
//
// Several instances share one budget through Redis, off the request path: every `syncMs` the time each
// key consumed here since the last sync ("pending", in ms of the key's theoretical arrival time, TAT) is
// added to the shared TAT in Redis by SYNC_LUA, which answers the shared TAT; the local TAT becomes
// max(local, shared + what was consumed here meanwhile). Overshoot bound (docs/gateway.md): with K
// instances a key admits at most N + (K − 1) × (what one instance admits between two syncs, ≤ N) per
// window, and the excess is charged to the shared TAT, so it is paid back by later refusals.
import type { Redis } from "ioredis";

/** Adds each key's pending ms to its shared TAT (Redis clock) and answers every TAT as ms from now. */
export const SYNC_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i = 1, #KEYS do
  local pending = tonumber(ARGV[i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  if pending > 0 then
    tat = tat + pending
    redis.call('SET', KEYS[i], string.format('%.3f', tat), 'PX', math.ceil(tat - now))
  end
  out[i] = math.floor(tat - now)
end
return out`;

interface Entry {
  tat: number; // ms, local clock
  pending: number; // ms of TAT consumed here and not yet added to Redis
  touched: boolean; // checked since the last sync: only these are synced
}

export interface LocalGcraOptions {
  windowMs: number;
  /** Keys remembered at most; the oldest is forgotten first (forgetting only ever lets more through). */
  maxKeys?: number;
  now?: () => number;
}

/**
 * Check `keys` against `limits` and charge all of them only when all allow. Result layout of GCRA_LUA:
 * [allowed 1|0, then per key: remaining, retry-after ms (0 when allowed), reset ms].
 */
export function createLocalGcra(opts: LocalGcraOptions) {
  const entries = new Map<string, Entry>();
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 100_000;
  const windowMs = opts.windowMs;

  function entry(key: string): Entry {
    let e = entries.get(key);
    if (!e) {
      if (entries.size >= maxKeys) entries.delete(entries.keys().next().value!);
      e = { tat: 0, pending: 0, touched: true };
      entries.set(key, e);
    }
    return e;
  }

  function check(keys: string[], limits: number[]): number[] {
    const t = now();
    const out = [1];
    const found: Entry[] = [];
    for (let i = 0; i < keys.length; i++) {
      const e = entry(keys[i]);
      e.touched = true;
      found.push(e);
      const interval = windowMs / limits[i];
      const tat = e.tat < t ? t : e.tat;
      const allowAt = tat + interval - windowMs;
      if (allowAt > t) {
        out[0] = 0;
        out.push(0, Math.ceil(allowAt - t), Math.ceil(tat - t));
      } else out.push(Math.floor((t - allowAt) / interval), 0, Math.ceil(tat + interval - t));
    }
    if (out[0] === 1) {
      for (let i = 0; i < found.length; i++) {
        const interval = windowMs / limits[i];
        found[i].tat = (found[i].tat < t ? t : found[i].tat) + interval;
        found[i].pending += interval;
      }
    }
    return out;
  }

  /** Push the pending time of every key checked since the last sync to Redis and take the shared TAT
   * back (one script per batch of keys). Idle keys (TAT passed, nothing pending) are forgotten. */
  async function sync(redis: Redis, sha: () => Promise<string>, batch = 500): Promise<void> {
    const t = now();
    const all: string[] = [];
    for (const [key, e] of entries) {
      if (e.touched || e.pending > 0) all.push(key);
      else if (e.tat <= t) entries.delete(key);
      e.touched = false;
    }
    for (let i = 0; i < all.length; i += batch) {
      const keys = all.slice(i, i + batch);
      const sent = keys.map((k) => entries.get(k)?.pending ?? 0);
      for (const k of keys) entries.get(k)!.pending = 0;
      let shared: number[];
      try {
        shared = await redis.evalsha(await sha(), keys.length, ...keys, ...sent.map(String)) as number[];
      } catch (err) {
        keys.forEach((k, j) => { // nothing is lost: it goes with the next sync
          const e = entries.get(k);
          if (e) e.pending += sent[j];
        });
        throw err;
      }
      const back = now();
      keys.forEach((k, j) => {
        const e = entries.get(k);
        if (e) e.tat = Math.max(e.tat, back + shared[j] + e.pending);
      });
    }
  }

  return { check, sync, size: () => entries.size };
}

export type LocalGcra = ReturnType<typeof createLocalGcra>;

/** Sync `gcra` to Redis every `everyMs` in the background (never on a request). A sync that cannot
 * run (Redis away) or fails is reported; what it could not send goes with the next one. */
export function startSync(
  gcra: LocalGcra,
  redis: Redis,
  everyMs: number,
  onError: (err: unknown) => void,
): { close(): void } {
  let sha: string | undefined;
  const loadSha = async () => (sha ??= await redis.script("LOAD", SYNC_LUA) as string);
  let running = false;
  const tick = async () => {
    if (running) return;
    if (redis.status !== "ready") return onError(new Error(`redis ${redis.status}`));
    running = true;
    try {
      await gcra.sync(redis, loadSha);
    } catch (err) {
      if (String(err).includes("NOSCRIPT")) sha = undefined; // Redis restarted empty: load it again
      onError(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  Deno.unrefTimer(timer);
  return { close: () => clearInterval(timer) };
}
