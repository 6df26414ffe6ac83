// Gateway-only metrics on the shared prom-client registry: proxy errors, breaker state and rate-limit
// outcomes. The RED metrics (gateway_requests_total, gateway_errors_total,
// gateway_request_latency_seconds, with the route template as `endpoint`; the upstream names of
// docs/compatibility.md)
// come from the shared base (services/common/base-app.ts, metricsPrefix "gateway").
// Families are created once per process because tests build several apps in one process.
import client from "prom-client";
import { registry } from "../../services/common/metrics.ts";

let families: ReturnType<typeof create> | undefined;

function create() {
  const registers = [registry];
  return {
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
      help: "Login-guard checks answered from memory because Redis was unavailable",
      registers,
    }),
    rateLimitLocalFallback: new client.Counter({
      name: "gateway_rate_limit_local_fallback_total",
      help:
        "Rate-limit decisions taken in process in redis mode, and failed background syncs in local mode, because Redis was unavailable",
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
