// The per-route chain: one Hono route per route-table entry, each running
//   select route → read body (size + time bounded) → authenticate → authorize → rate limit → (login guard) → proxy | local
// Redis down: the login guard counts in memory, rate limits hold per instance (counted, logged every 10 s).
import type { Handler, Hono, MiddlewareHandler } from "hono";
import type { Redis } from "ioredis";
import type { Logger } from "../../services/common/logger.ts";
import type { GatewayConfig } from "../config.ts";
import { API_PREFIX, isLocal, type Route } from "../routes.ts";
import type { GatewayEnv } from "./env.ts";
import type { TokenVerifier } from "./jwt-verifier.ts";
import type { LocalHandlers } from "./local.ts";
import { gatewayMetrics } from "./metrics.ts";
import { authenticate } from "./middleware/auth.ts";
import { loginGuard } from "./middleware/login-guard.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { readBody } from "./middleware/read-body.ts";
import { authorize } from "./middleware/rbac.ts";

export interface ChainDeps {
  cfg: GatewayConfig;
  redis: Redis;
  log: Logger;
  verifier: TokenVerifier;
  /** Stops background work (the rate-limit sync). */
  signal?: AbortSignal;
}

/** One warning per 10 s, not one per request, while Redis is down. */
function failOpenReporter(log: Logger) {
  const m = gatewayMetrics();
  let lastLog = 0;
  return (err: unknown) => {
    m.rateLimitFailOpen.inc();
    if (Date.now() - lastLog < 10_000) return;
    lastLog = Date.now();
    log.warn({ err: String(err) }, "redis unavailable: login guard counting in memory");
  };
}

/** The rate limiter decided in process because Redis was away (or a background sync failed). */
function localFallback(log: Logger) {
  const m = gatewayMetrics();
  let lastLog = 0;
  return (err: unknown) => {
    m.rateLimitLocalFallback.inc();
    if (Date.now() - lastLog < 10_000) return;
    lastLog = Date.now();
    log.warn({ err: String(err) }, "redis unavailable: rate limits decided per instance");
  };
}

/**
 * `Cache-Control: no-store` on every answer of a protected route, and of a public one asked with a valid
 * token: balances, profiles and orders must not be kept by a shared cache or the browser's back button.
 */
const noStoreForIdentified: MiddlewareHandler<GatewayEnv> = async function noStore(c, next) {
  await next();
  if (c.get("route").access !== "public" || c.get("identity")) c.res.headers.set("Cache-Control", "no-store");
};

/** The checks every route runs before its handler, and the login guard for `login` routes. */
export function routeChecks({ cfg, redis, log, verifier, signal }: ChainDeps) {
  const m = gatewayMetrics();
  const failOpen = failOpenReporter(log);
  const common: MiddlewareHandler<GatewayEnv>[] = [
    readBody({ maxBytes: cfg.BODY_LIMIT_BYTES, deadlineMs: cfg.BODY_READ_TIMEOUT_MS }),
    noStoreForIdentified,
    authenticate({ verifier }),
    authorize(),
  ];
  if (cfg.RATE_LIMIT_ENABLED) {
    common.push(rateLimit({
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
      onRedisUnavailable: localFallback(log),
    }));
  }
  const guard = loginGuard({
    redis,
    maxFailuresPerIp: cfg.LOGIN_MAX_FAILURES_IP,
    maxFailuresPerAccount: cfg.LOGIN_MAX_FAILURES_USER,
    windowSeconds: cfg.LOGIN_FAILURE_WINDOW_SECONDS,
    blockSeconds: cfg.LOGIN_BLOCK_SECONDS,
    onBlock: () => m.loginBlocks.inc(),
    onFailOpen: failOpen,
  });
  return (route: Route) => (route.login ? [...common, guard] : common);
}

/** Mount every route of `routes` on `app` with its checks and its handler (proxy or local). */
export function mountRoutes(
  app: Hono<GatewayEnv>,
  routes: readonly Route[],
  checksFor: (route: Route) => MiddlewareHandler<GatewayEnv>[],
  handlers: { proxy: Handler<GatewayEnv>; local: LocalHandlers },
) {
  for (const route of routes) {
    const select: MiddlewareHandler<GatewayEnv> = async function selectRoute(c, next) {
      c.set("route", route);
      await next();
    };
    const handler = isLocal(route) ? handlers.local[route.local] : handlers.proxy;
    const chain = [select, ...checksFor(route), handler] as const;
    const path = API_PREFIX + route.path;
    if (route.method === "ALL") app.all(path, ...chain);
    else app.on(route.method, path, ...chain);
  }
}
