// Gateway metrics on the shared prom-client registry: the upstream names of docs/compatibility.md
// (gateway_requests_total, gateway_errors_total, gateway_request_latency_seconds with the route
// template as `endpoint`, gateway_proxy_errors_total) plus breaker state and rate-limit outcomes.
// Families are created once per process because tests build several apps in one process.
import type { MiddlewareHandler } from "hono";
import client from "prom-client";
import { httpMetrics, registry } from "../../services/common/metrics.ts";
import { API_PREFIX } from "../routes.ts";
import type { GatewayEnv } from "./env.ts";

let families: ReturnType<typeof create> | undefined;

function create() {
  const registers = [registry];
  return {
    http: httpMetrics("gateway"),
    proxyErrors: new client.Counter({
      name: "gateway_proxy_errors_total",
      help: "Failed or 5xx upstream calls by target service and error type",
      labelNames: ["target_service", "error_type"],
      registers,
    }),
    breakerState: new client.Gauge({
      name: "gateway_circuit_breaker_state",
      help: "Circuit breaker state per upstream: 0 closed, 1 open, 2 half-open, 3 isolated",
      labelNames: ["target_service"],
      registers,
    }),
    rateLimitRejections: new client.Counter({
      name: "gateway_rate_limit_rejections_total",
      help: "Requests rejected with 429 by route group and scope (ip/user)",
      labelNames: ["group", "scope"],
      registers,
    }),
    rateLimitFailOpen: new client.Counter({
      name: "gateway_rate_limit_fail_open_total",
      help: "Requests let through unchecked because Redis was unavailable (limits and login guard)",
      registers,
    }),
    loginBlocks: new client.Counter({
      name: "gateway_login_blocks_total",
      help: "IP or account blocks started by the login brute-force guard",
      registers,
    }),
  };
}

export function gatewayMetrics() {
  families ??= create();
  return families;
}

const SKIP = new Set(["/health", "/health/ready", "/metrics"]);

/** RED metrics labelled by route-table template (bounded cardinality), `unmatched` for 404s. */
export function recordRequests(): MiddlewareHandler<GatewayEnv> {
  const { http } = gatewayMetrics();
  return async function recordGatewayRequest(c, next) {
    if (SKIP.has(c.req.path)) return await next();
    const start = performance.now();
    await next();
    const route = c.get("route");
    const endpoint = route ? API_PREFIX + route.path : "unmatched";
    const labels = { method: c.req.method, endpoint, status_code: String(c.res.status) };
    http.requests.inc(labels);
    if (c.res.status >= 400) http.errors.inc(labels);
    http.latency.observe({ method: c.req.method, endpoint }, (performance.now() - start) / 1000);
  };
}
