// The per-route chain: one Hono route per route-table entry, each running
//   select route → read body (size + time bounded) → authenticate → authorize → rate limit → (login guard) → proxy | local
// Redis down: the login guard counts in memory, rate limits hold per instance (counted, logged every 10 s).
import type { Context, Handler, Hono, MiddlewareHandler } from "hono";
import type { Redis } from "ioredis";
import type { Logger } from "../../services/common/logger.ts";
import type { GatewayConfig } from "../config.ts";
import { API_PREFIX, isLocal, type Route } from "../routes.ts";
import type { GatewayEnv } from "./env.ts";
import type { TokenVerifier } from "./jwt-verifier.ts";
import type { LocalHandlers } from "./local.ts";
import { gatewayMetrics } from "./metrics.ts";
import { authenticationCheck } from "./middleware/auth.ts";
import { loginGuard } from "./middleware/login-guard.ts";
import { rateLimiter } from "./middleware/rate-limit.ts";
import { bodyReader } from "./middleware/read-body.ts";
import { authorizationCheck } from "./middleware/rbac.ts";

export interface ChainDeps {
  cfg: GatewayConfig;
  redis: Redis;
  log: Logger;
  verifier: TokenVerifier;
  /** Stops background work (the rate-limit sync). */
  signal?: AbortSignal;
}

/**
 * Redis is down: count every request decided without it, but warn once per 10 s, not per request.
 * Used by the login guard (counting in memory) and the rate limiter (deciding per instance).
 */
function redisOutageReporter(log: Logger, count: () => void, message: string) {
  let lastLog = 0;
  return (err: unknown) => {
    count();
    if (Date.now() - lastLog < 10_000) return;
    lastLog = Date.now();
    log.warn({ err: String(err) }, message);
  };
}

/**
 * `Cache-Control: no-store` on every answer of a protected route, and of a public one asked with a valid
 * token: balances, profiles and orders must not be kept by a shared cache or the browser's back button.
 */
const NO_STORE: [string, string] = ["Cache-Control", "no-store"];

/** A route's checks, each a plain function run by the route's one middleware (`gateOf`). */
export interface Checks {
  readBody: (c: Context<GatewayEnv>) => Promise<void>;
  authenticate: (c: Context<GatewayEnv>) => Promise<void>;
  authorize: (c: Context<GatewayEnv>) => void;
  /** Absent when RATE_LIMIT_ENABLED=false. */
  rateLimit?: (c: Context<GatewayEnv>) => [string, string][] | Promise<[string, string][]>;
  /** The login guard, for `login` routes (a middleware: it looks at the answer). */
  loginGuard: MiddlewareHandler<GatewayEnv>;
}

/** The checks every route runs before its handler, and the login guard for `login` routes. */
export function routeChecks({ cfg, redis, log, verifier, signal }: ChainDeps): Checks {
  const m = gatewayMetrics();
  const failOpen = redisOutageReporter(
    log,
    () => m.rateLimitFailOpen.inc(),
    "redis unavailable: login guard counting in memory",
  );
  return {
    readBody: bodyReader({ maxBytes: cfg.BODY_LIMIT_BYTES, deadlineMs: cfg.BODY_READ_TIMEOUT_MS }),
    authenticate: authenticationCheck({ verifier }),
    authorize: authorizationCheck,
    rateLimit: cfg.RATE_LIMIT_ENABLED
      ? rateLimiter({
        redis,
        mode: cfg.RATE_LIMIT_MODE,
        syncMs: cfg.RATE_LIMIT_SYNC_MS,
        signal,
        windowSeconds: cfg.RATE_LIMIT_WINDOW_SECONDS,
        groups: {
          default: { ip: cfg.RATE_LIMIT_DEFAULT_IP, user: cfg.RATE_LIMIT_DEFAULT_USER },
          write: { ip: cfg.RATE_LIMIT_WRITE_IP, user: cfg.RATE_LIMIT_WRITE_USER },
          auth: { ip: cfg.RATE_LIMIT_AUTH_IP, user: cfg.RATE_LIMIT_AUTH_USER },
        },
        onReject: (group, scope) => m.rateLimitRejections.inc({ group, scope }),
        onRedisUnavailable: redisOutageReporter(
          log,
          () => m.rateLimitLocalFallback.inc(),
          "redis unavailable: rate limits decided per instance",
        ),
      })
      : undefined,
    loginGuard: loginGuard({
      redis,
      maxFailuresPerIp: cfg.LOGIN_MAX_FAILURES_IP,
      maxFailuresPerAccount: cfg.LOGIN_MAX_FAILURES_USER,
      windowSeconds: cfg.LOGIN_FAILURE_WINDOW_SECONDS,
      blockSeconds: cfg.LOGIN_BLOCK_SECONDS,
      onBlock: () => m.loginBlocks.inc(),
      onFailOpen: failOpen,
    }),
  };
}

/**
 * One middleware per route running select → read body → authenticate → authorize → rate limit in
 * order, as plain calls: one step of Hono's compose (a closure and a promise per step) instead of six
 * on every request (docs/gateway.md § Performance). Headers go into the answer's list (src/edge.ts),
 * so the proxy builds its Response with them in one go; without a list they are set on the answer.
 */
export function gateOf(route: Route, checks: Checks): MiddlewareHandler<GatewayEnv> {
  const protectedRoute = route.access !== "public";
  return async function gate(c, next) {
    c.set("route", route);
    const list = c.get("responseHeaders") as [string, string][] | undefined;
    const extra: [string, string][] = list ?? [];
    if (protectedRoute) extra.push(NO_STORE); // 401s too
    // A check that throws becomes an error answer (Hono's onError); the edge sets the list on it.
    if (c.req.raw.body !== null) await checks.readBody(c);
    await checks.authenticate(c);
    if (!protectedRoute && c.get("identity")) extra.push(NO_STORE);
    checks.authorize(c);
    if (checks.rateLimit) {
      const limited = checks.rateLimit(c);
      for (const pair of Array.isArray(limited) ? limited : await limited) extra.push(pair);
    }
    await next();
    if (!list) { for (const [name, value] of extra) c.res.headers.set(name, value); }
  };
}

/** Mount every route of `routes` on `app` with its checks and its handler (proxy or local). */
export function mountRoutes(
  app: Hono<GatewayEnv>,
  routes: readonly Route[],
  checks: Checks,
  handlers: { proxy: Handler<GatewayEnv>; local: LocalHandlers },
) {
  for (const route of routes) {
    const handler = isLocal(route) ? handlers.local[route.local] : handlers.proxy;
    const gate = gateOf(route, checks);
    const path = API_PREFIX + route.path;
    const chain: [MiddlewareHandler<GatewayEnv>, ...Handler<GatewayEnv>[]] = route.login
      ? [gate, checks.loginGuard, handler]
      : [gate, handler];
    if (route.method === "ALL") app.all(path, ...chain);
    else app.on(route.method, path, ...chain);
  }
}
