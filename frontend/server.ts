// The dashboard's own process (:3000): serves the production build of the React app and proxies
// `/api/*` to the gateway, so the browser only ever talks to one origin — the page works from any
// host name without CORS — and live event streams (SSE) pass through unbuffered.
// Static files: hashed assets are cached forever, index.html never (a new build shows at once);
// unknown paths that are not files get index.html so the client-side router can answer them.
import { Hono } from "hono";
import { compress } from "hono/compress";
import { serveStatic } from "hono/deno";
import { createLogger } from "../services/common/logger.ts";
import { loadConfigOrExit } from "../services/common/config.ts";
import { loadFrontendConfig } from "./config.ts";
import { problemBody } from "../services/common/errors.ts";
import { metricsMiddleware, metricsText } from "../services/common/metrics.ts";
import { REQUEST_ID_HEADER, requestId } from "../services/common/request-id.ts";

const cfg = loadConfigOrExit("frontend", () => loadFrontendConfig());
const DIST = (cfg.FRONTEND_DIST ?? new URL("./dist", import.meta.url).pathname)
  .replace(/\/$/, "");
const log = createLogger("frontend", cfg.LOG_LEVEL);

// Limits the dashboard shows beside its forms; read from the same variables the services use.
const appConfig = {
  max_order_value: cfg.MAX_ORDER_VALUE,
  daily_deposit_limit: cfg.DAILY_DEPOSIT_LIMIT,
  daily_withdraw_limit: cfg.DAILY_WITHDRAW_LIMIT,
};

// Request headers not forwarded: hop-by-hop ones, and those this proxy sets itself.
const DROP_REQUEST = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "accept-encoding",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
]);
const DROP_RESPONSE = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
]);

const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

/** Files from the build with their caching rule (path: always that file, e.g. the app shell). */
function files(root: string, cacheControl: string, path?: string) {
  return serveStatic({ root, path, onFound: (_path, c) => c.header("Cache-Control", cacheControl) });
}

function peer(info: unknown): string {
  return (info as { remoteAddr?: { hostname?: string } })?.remoteAddr
    ?.hostname ?? "unknown";
}

// One function on purpose: the order of the handlers is the design (health and the API proxy
// before compression and static files, so event streams are never buffered or compressed).
export function buildApp(opts: { gatewayUrl: string; dist: string }) {
  const app = new Hono<{ Variables: { requestId: string } }>();
  app.use(requestId());
  app.use(metricsMiddleware("frontend"));

  app.get(
    "/health",
    (c) =>
      c.json({
        status: "healthy",
        service: "frontend",
        timestamp: new Date().toISOString(),
      }),
  );
  app.get("/health/ready", async (c) => {
    const checks: Record<string, string> = {};
    try {
      await Deno.stat(`${opts.dist}/index.html`);
      checks.build = "ok";
    } catch {
      checks.build = `error: no build in ${opts.dist} (run npm run build in frontend/)`;
    }
    try {
      const r = await fetch(`${opts.gatewayUrl}/health`, {
        signal: AbortSignal.timeout(2000),
      });
      await r.body?.cancel();
      checks.gateway = r.ok ? "ok" : `error: HTTP ${r.status}`;
    } catch (err) {
      checks.gateway = `error: ${(err as Error).message}`;
    }
    const ready = Object.values(checks).every((v) => v === "ok");
    return c.json({
      status: ready ? "ready" : "not_ready",
      service: "frontend",
      checks,
    }, ready ? 200 : 503);
  });
  app.get("/metrics", () => metricsText());
  app.get("/app-config.json", (c) => c.json(appConfig));

  // Streaming proxy: the body goes through untouched (exact decimals), the response is not
  // buffered (SSE), and the client's address travels as X-Forwarded-For for the gateway's limits.
  app.all("/api/*", async (c) => {
    const url = new URL(c.req.url);
    const headers = new Headers();
    for (const [k, v] of c.req.raw.headers) {
      if (!DROP_REQUEST.has(k)) headers.set(k, v);
    }
    const prior = c.req.header("x-forwarded-for");
    const client = peer(c.env);
    headers.set("x-forwarded-for", prior ? `${prior}, ${client}` : client);
    headers.set("x-forwarded-host", url.host);
    headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
    headers.set(REQUEST_ID_HEADER, c.get("requestId"));
    const hasBody = !["GET", "HEAD"].includes(c.req.method);
    let upstream: Response;
    try {
      upstream = await fetch(`${opts.gatewayUrl}${url.pathname}${url.search}`, {
        method: c.req.method,
        headers,
        body: hasBody ? c.req.raw.body : undefined,
        redirect: "manual",
        // @ts-ignore: Deno's fetch streams request bodies; `duplex` is required by the spec for that.
        duplex: "half",
      });
    } catch (err) {
      log.warn({ err: String(err), path: url.pathname }, "gateway unreachable");
      const body = problemBody(
        502,
        "GATEWAY_UNREACHABLE",
        "The API is not reachable right now; please retry shortly",
        c.get("requestId"),
      );
      return new Response(JSON.stringify(body), {
        status: 502,
        headers: {
          "content-type": "application/problem+json",
          "Retry-After": "1",
        },
      });
    }
    const out = new Headers();
    for (const [k, v] of upstream.headers) {
      if (!DROP_RESPONSE.has(k)) out.append(k, v);
    }
    return new Response(upstream.body, {
      status: upstream.status,
      statusText: upstream.statusText,
      headers: out,
    });
  });

  app.use("*", async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
      c.res.headers.set(k, v);
    }
  });
  app.use("*", compress());
  app.use("/assets/*", files(opts.dist, "public, max-age=31536000, immutable"));
  app.use("*", files(opts.dist, "no-cache"));
  // Client-side routes (/market, /portfolio, ...) get the app shell.
  app.get("*", files(opts.dist, "no-cache", "index.html"));
  return app;
}

if (import.meta.main) {
  const app = buildApp({ gatewayUrl: cfg.GATEWAY_URL, dist: DIST });
  const server = Deno.serve(
    {
      hostname: cfg.HOST,
      port: cfg.PORT,
      onListen: () =>
        log.info(
          { host: cfg.HOST, port: cfg.PORT, gateway: cfg.GATEWAY_URL },
          "listening",
        ),
    },
    app.fetch,
  );
  const stop = async () => {
    log.info("shutting down");
    // Open event streams never end by themselves: give requests a moment, then exit anyway.
    await Promise.race([
      server.shutdown(),
      new Promise((r) => setTimeout(r, 2000)),
    ]);
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
}
