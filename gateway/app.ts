// The gateway app: the shared base every process has (services/common/base-app.ts: request id, access
// log, RED metrics, problem JSON, health, readiness, /metrics) + the gateway's edge middleware (security
// headers, CORS, client IP) + docs + one route per route-table entry (src/chain.ts), each either
// proxied to its service or answered locally. Everything else under /api/v1 is a 404 problem.
import { Hono } from "hono";
import type { Redis } from "ioredis";
import { withBaseDefaults } from "../services/common/base-app.ts";
import type { Logger } from "../services/common/logger.ts";
import type { RevocationList } from "../services/common/revocation.ts";
import type { GatewayConfig } from "./config.ts";
import { ROUTES } from "./routes.ts";
import { mountRoutes, routeChecks } from "./src/chain.ts";
import { mountDocs } from "./src/docs.ts";
import { edgeMiddleware } from "./src/edge.ts";
import type { GatewayEnv } from "./src/env.ts";
import { gatewayReadiness } from "./src/health.ts";
import { createVerifier, type TokenVerifier } from "./src/jwt-verifier.ts";
import { createLiveEvents } from "./src/live-events.ts";
import { localHandlers } from "./src/local.ts";
import { gatewayMetrics } from "./src/metrics.ts";
import { proxyTo } from "./src/proxy.ts";
import type { UpstreamClient } from "./src/upstream-client.ts";
import { upstreamBreakers, upstreamsOf } from "./src/upstreams.ts";

export interface GatewayDeps {
  cfg: GatewayConfig;
  redis: Redis;
  log: Logger;
  /** Required when cfg.REVOCATION_CHECK: the caller owns it (and closes it on shutdown). */
  revocations?: RevocationList;
  /** Tests may inject one; by default built from cfg (HS256 secret or JWKS) and `revocations`. */
  verifier?: TokenVerifier;
  /** The proxy's HTTP client (src/upstream-client.ts); a benchmark may inject a stand-in. */
  upstreamClient?: UpstreamClient;
  /** Aborting stops the app's background work (the rate-limit sync, upstream connections); main.ts aborts it on shutdown. */
  signal?: AbortSignal;
}

export function buildGatewayApp(deps: GatewayDeps) {
  const { cfg, redis, log } = deps;
  const edge = edgeMiddleware(cfg); // validates TRUSTED_PROXIES first: a bad value fails at start
  if (cfg.REVOCATION_CHECK && !deps.revocations && !deps.verifier) {
    throw new Error("buildGatewayApp: REVOCATION_CHECK needs a revocation list");
  }
  const upstreams = upstreamsOf(cfg);
  const breakers = upstreamBreakers(cfg, log);
  const verifier = deps.verifier ?? createVerifier({
    issuer: cfg.JWT_ISSUER,
    audience: cfg.JWT_AUDIENCE,
    secret: cfg.JWT_SECRET,
    jwksUrl: cfg.JWT_JWKS_URL,
    algorithms: cfg.JWT_ALGORITHMS,
    revocations: cfg.REVOCATION_CHECK ? deps.revocations : undefined,
  });
  const m = gatewayMetrics();

  const app = withBaseDefaults(new Hono<GatewayEnv>(), {
    name: "gateway",
    metricsPrefix: "gateway",
    log,
    middleware: edge,
    health: () => ({ redis: redis.status === "ready" }),
    readiness: gatewayReadiness(redis, upstreams, breakers),
  });
  mountDocs(app, upstreams);
  mountRoutes(app, ROUTES, routeChecks({ cfg, redis, log, verifier, signal: deps.signal }), {
    proxy: proxyTo({
      upstreams,
      breakers,
      timeoutsMs: { fast: cfg.TIMEOUT_FAST_MS, default: cfg.TIMEOUT_DEFAULT_MS, slow: cfg.TIMEOUT_SLOW_MS },
      onProxyError: (service, type) => m.proxyErrors.inc({ target_service: service, error_type: type }),
      openRetryAfterSeconds: Math.ceil(cfg.BREAKER_HALF_OPEN_AFTER_MS / 1000),
      client: deps.upstreamClient,
      signal: deps.signal,
    }),
    local: localHandlers(
      createLiveEvents({
        redis,
        heartbeatMs: cfg.LIVE_HEARTBEAT_MS,
        ticketTtlSeconds: cfg.WS_TICKET_TTL_SECONDS,
      }),
    ),
  });
  return app;
}
