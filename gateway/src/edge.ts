// Process-wide middleware of the gateway only (services sit behind it): security headers, the CORS
// allow-list and the client IP that rate limits and the login guard key on.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { GatewayConfig } from "../config.ts";
import { peerAddress, resolveClientIp, trustedProxies } from "./client-ip.ts";
import type { GatewayEnv } from "./env.ts";

export function edgeMiddleware(cfg: GatewayConfig): MiddlewareHandler<GatewayEnv>[] {
  const trust = trustedProxies(cfg.TRUSTED_PROXIES);
  return [
    secureHeaders(),
    cors({
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
    }),
    async function clientIp(c, next) {
      c.set("clientIp", resolveClientIp(peerAddress(c), c.req.header("x-forwarded-for"), trust));
      await next();
    },
  ];
}
