// Prometheus RED metrics per route template, exposed at /metrics. Labels use the route template
// (`/orders/:id`), never the raw path, so cardinality stays bounded.
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import client from "prom-client";

export const registry = new client.Registry();
let defaultsCollected = false;

export interface HttpMetrics {
  requests: client.Counter<"method" | "endpoint" | "status_code">;
  errors: client.Counter<"method" | "endpoint" | "status_code">;
  latency: client.Histogram<"method" | "endpoint">;
}

const cache = new Map<string, HttpMetrics>();

// prom-client's defaults assume Node.js: on Deno `nodejs_version_info` reports Deno's Node-compat
// version, and the /proc-based process gauges read 0. Those are replaced by honest ones; the event
// loop, heap and GC families measure Deno's V8 correctly and keep their standard names.
const NODE_ONLY = [
  "nodejs_version_info",
  "process_resident_memory_bytes",
  "process_virtual_memory_bytes",
  "process_heap_bytes",
  "process_open_fds",
  "process_max_fds",
];

function collectRuntimeMetrics() {
  client.collectDefaultMetrics({ register: registry });
  for (const name of NODE_ONLY) registry.removeSingleMetric(name);
  new client.Gauge({
    name: "deno_version_info",
    help: "Runtime versions (always 1): Deno, V8, TypeScript",
    labelNames: ["version", "v8", "typescript"],
    registers: [registry],
  }).set({ version: Deno.version.deno, v8: Deno.version.v8, typescript: Deno.version.typescript }, 1);
  new client.Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes (Deno.memoryUsage().rss)",
    registers: [registry],
    collect() {
      this.set(Deno.memoryUsage().rss);
    },
  });
}

/** Metric families named `<prefix>_requests_total` etc. (upstream names), created once per prefix. */
export function httpMetrics(prefix: string): HttpMetrics {
  const existing = cache.get(prefix);
  if (existing) return existing;
  if (!defaultsCollected) {
    collectRuntimeMetrics();
    defaultsCollected = true;
  }
  const m: HttpMetrics = {
    requests: new client.Counter({
      name: `${prefix}_requests_total`,
      help: "HTTP requests by route template and status",
      labelNames: ["method", "endpoint", "status_code"],
      registers: [registry],
    }),
    errors: new client.Counter({
      name: `${prefix}_errors_total`,
      help: "HTTP responses with status >= 400",
      labelNames: ["method", "endpoint", "status_code"],
      registers: [registry],
    }),
    latency: new client.Histogram({
      name: `${prefix}_request_latency_seconds`,
      help: "HTTP request latency",
      labelNames: ["method", "endpoint"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
  cache.set(prefix, m);
  return m;
}

const SKIP = new Set(["/metrics", "/health", "/health/ready"]);

export function metricsMiddleware(prefix: string): MiddlewareHandler {
  const m = httpMetrics(prefix);
  return async function recordMetrics(c, next) {
    const start = performance.now();
    await next();
    const template = routePath(c, -1);
    if (SKIP.has(template)) return;
    const endpoint = template === "*" || template === "/*" ? "unmatched" : template;
    const labels = { method: c.req.method, endpoint, status_code: String(c.res.status) };
    m.requests.inc(labels);
    if (c.res.status >= 400) m.errors.inc(labels);
    m.latency.observe({ method: c.req.method, endpoint }, (performance.now() - start) / 1000);
  };
}

export async function metricsText(): Promise<Response> {
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
