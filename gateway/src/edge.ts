// Process-wide middleware of the gateway only (services sit behind it): security headers (incl. CSP and
// Permissions-Policy), the CORS allow-list and the client IP that rate limits and the login guard key on.
//
// Hot path (docs/gateway.md § Performance): one middleware instead of three, and no header is set on
// the response one by one when the proxy answers. The headers every answer gets are collected in
// `responseHeaders` before the route runs (rate limits add theirs); the proxy builds its Response with
// them in one go and marks it `headersApplied`; any other answer (errors, local routes, docs) gets them
// set after the fact. Hono's cors() touched `c.res` before the route ran, which made Hono re-wrap every
// proxied Response (a second copy of body and headers); it now answers preflights only.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
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
/** Hono secureHeaders() defaults, as a list (edge.test.ts checks they stay the same). */
export const SECURITY_HEADERS: readonly [string, string][] = [
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "no-referrer"],
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-DNS-Prefetch-Control", "off"],
  ["X-Download-Options", "noopen"],
  ["X-Frame-Options", "SAMEORIGIN"],
  ["X-Permitted-Cross-Domain-Policies", "none"],
  ["X-XSS-Protection", "0"],
];
const CORS = {
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID", "Last-Event-ID"],
  exposeHeaders: ["X-Request-ID", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
  maxAge: 600,
};
/** Names the gateway sets itself: an upstream's own value is replaced, except Vary, which is added to. */
export const EDGE_HEADER_NAMES = new Set(
  [
    ...SECURITY_HEADERS.map(([n]) => n),
    "Content-Security-Policy",
    "Permissions-Policy",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
  ].map((n) => n.toLowerCase()),
);

export function edgeMiddleware(cfg: GatewayConfig): MiddlewareHandler<GatewayEnv>[] {
  const trust = trustedProxies(cfg.TRUSTED_PROXIES);
  const origins = new Set(cfg.CORS_ORIGINS);
  const preflight = cors({ origin: cfg.CORS_ORIGINS, ...CORS });
  const expose = CORS.exposeHeaders.join(",");
  return [
    async function edge(c, next) {
      const docs = c.req.path === "/docs" || c.req.path.startsWith("/docs/");
      const policies: [string, string][] = [
        ["Content-Security-Policy", docs ? DOCS_CSP : API_CSP],
        ["Permissions-Policy", PERMISSIONS_POLICY],
      ];
      if (c.req.method === "OPTIONS") {
        const res = await preflight(c, next);
        if (res) {
          for (const [name, value] of [...SECURITY_HEADERS, ...policies]) res.headers.set(name, value);
        }
        return res;
      }
      c.set("clientIp", resolveClientIp(peerAddress(c), c.req.header("x-forwarded-for"), trust));
      const origin = c.req.header("origin");
      const list: [string, string][] = [...SECURITY_HEADERS, ...policies];
      if (origin && origins.has(origin)) list.push(["Access-Control-Allow-Origin", origin]);
      list.push(["Access-Control-Expose-Headers", expose], ["Vary", "Origin"]);
      c.set("responseHeaders", list);
      await next();
      if (c.get("headersApplied")) return;
      const h = c.res.headers;
      for (const [name, value] of list) {
        if (name === "Vary") h.append(name, value);
        else h.set(name, value);
      }
    },
  ];
}
