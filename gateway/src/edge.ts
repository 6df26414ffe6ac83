// Process-wide middleware of the gateway only (services sit behind it): security headers (incl. CSP and
// Permissions-Policy), the CORS
// allow-list and the client IP that rate limits and the login guard key on.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { GatewayConfig } from "../config.ts";
import { peerAddress, resolveClientIp, trustedProxies } from "./client-ip.ts";
import type { GatewayEnv } from "./env.ts";

// API answers are data, never a page: nothing may load, frame or submit from them. /docs is the one
// HTML page: Swagger UI's files come from this origin, and the page starts it with a small inline
// script and inline styles (@hono/swagger-ui), hence 'unsafe-inline' for that path only.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), " +
  "microphone=(), payment=(), usb=()";

export function edgeMiddleware(cfg: GatewayConfig): MiddlewareHandler<GatewayEnv>[] {
  const trust = trustedProxies(cfg.TRUSTED_PROXIES);
  return [
    async function contentPolicies(c, next) {
      await next();
      const docs = c.req.path === "/docs" || c.req.path.startsWith("/docs/");
      c.res.headers.set("Content-Security-Policy", docs ? DOCS_CSP : API_CSP);
      c.res.headers.set("Permissions-Policy", PERMISSIONS_POLICY);
    },
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
