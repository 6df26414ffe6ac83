// Overview: RED per service (rate, errors, duration) and whether every process is up.
import { dashboard, SERVICES_RE, stat, timeseries } from "./panels.ts";

export const overview = () =>
  dashboard("op-overview", "Order Processor / Overview", [
    ["Health", [
      stat("Processes up", "none", "Processes answering /metrics (Prometheus `up`).", ["sum(up)", "up"]),
      stat("Requests/s (all)", "reqps", "Every process, every route.", ["sum(job:requests:rate5m)", "req/s"]),
      stat("5xx ratio (gateway)", "percentunit", "Share of public requests answered 5xx.", [
        'sum(job:requests_5xx:rate5m{job="gateway"}) / sum(job:requests:rate5m{job="gateway"})',
        "5xx",
      ]),
      stat("p99 (gateway)", "s", "99th percentile of public request latency.", [
        'max(job:request_latency_seconds:p99_5m{job="gateway"})',
        "p99",
      ]),
    ]],
    ["Rate, errors, duration per service", [
      timeseries("Requests/s per service", "reqps", "Request rate per process.", [
        "job:requests:rate5m",
        "{{job}}",
      ]),
      timeseries("5xx ratio per service", "percentunit", "Share of requests answered 5xx per process.", [
        "job:error_ratio_5xx:rate5m",
        "{{job}}",
      ]),
      timeseries("Latency p50 / p99 per service", "s", "Request latency quantiles per process.", [
        "job:request_latency_seconds:p50_5m",
        "p50 {{job}}",
      ], ["job:request_latency_seconds:p99_5m", "p99 {{job}}"]),
      timeseries("4xx/s per service", "reqps", "Client errors: validation, auth, limits, business rules.", [
        `sum by (job) (rate({__name__=~"${SERVICES_RE}_requests_total", status_code=~"4.."}[5m]))`,
        "{{job}}",
      ]),
    ]],
    ["Routes", [
      timeseries("Busiest routes", "reqps", "Top 10 routes by request rate.", [
        "topk(10, sum by (job, method, endpoint) (job_endpoint:requests:rate5m))",
        "{{job}} {{method}} {{endpoint}}",
      ]),
      timeseries("Slowest routes (p99)", "s", "Top 10 routes by p99 latency.", [
        "topk(10, job_endpoint:request_latency_seconds:p99_5m)",
        "{{job}} {{method}} {{endpoint}}",
      ]),
    ]],
  ]);
