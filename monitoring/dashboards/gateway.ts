// Gateway: traffic, auth failures, rate limits, login guard, breakers, upstream latency and errors.
import { dashboard, stat, timeseries } from "./panels.ts";

export const gateway = () =>
  dashboard("op-gateway", "Order Processor / Gateway", [
    ["Traffic", [
      timeseries("Requests/s by status", "reqps", "Public requests by HTTP status.", [
        "sum by (status_code) (rate(gateway_requests_total[5m]))",
        "{{status_code}}",
      ]),
      timeseries("Auth failures/s", "reqps", "401 (no, bad, expired or revoked token) and 403 (role).", [
        'sum by (status_code) (rate(gateway_requests_total{status_code=~"401|403"}[5m])) or vector(0)',
        "{{status_code}}",
      ]),
    ]],
    ["Protection", [
      timeseries("Rate-limit rejections/s", "reqps", "429s by route group and scope (ip/user).", [
        "sum by (group, scope) (rate(gateway_rate_limit_rejections_total[5m])) or vector(0)",
        "{{group}} {{scope}}",
      ]),
      timeseries("Login blocks", "none", "Blocks started by the brute-force guard (per 5 min).", [
        "sum(increase(gateway_login_blocks_total[5m])) or vector(0)",
        "blocks",
      ]),
      timeseries(
        "Redis down: login guard and limits in memory",
        "reqps",
        "Login-guard checks and rate-limit decisions or syncs made without Redis (both then hold per instance).",
        [
          "sum(rate(gateway_rate_limit_fail_open_total[5m])) or vector(0)",
          "login guard in memory",
        ],
        [
          "sum(rate(gateway_rate_limit_local_fallback_total[5m])) or vector(0)",
          "limits without Redis",
        ],
      ),
      stat("Breakers open", "none", "Upstreams whose breaker is open (1) — 0 is healthy.", [
        "sum(gateway_circuit_breaker_state == bool 1)",
        "open",
      ]),
    ]],
    ["Upstreams", [
      timeseries("Breaker state per upstream", "none", "0 closed, 1 open, 2 half-open, 3 isolated.", [
        "max by (target_service) (gateway_circuit_breaker_state)",
        "{{target_service}}",
      ]),
      timeseries("Upstream errors/s", "reqps", "Failed or 5xx upstream calls by service and error type.", [
        "sum by (target_service, error_type) (rate(gateway_proxy_errors_total[5m])) or vector(0)",
        "{{target_service}} {{error_type}}",
      ]),
      timeseries("Latency p99 by route", "s", "Gateway-side p99 per public route (includes the upstream).", [
        "histogram_quantile(0.99, sum by (endpoint, le) (rate(gateway_request_latency_seconds_bucket[5m])))",
        "{{endpoint}}",
      ]),
    ]],
  ]);
