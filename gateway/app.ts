// The gateway app: global request id, security headers, CORS and metrics; then one Hono route per
// route-table entry with the chain  body limit → authenticate → authorize → rate limit → (login guard)
// → proxy.  Everything else under /api/v1 is a 404 problem.
import { Hono } from "hono";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { Redis } from "ioredis";
import { ApiError, createErrorHandler, notFoundHandler } from "../services/common/errors.ts";
import type { Logger } from "../services/common/logger.ts";
import { metricsText } from "../services/common/metrics.ts";
import { requestId } from "../services/common/request-id.ts";
import type { GatewayConfig } from "./config.ts";
import { API_PREFIX, ROUTES, type ServiceName } from "./routes.ts";
import { peerAddress, resolveClientIp, trustedProxies } from "./src/client-ip.ts";
import type { GatewayEnv } from "./src/env.ts";
import { createVerifier, type TokenVerifier } from "./src/jwt-verifier.ts";
import { gatewayMetrics, recordRequests } from "./src/metrics.ts";
import { authenticate } from "./src/middleware/auth.ts";
import { circuitBreakers, CircuitState, STATE_NAMES } from "./src/middleware/breaker.ts";
import { loginGuard } from "./src/middleware/login-guard.ts";
import { rateLimit } from "./src/middleware/rate-limit.ts";
import { authorize } from "./src/middleware/rbac.ts";
import { apiIndexRoutes } from "./src/index-route.ts";
import { openApiSource } from "./src/openapi.ts";
import { proxyTo } from "./src/proxy.ts";

export interface GatewayDeps {
  cfg: GatewayConfig;
  redis: Redis;
  log: Logger;
  /** Tests may inject one; by default built from cfg (HS256 secret or JWKS). */
  verifier?: TokenVerifier;
}

const SERVICES: readonly ServiceName[] = ["user", "inventory", "order", "insights"];

export function buildGatewayApp(deps: GatewayDeps) {
  const { cfg, redis, log } = deps;
  const m = gatewayMetrics();
  const upstreams = {
    user: cfg.USER_URL,
    inventory: cfg.INVENTORY_URL,
    order: cfg.ORDER_URL,
    insights: cfg.INSIGHTS_URL,
  };
  const trust = trustedProxies(cfg.TRUSTED_PROXIES);
  let breakersBuilt = false; // the initial "closed" of each breaker is not news
  const breakers = circuitBreakers({
    services: SERVICES,
    consecutiveFailures: cfg.BREAKER_FAILURES,
    halfOpenAfterMs: cfg.BREAKER_HALF_OPEN_AFTER_MS,
    onStateChange: (service, state) => {
      m.breakerState.set({ target_service: service }, state);
      if (state !== CircuitState.Closed || breakersBuilt) {
        log.warn({ target_service: service, state: STATE_NAMES[state] }, "circuit breaker state change");
      }
    },
  });
  breakersBuilt = true;
  const verifier = deps.verifier ?? createVerifier({
    issuer: cfg.JWT_ISSUER,
    audience: cfg.JWT_AUDIENCE,
    secret: cfg.JWT_SECRET,
    jwksUrl: cfg.JWT_JWKS_URL,
    algorithms: cfg.JWT_ALGORITHMS,
    redis: cfg.REVOCATION_CHECK ? redis : undefined,
  });
  let lastFailOpenLog = 0; // one line per 10 s, not one per request, while Redis is down
  const failOpen = (err: unknown) => {
    m.rateLimitFailOpen.inc();
    if (Date.now() - lastFailOpenLog < 10_000) return;
    lastFailOpenLog = Date.now();
    log.warn({ err: String(err) }, "redis unavailable: rate limit / login guard skipped (fail open)");
  };

  const app = new Hono<GatewayEnv>();
  app.onError(
    createErrorHandler((err, c) =>
      log.error(
        { request_id: c.get("requestId"), err: String(err), stack: (err as Error)?.stack },
        "unhandled error",
      )
    ),
  );
  app.notFound(notFoundHandler);
  app.use(requestId());
  app.use(secureHeaders());
  app.use(cors({
    origin: cfg.CORS_ORIGINS,
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID", "Last-Event-ID"],
    exposeHeaders: [
      "X-Request-ID",
      "Retry-After",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
    ],
    maxAge: 600,
  }));
  app.use(recordRequests());
  app.use(async function clientIp(c, next) {
    c.set("clientIp", resolveClientIp(peerAddress(c), c.req.header("x-forwarded-for"), trust));
    await next();
  });

  app.get(
    "/health",
    (c) => c.json({ status: "healthy", service: "gateway", redis: redis.status === "ready" }),
  );
  app.get("/health/ready", async (c) => {
    // Ready means "can serve": Redis down only degrades (limits fail open) and missing or broken
    // upstreams get their own 503s, so neither takes the gateway out of a load balancer.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const redisOk = await Promise.race([
      redis.ping().then(() => true, () => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 1000))),
    ]);
    clearTimeout(timer);
    const services = Object.fromEntries(
      await Promise.all(SERVICES.map(async (s) => {
        if (!upstreams[s]) return [s, "not_configured"];
        try {
          const r = await fetch(`${upstreams[s]}/health`, { signal: AbortSignal.timeout(1000) });
          await r.body?.cancel();
          return [s, r.ok ? "ok" : `status ${r.status}`];
        } catch {
          return [s, "unreachable"];
        }
      })),
    );
    return c.json({
      status: redisOk ? "ready" : "degraded",
      service: "gateway",
      checks: { redis: redisOk ? "ok" : "unavailable (rate limits fail open)", ...services },
      breakers: breakers.states(),
    });
  });
  app.get("/metrics", () => metricsText());
  const mergedOpenApi = openApiSource(upstreams);
  app.get("/openapi.json", async (c) => c.json(await mergedOpenApi()));
  app.route("/", apiIndexRoutes());

  const chain: MiddlewareHandler<GatewayEnv>[] = [
    bodyLimit({
      maxSize: cfg.BODY_LIMIT_BYTES,
      onError: () => {
        throw new ApiError(413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${cfg.BODY_LIMIT_BYTES} bytes`);
      },
    }),
    authenticate({ verifier }),
    authorize(),
  ];
  if (cfg.RATE_LIMIT_ENABLED) {
    chain.push(rateLimit({
      redis,
      windowSeconds: cfg.RATE_LIMIT_WINDOW_SECONDS,
      groups: {
        default: { ip: cfg.RATE_LIMIT_DEFAULT_IP, user: cfg.RATE_LIMIT_DEFAULT_USER },
        write: { ip: cfg.RATE_LIMIT_WRITE_IP, user: cfg.RATE_LIMIT_WRITE_USER },
        auth: { ip: cfg.RATE_LIMIT_AUTH_IP, user: cfg.RATE_LIMIT_AUTH_USER },
      },
      onReject: (group, scope) => m.rateLimitRejections.inc({ group, scope }),
      onFailOpen: failOpen,
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
  const proxy = proxyTo({
    upstreams,
    breakers,
    timeoutsMs: { fast: cfg.TIMEOUT_FAST_MS, default: cfg.TIMEOUT_DEFAULT_MS, slow: cfg.TIMEOUT_SLOW_MS },
    onProxyError: (service, type) => m.proxyErrors.inc({ target_service: service, error_type: type }),
    openRetryAfterSeconds: Math.ceil(cfg.BREAKER_HALF_OPEN_AFTER_MS / 1000),
  });

  for (const route of ROUTES) {
    const select: MiddlewareHandler<GatewayEnv> = async function selectRoute(c, next) {
      c.set("route", route);
      await next();
    };
    const handlers = [select, ...chain, ...(route.login ? [guard] : []), proxy] as const;
    const path = API_PREFIX + route.path;
    if (route.method === "ALL") app.all(path, ...handlers);
    else app.on(route.method, path, ...handlers);
  }
  return app;
}
