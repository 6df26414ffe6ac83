// rateLimit(): per client IP and per user, per route group, GCRA (a "theoretical arrival time" per key,
// O(1) memory). All of a request's keys are checked and charged together, so a request rejected by one
// limit is not counted against the other. Two modes (RATE_LIMIT_MODE, docs/gateway.md):
//  - "local" (default): decided in process (local-gcra.ts), exact for one instance, no network round
//    trip per request; the counts are synchronised to Redis in the background so several instances
//    share one budget with a bounded overshoot;
//  - "redis": one atomic Lua script per request in Redis, exact across any number of instances.
// Redis down: "local" does not notice (the sync waits); "redis" decides in process meanwhile, so limits
// keep holding per instance and requests keep flowing (counted in gateway_rate_limit_local_fallback_total).
import type { Context, MiddlewareHandler } from "hono";
import type { Redis } from "ioredis";
import { ApiError } from "../../../services/common/errors.ts";
import type { RateGroup } from "../../routes.ts";
import type { GatewayEnv } from "../env.ts";
import { createLocalGcra, startSync } from "./local-gcra.ts";

export const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local out = {1}
local tats = {}
for i = 1, #KEYS do
  local interval = window / tonumber(ARGV[i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  local new_tat = tat + interval
  local allow_at = new_tat - window
  if allow_at > now then
    out[1] = 0
    table.insert(out, 0)
    table.insert(out, math.ceil(allow_at - now))
    table.insert(out, math.ceil(tat - now))
  else
    table.insert(out, math.floor((now - allow_at) / interval))
    table.insert(out, 0)
    table.insert(out, math.ceil(new_tat - now))
  end
  tats[i] = new_tat
end
if out[1] == 1 then
  for i = 1, #KEYS do
    redis.call('SET', KEYS[i], string.format('%.3f', tats[i]), 'PX', math.ceil(tats[i] - now))
  end
end
return out`;

export interface GroupLimits {
  ip: number;
  user: number;
}

export interface RateLimitOptions {
  redis: Redis;
  windowSeconds: number;
  groups: Record<RateGroup, GroupLimits>;
  /** "local" (default): in process + background sync every `syncMs`; "redis": a script per request. */
  mode?: "local" | "redis";
  syncMs?: number;
  keyPrefix?: string;
  onReject?: (group: RateGroup, scope: "ip" | "user") => void;
  /** Redis could not be used (a decision taken in process instead, or a failed sync). */
  onRedisUnavailable?: (err: unknown) => void;
  /** Stops the background sync. */
  signal?: AbortSignal;
}

interface Check {
  scope: "ip" | "user";
  key: string;
  limit: number;
}

type Pairs = [string, string][];

// Long by design: options checked once, then the check, whose header/limit bookkeeping reads best top
// to bottom next to the script it interprets.
/**
 * The check itself (src/chain.ts runs it inside the route's one middleware): throws the 429, or gives
 * the headers of the answer. Synchronous in local mode (no promise per request), a promise in redis mode.
 */
export function rateLimiter(opts: RateLimitOptions): (c: Context<GatewayEnv>) => Pairs | Promise<Pairs> {
  if (!opts?.redis) throw new Error("rateLimit: redis is required");
  if (!(opts.windowSeconds >= 1)) throw new Error("rateLimit: windowSeconds must be >= 1");
  for (const [group, l] of Object.entries(opts.groups)) {
    if (!(l.ip >= 1 && l.user >= 1)) throw new Error(`rateLimit: limits of group ${group} must be >= 1`);
  }
  const { redis } = opts;
  const prefix = opts.keyPrefix ?? "rl";
  const windowMs = opts.windowSeconds * 1000;
  const mode = opts.mode ?? "local";
  const local = createLocalGcra({ windowMs });
  if (mode === "local") {
    const sync = startSync(local, redis, opts.syncMs ?? 100, (err) => opts.onRedisUnavailable?.(err));
    opts.signal?.addEventListener("abort", sync.close);
  }
  let sha: string | undefined;

  async function run(keys: string[], limits: number[]): Promise<number[]> {
    const args = [String(windowMs), ...limits.map(String)];
    if (sha) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args) as number[];
      } catch (err) {
        if (!String(err).includes("NOSCRIPT")) throw err;
      }
    }
    sha = await redis.script("LOAD", GCRA_LUA) as string;
    return await redis.evalsha(sha, keys.length, ...keys, ...args) as number[];
  }

  async function decideInRedis(checks: Check[], group: RateGroup): Promise<Pairs> {
    const keys = checks.map((k) => k.key), limits = checks.map((k) => k.limit);
    let result: number[];
    try {
      result = await run(keys, limits);
    } catch (err) {
      opts.onRedisUnavailable?.(err);
      result = local.check(keys, limits);
    }
    return outcome(checks, result, group);
  }

  // Report the tightest limit: the one with the fewest requests left (a rejecting one if any).
  function outcome(checks: Check[], out: number[], group: RateGroup): Pairs {
    let worst = 0;
    const rejected = (j: number) => out[2 + j * 3] > 0;
    for (let i = 1; i < checks.length; i++) {
      const tighter = rejected(i) !== rejected(worst) ? rejected(i) : out[1 + i * 3] < out[1 + worst * 3];
      if (tighter) worst = i;
    }
    const remaining = String(out[1 + worst * 3]), retryMs = out[2 + worst * 3], resetMs = out[3 + worst * 3];
    const limit = checks[worst].limit, limitText = String(limit);
    const resetS = Math.max(0, Math.ceil(resetMs / 1000));
    const headers: Pairs = [
      ["RateLimit-Limit", limitText],
      ["RateLimit-Remaining", remaining],
      ["RateLimit-Reset", String(resetS)],
      ["RateLimit-Policy", `${limit};w=${opts.windowSeconds}`],
      ["X-RateLimit-Limit", limitText],
      ["X-RateLimit-Remaining", remaining],
      ["X-RateLimit-Reset", String(Math.ceil(Date.now() / 1000) + resetS)],
    ];
    if (out[0] === 1) return headers;
    opts.onReject?.(group, checks[worst].scope);
    const retryAfter = String(Math.max(1, Math.ceil(retryMs / 1000)));
    throw new ApiError(
      429,
      "RATE_LIMITED",
      `Rate limit exceeded: ${limit} requests per ${opts.windowSeconds} s per ${checks[worst].scope}`,
      {
        retry_after: Number(retryAfter),
        headers: { ...Object.fromEntries(headers), "Retry-After": retryAfter },
      },
    );
  }

  return function limitRate(c) {
    const group = c.get("route").rateLimit;
    const limits = opts.groups[group];
    const checks: Check[] = [{
      scope: "ip",
      key: `${prefix}:${group}:ip:${c.get("clientIp")}`,
      limit: limits.ip,
    }];
    const user = c.get("identity")?.sub;
    if (user) checks.push({ scope: "user", key: `${prefix}:${group}:user:${user}`, limit: limits.user });
    if (mode === "redis") {
      if (redis.status === "ready") return decideInRedis(checks, group);
      opts.onRedisUnavailable?.(new Error(`redis ${redis.status}`));
    }
    return outcome(checks, local.check(checks.map((k) => k.key), checks.map((k) => k.limit)), group);
  };
}

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler<GatewayEnv> {
  const limit = rateLimiter(opts);
  return async function rateLimitMiddleware(c, next) {
    const headers = await limit(c);
    // Into the answer's header list when there is one (built once by the proxy, src/edge.ts).
    const list = c.get("responseHeaders");
    if (list) list.push(...headers);
    await next();
    if (!list) { for (const [name, value] of headers) c.res.headers.set(name, value); }
  };
}
