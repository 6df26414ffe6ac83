// createService({name}): every service process gets the shared base (request id, access log, RED
// metrics, problem-JSON errors, health, readiness — base-app.ts, the same base the gateway uses) plus
// what only services have: the zod validation hook, a body limit and their own OpenAPI + docs.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { type ReadinessCheck, withBaseDefaults } from "./base-app.ts";
import { docsRoutes } from "./docs.ts";
import { completeServiceDocument, type Document } from "./openapi-doc.ts";
import { ApiError, validationError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { fieldErrors } from "./validation.ts";

export type { ReadinessCheck };

export interface ServiceOptions {
  name: string; // e.g. "user-service"
  metricsPrefix: string; // e.g. "user" → user_requests_total
  version?: string;
  log: Logger;
  /** Needed to serve at all (DynamoDB): one failing → /health/ready 503. */
  checks: Record<string, ReadinessCheck>;
  /** Served around with a fallback (Redis): failing → /health/ready 200 "degraded". */
  degradedChecks?: Record<string, ReadinessCheck>;
  maxBodyBytes?: number; // default 64 KiB: every API body here is a small JSON object
}

export type AppEnv = { Variables: { requestId: string } };

// Long by design: the one place that wires every service's shared defaults, in request order.
export function createService<E extends AppEnv = AppEnv>(opts: ServiceOptions): OpenAPIHono<E> {
  const version = opts.version ?? "1.0.0";
  const app = new OpenAPIHono<E>({
    // Every schema failure becomes one 422 problem naming the fields.
    defaultHook: (result) => {
      if (!result.success) throw validationError(fieldErrors(result.error.issues));
    },
  });
  withBaseDefaults(app, {
    name: opts.name,
    metricsPrefix: opts.metricsPrefix,
    version,
    log: opts.log,
    readiness: { required: opts.checks, degraded: opts.degradedChecks },
  });
  app.use(bodyLimit({
    maxSize: opts.maxBodyBytes ?? 64 * 1024,
    onError: () => {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE", "Request body is too large");
    },
  }));

  // Built on first request, when every route file has registered its operations.
  let document: Document | undefined;
  app.get("/openapi.json", (c) => {
    document ??= completeServiceDocument(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: { title: `Order Processor ${opts.name}`, version },
      }) as unknown as Document,
    );
    return c.json(document);
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from POST /auth/login. Scopes listed on an operation are required roles.",
  });
  app.route("/", docsRoutes({ openApiUrl: "/openapi.json", title: `${opts.name} API` }));
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
