// withBaseDefaults(app, opts): what every process answers the same way — the gateway and each service
// (createService) alike: request id, access log, RED metrics, problem-JSON errors and 404s, /health,
// /health/ready and /metrics. Body limits, OpenAPI and docs differ per process and are added on top.
import type { Hono, MiddlewareHandler } from "hono";
import { createErrorHandler, notFoundHandler } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { metricsMiddleware, metricsText } from "./metrics.ts";
import { requestId } from "./request-id.ts";

/** Resolves when the dependency is usable (a string result is reported instead of "ok"); rejects if not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface Readiness {
  /** The process cannot serve without these: one failing → 503 `not_ready`. */
  required?: Record<string, ReadinessCheck>;
  /** The process serves on a documented fallback without these: failing → still 200, `degraded`. */
  degraded?: Record<string, ReadinessCheck>;
  /** Reported for operators only (e.g. the gateway's upstreams); never change readiness. */
  informational?: Record<string, ReadinessCheck>;
  /** Extra top-level fields of the readiness body (e.g. breaker states). */
  details?: () => Record<string, unknown>;
}

export interface BaseAppOptions {
  name: string; // e.g. "user-service"
  metricsPrefix: string; // e.g. "user" → user_requests_total
  version?: string;
  log: Logger;
  readiness: Readiness;
  /** Extra fields of the liveness body (e.g. the gateway's `redis: true|false`). */
  health?: () => Record<string, unknown>;
  checkTimeoutMs?: number;
  /** Process-wide middleware run before every route, these included (e.g. the gateway's CORS). */
  // deno-lint-ignore no-explicit-any
  middleware?: MiddlewareHandler<any>[];
}

const OPERATIONAL = new Set(["/health", "/health/ready", "/metrics"]);

/** Run `check` bounded by `ms`; "ok" (or its string result) when it resolves, the error otherwise. */
async function runCheck(check: ReadinessCheck, ms: number): Promise<{ ok: boolean; value: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = await Promise.race([
      check(),
      new Promise<never>((
        _,
        rej,
      ) => (timer = setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms))),
    ]);
    return { ok: true, value: typeof result === "string" ? result : "ok" };
  } catch (err) {
    return { ok: false, value: (err as Error)?.message ?? String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Readiness body and status: 503 only when a required check fails. */
export async function readinessReport(r: Readiness, timeoutMs = 2000) {
  const groups = [["required", r.required], ["degraded", r.degraded], [
    "informational",
    r.informational,
  ]] as const;
  const checks: Record<string, string> = {};
  let notReady = false, degraded = false;
  await Promise.all(groups.flatMap(([kind, set]) =>
    Object.entries(set ?? {}).map(async ([name, check]) => {
      const { ok, value } = await runCheck(check, timeoutMs);
      if (ok || kind === "informational") checks[name] = value;
      else if (kind === "required") [notReady, checks[name]] = [true, `error: ${value}`];
      else [degraded, checks[name]] = [true, `degraded: ${value}`];
    })
  ));
  const status = notReady ? "not_ready" : degraded ? "degraded" : "ready";
  return { status, checks, httpStatus: notReady ? 503 as const : 200 as const };
}

// deno-lint-ignore no-explicit-any
export function withBaseDefaults<A extends Hono<any, any, any>>(app: A, opts: BaseAppOptions): A {
  const version = opts.version ?? "1.0.0";
  app.use(requestId());
  // Not even a middleware when the level drops access lines (one fewer step per request).
  if (opts.log.isLevelEnabled("info")) {
    app.use(async function accessLog(c, next) {
      const start = performance.now();
      await next();
      if (OPERATIONAL.has(c.req.path)) return;
      opts.log.info({
        request_id: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      }, "request");
    });
  }
  app.use(metricsMiddleware(opts.metricsPrefix));
  app.onError(
    createErrorHandler((err, c) =>
      opts.log.error({
        request_id: c.get("requestId" as never),
        err: String(err),
        stack: (err as Error)?.stack,
      }, "unhandled error")
    ),
  );
  app.notFound(notFoundHandler);
  for (const m of opts.middleware ?? []) app.use(m);

  app.get("/health", (c) =>
    c.json({
      status: "healthy",
      service: opts.name,
      version,
      timestamp: new Date().toISOString(),
      ...opts.health?.(),
    }));
  app.get("/health/ready", async (c) => {
    const { status, checks, httpStatus } = await readinessReport(opts.readiness, opts.checkTimeoutMs);
    return c.json({ status, service: opts.name, checks, ...opts.readiness.details?.() }, httpStatus);
  });
  app.get("/metrics", () => metricsText());
  return app;
}
