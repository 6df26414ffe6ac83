// loginGuard(): brute-force protection for POST /auth/login, per client IP and per account.
// Every 401 from the user service counts (unknown usernames answer 401 too, so they count the same and
// the guard reveals nothing about which accounts exist). N failures within the window → that IP, or that
// account from anywhere, gets 429 LOGIN_BLOCKED until the block expires. A success clears the account's
// counter; the IP counter only expires, so an attacker cannot launder it by logging into an own account.
// The body is read once to find the username and then forwarded byte for byte (never re-serialised).
// Redis down → fail open (logins are not guarded, gateway keeps serving), as documented in README.
import type { MiddlewareHandler } from "hono";
import type { Redis } from "ioredis";
import { ApiError } from "../../../services/common/errors.ts";
import type { GatewayEnv } from "../env.ts";

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

  return async function guardLogin(c, next) {
    const body = new Uint8Array(await c.req.raw.arrayBuffer());
    // Not `new Request(c.req.raw, …)`: copying the original would tie its abort signal to ours.
    c.req.raw = new Request(c.req.raw.url, { method: "POST", headers: c.req.raw.headers, body });
    const username = usernameOf(body);
    const subjects: { scope: "ip" | "account"; id: string; max: number }[] = [
      { scope: "ip", id: c.get("clientIp"), max: opts.maxFailuresPerIp },
    ];
    if (username) subjects.push({ scope: "account", id: username, max: opts.maxFailuresPerAccount });
    const keys = subjects.map((s) => ({
      ...s,
      fail: `${p}:fail:${s.scope}:${s.id}`,
      block: `${p}:block:${s.scope}:${s.id}`,
    }));

    if (redis.status !== "ready") {
      opts.onFailOpen?.(new Error(`redis ${redis.status}`));
      return await next();
    }
    try {
      const ttls = await Promise.all(keys.map((k) => redis.pttl(k.block)));
      const longest = Math.max(...ttls);
      if (longest > 0) {
        const retryAfter = String(Math.ceil(longest / 1000));
        throw new ApiError(429, "LOGIN_BLOCKED", "Too many failed login attempts; try again later", {
          retry_after: Number(retryAfter),
          headers: { "Retry-After": retryAfter },
        });
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      opts.onFailOpen?.(err);
      return await next();
    }

    await next();

    try {
      if (c.res.status === 401) {
        const blocked = await redis.eval(
          RECORD_FAILURE_LUA,
          keys.length * 2,
          ...keys.flatMap((k) => [k.fail, k.block]),
          String(opts.windowSeconds * 1000),
          String(opts.blockSeconds * 1000),
          ...keys.map((k) => String(k.max)),
        );
        if (blocked === 1) opts.onBlock?.();
      } else if (c.res.status < 300 && username) {
        await redis.del(`${p}:fail:account:${username}`);
      }
    } catch (err) {
      opts.onFailOpen?.(err);
    }
  };
}
