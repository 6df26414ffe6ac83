// createService({name}): the one place that wires what every process shares — request id,
// access log, RED metrics, problem-JSON errors, validation hook, health, readiness, OpenAPI + docs.
import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { bodyLimit } from "hono/body-limit";
import { ApiError, createErrorHandler, notFoundHandler, validationError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { metricsMiddleware, metricsText } from "./metrics.ts";
import { requestId } from "./request-id.ts";
import { fieldErrors } from "./validation.ts";

export type ReadinessCheck = () => Promise<unknown>;

export interface ServiceOptions {
  name: string; // e.g. "user-service"
  metricsPrefix: string; // e.g. "user" → user_requests_total
  version?: string;
  log: Logger;
  checks: Record<string, ReadinessCheck>;
  maxBodyBytes?: number; // default 64 KiB: every API body here is a small JSON object
}

export type AppEnv = { Variables: { requestId: string } };

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms)),
  ]);

// Long by design: the one place that wires every service's shared defaults, in request order.
export function createService<E extends AppEnv = AppEnv>(opts: ServiceOptions): OpenAPIHono<E> {
  const version = opts.version ?? "1.0.0";
  const app = new OpenAPIHono<E>({
    // Every schema failure becomes one 422 problem naming the fields.
    defaultHook: (result) => {
      if (!result.success) throw validationError(fieldErrors(result.error.issues));
    },
  });

  app.use(requestId());
  app.use(async function accessLog(c, next) {
    const start = performance.now();
    await next();
    if (c.req.path.startsWith("/health") || c.req.path === "/metrics") return;
    opts.log.info({
      request_id: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    }, "request");
  });
  app.use(metricsMiddleware(opts.metricsPrefix));
  app.use(bodyLimit({
    maxSize: opts.maxBodyBytes ?? 64 * 1024,
    onError: () => {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE", "Request body is too large");
    },
  }));
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

  app.get(
    "/health",
    (c) => c.json({ status: "healthy", service: opts.name, version, timestamp: new Date().toISOString() }),
  );
  app.get("/health/ready", async (c) => {
    const results = await Promise.all(
      Object.entries(opts.checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          return [name, "ok"] as const;
        } catch (err) {
          return [name, `error: ${(err as Error).message}`] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ready = results.every(([, v]) => v === "ok");
    return c.json({ status: ready ? "ready" : "not_ready", service: opts.name, checks }, ready ? 200 : 503);
  });
  app.get("/metrics", () => metricsText());

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: `Order Processor ${opts.name}`, version },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: `${opts.name} API` }));
  return app;
}

/** Serve with graceful shutdown on SIGTERM/SIGINT. */
export function serve(
  app: { fetch: (req: Request) => Response | Promise<Response> },
  host: string,
  port: number,
  log: Logger,
  onClose: () => void | Promise<void> = () => {},
) {
  const server = Deno.serve(
    { hostname: host, port, onListen: () => log.info({ host, port }, "listening") },
    app.fetch,
  );
  const stop = async () => {
    log.info("shutting down");
    await server.shutdown();
    await onClose();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
  return server;
}
