// loginGuard(): brute-force protection for POST /auth/login, per client IP and per account.
// Every 401 from the user service counts (unknown usernames answer 401 too, so they count the same and
// the guard reveals nothing about which accounts exist). N failures within the window → that IP, or that
// account from anywhere, gets 429 LOGIN_BLOCKED until the block expires. A success clears the account's
// counter; the IP counter only expires, so an attacker cannot launder it by logging into an own account.
// The body is read once to find the username and then forwarded byte for byte (never re-serialised).
// Redis down → the same counting in a bounded in-process store (login-memory.ts): an outage must not
// open the door to unlimited guesses. Blocks from either store are honoured.
import type { MiddlewareHandler } from "hono";
import type { Redis } from "ioredis";
import { ApiError } from "../../../services/common/errors.ts";
import type { GatewayEnv } from "../env.ts";
import { memoryLoginStore, type Subject } from "./login-memory.ts";

// KEYS: counter, block (pairs); ARGV: window ms, block ms, then max failures per pair.
const RECORD_FAILURE_LUA = `
local blocked = 0
for i = 1, #KEYS, 2 do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  if n >= tonumber(ARGV[2 + (i + 1) / 2]) then
    redis.call('SET', KEYS[i + 1], '1', 'PX', ARGV[2])
    redis.call('DEL', KEYS[i])
    blocked = 1
  end
end
return blocked`;

export interface LoginGuardOptions {
  redis: Redis;
  maxFailuresPerIp: number;
  maxFailuresPerAccount: number;
  windowSeconds: number;
  blockSeconds: number;
  keyPrefix?: string;
  onBlock?: () => void;
  onFailOpen?: (err: unknown) => void;
}

/** Lower-cased username from a JSON login body, or undefined when there is none to key on. */
export function usernameOf(body: Uint8Array): string | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body));
    const u = parsed?.username;
    return typeof u === "string" && u.trim() ? u.trim().toLowerCase().slice(0, 128) : undefined;
  } catch {
    return undefined; // the user service answers malformed bodies with 422; nothing to count here
  }
}

// Long by design: options checked once, then the middleware reading the block, calling the login
// and counting its outcome in one place, so the order of those steps is visible.
export function loginGuard(opts: LoginGuardOptions): MiddlewareHandler<GatewayEnv> {
  if (!opts?.redis) throw new Error("loginGuard: redis is required");
  for (const k of ["maxFailuresPerIp", "maxFailuresPerAccount", "windowSeconds", "blockSeconds"] as const) {
    if (!Number.isInteger(opts[k]) || opts[k] < 1) {
      throw new Error(`loginGuard: ${k} must be an integer >= 1`);
    }
  }
  const { redis } = opts;
  const p = opts.keyPrefix ?? "login";
  const memory = memoryLoginStore();
  const windowMs = opts.windowSeconds * 1000, blockMs = opts.blockSeconds * 1000;

  /** Longest block (ms) on these keys: memory always, Redis when reachable; null = Redis unusable. */
  async function redisBlockedMs(blockKeys: string[]): Promise<number | null> {
    if (redis.status !== "ready") {
      opts.onFailOpen?.(new Error(`redis ${redis.status}`));
      return null;
    }
    try {
      return Math.max(...await Promise.all(blockKeys.map((k) => redis.pttl(k))));
    } catch (err) {
      opts.onFailOpen?.(err);
      return null;
    }
  }

  async function recordFailure(keys: Subject[], useRedis: boolean): Promise<boolean> {
    if (useRedis) {
      try {
        const blocked = await redis.eval(
          RECORD_FAILURE_LUA,
          keys.length * 2,
          ...keys.flatMap((k) => [k.fail, k.block]),
          String(windowMs),
          String(blockMs),
          ...keys.map((k) => String(k.max)),
        );
        return blocked === 1;
      } catch (err) {
        opts.onFailOpen?.(err);
      }
    }
    return memory.recordFailure(keys, windowMs, blockMs);
  }

  return async function guardLogin(c, next) {
    let body: Uint8Array<ArrayBuffer> | undefined = c.get("body"); // read by readBody, first on every route
    if (!body) {
      body = new Uint8Array(await c.req.raw.arrayBuffer());
      // Not `new Request(c.req.raw, …)`: copying the original would tie its abort signal to ours.
      c.req.raw = new Request(c.req.raw.url, { method: "POST", headers: c.req.raw.headers, body });
    }
    const username = usernameOf(body);
    const subjects: { scope: "ip" | "account"; id: string; max: number }[] = [
      { scope: "ip", id: c.get("clientIp"), max: opts.maxFailuresPerIp },
    ];
    if (username) subjects.push({ scope: "account", id: username, max: opts.maxFailuresPerAccount });
    const keys = subjects.map((s) => ({
      max: s.max,
      fail: `${p}:fail:${s.scope}:${s.id}`,
      block: `${p}:block:${s.scope}:${s.id}`,
    }));

    const inRedis = await redisBlockedMs(keys.map((k) => k.block));
    const longest = Math.max(inRedis ?? 0, memory.blockedMs(keys.map((k) => k.block)));
    if (longest > 0) {
      const retryAfter = Math.ceil(longest / 1000);
      throw new ApiError(429, "LOGIN_BLOCKED", "Too many failed login attempts; try again later", {
        retry_after: retryAfter,
        headers: { "Retry-After": String(retryAfter) },
      });
    }

    await next();

    if (c.res.status === 401) {
      if (await recordFailure(keys, inRedis !== null)) opts.onBlock?.();
    } else if (c.res.status < 300 && username) {
      const account = `${p}:fail:account:${username}`;
      memory.clear(account);
      if (inRedis !== null) await redis.del(account).catch((err) => opts.onFailOpen?.(err));
    }
  };
}
