// Process-wide middleware of the gateway only (services sit behind it): security headers (JSON answers:
// the OWASP REST set; the HTML docs page: the full browser set incl. Permissions-Policy), the CORS
// allow-list and the client IP that rate limits and the login guard key on.
//
// Hot path (docs/gateway.md § Performance): one middleware instead of three, and no header is set on
// the response one by one when the proxy answers. The headers every answer gets (request id included)
// are collected in `responseHeaders` before the route runs (no-store and rate limits add theirs); the
// proxy builds its Response with them in one go and marks it `headersApplied`; any other answer
// (errors, local routes, docs) gets them set after the fact. Hono's cors() touched `c.res` before the
// route ran, which made Hono re-wrap every proxied Response (a second copy of body and headers); it
// now answers preflights only.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { REQUEST_ID_HEADER } from "../../services/common/request-id.ts";
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
const HSTS = "max-age=15552000; includeSubDomains";
/** Hono secureHeaders() defaults, as a list (edge.test.ts checks they stay the same). */
export const SECURITY_HEADERS: readonly [string, string][] = [
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "no-referrer"],
  ["Strict-Transport-Security", HSTS],
  ["X-Content-Type-Options", "nosniff"],
  ["X-DNS-Prefetch-Control", "off"],
  ["X-Download-Options", "noopen"],
  ["X-Frame-Options", "SAMEORIGIN"],
  ["X-Permitted-Cross-Domain-Policies", "none"],
  ["X-XSS-Protection", "0"],
];
// Every header costs on every answer (Deno validates each pair and builds a native header map per
// Response; docs/gateway.md § Performance), and the policies about documents (opener, referrer, DNS
// prefetch, Permissions-Policy, …) do nothing for a JSON body. JSON answers get the OWASP REST
// Security Cheat Sheet set (plus Cache-Control: no-store when identified, src/chain.ts); the one
// HTML page keeps the full browser set.
export const API_HEADERS: readonly [string, string][] = [
  ["Content-Security-Policy", API_CSP],
  ["Strict-Transport-Security", HSTS], // ignored by browsers over plain HTTP (RFC 6797 § 8.1)
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
];
const DOCS_HEADERS: readonly [string, string][] = [
  ...SECURITY_HEADERS,
  ["Content-Security-Policy", DOCS_CSP],
  ["Permissions-Policy", PERMISSIONS_POLICY],
];
const CORS = {
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID", "Last-Event-ID"],
  exposeHeaders: ["X-Request-ID", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
  maxAge: 600,
};
/**
 * Names the gateway always decides itself on a proxied answer: an upstream's own value is dropped
 * (a service must not grant CORS or loosen the policy). Vary is added to; Cache-Control is replaced
 * only when the gateway sets it (src/proxy.ts).
 */
export const EDGE_HEADER_NAMES = new Set(
  [
    ...API_HEADERS.map(([n]) => n),
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    REQUEST_ID_HEADER,
  ].map((n) => n.toLowerCase()),
);

export function edgeMiddleware(cfg: GatewayConfig): MiddlewareHandler<GatewayEnv>[] {
  const trust = trustedProxies(cfg.TRUSTED_PROXIES);
  const origins = new Set(cfg.CORS_ORIGINS);
  const preflight = cors({ origin: cfg.CORS_ORIGINS, ...CORS });
  const expose = CORS.exposeHeaders.join(",");
  return [
    async function edge(c, next) {
      const path = c.req.path;
      const docs = path === "/docs" || path.startsWith("/docs/");
      const base = docs ? DOCS_HEADERS : API_HEADERS;
      if (c.req.method === "OPTIONS") {
        const res = await preflight(c, next);
        if (res) { for (const [name, value] of base) res.headers.set(name, value); }
        return res;
      }
      const raw = c.req.raw.headers;
      c.set("clientIp", resolveClientIp(peerAddress(c), raw.get("x-forwarded-for") ?? undefined, trust));
      const list: [string, string][] = base.slice();
      const id = c.get("requestId"); // set by the shared base (services/common/request-id.ts)
      if (id) list.push([REQUEST_ID_HEADER, id]);
      // CORS grants only matter to a cross-origin browser request, which always carries Origin.
      const origin = raw.get("origin");
      if (origin !== null) {
        if (origins.has(origin)) list.push(["Access-Control-Allow-Origin", origin]);
        list.push(["Access-Control-Expose-Headers", expose]);
      }
      list.push(["Vary", "Origin"]);
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
