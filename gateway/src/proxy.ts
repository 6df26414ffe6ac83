// proxyTo(): forwards a matched request to its upstream service. The body and query string go
// through byte for byte (the upstream gateway re-serialised JSON through float64 and lost precision);
// identity travels as X-User-ID / X-User-Role next to the unchanged Authorization header (services
// verify the token themselves). Failures become problem JSON: 503 unavailable/open breaker, 504 timeout.
import type { Context, Handler } from "hono";
import { ApiError } from "../../services/common/errors.ts";
import { REQUEST_ID_HEADER } from "../../services/common/request-id.ts";
import { type ProxyRoute, type ServiceName, type TimeoutGroup, upstreamPath } from "../routes.ts";
import { type Breakers, BrokenCircuitError } from "./middleware/breaker.ts";
import type { GatewayEnv } from "./env.ts";
import { peerAddress } from "./client-ip.ts";
import { EDGE_HEADER_NAMES } from "./edge.ts";
import {
  createUpstreamClient,
  type UpstreamAnswer,
  type UpstreamClient,
  UpstreamTimeout,
} from "./upstream-client.ts";

// Hop-by-hop headers (RFC 9110 §7.6.1), and the request's length (the upstream client writes it for the
// buffered body it sends).
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
];
// Identity headers are only ever set by the gateway: a client sending its own is ignored.
const SPOOFABLE = ["host", "x-user-id", "x-user-role", "x-authenticated", "x-forwarded-host"];

// One pass over the incoming headers, skipping these, is much cheaper in Deno than copying all of
// them into a Headers object and deleting names one by one (each call crosses webidl conversion).
// (plus the ones the gateway sets itself below, so a client's value never doubles them up).
const DROP_REQUEST = new Set([
  ...HOP_BY_HOP,
  ...SPOOFABLE,
  "accept-encoding",
  "x-request-id",
  "x-forwarded-proto",
  "x-forwarded-path",
]);
// The answer is read whole (src/upstream-client.ts), so Deno sets its Content-Length from the bytes
// passed on unchanged (identity encoding is asked for): the service's own length and framing go.
const DROP_RESPONSE = new Set(HOP_BY_HOP);

/** Statuses whose answer has no body (a Response refuses one for them). */
const nullBody = (status: number) => status === 101 || status === 204 || status === 205 || status === 304;

/** The gateway's no-store (src/chain.ts) replaces a service's Cache-Control; otherwise it passes. */
const setsCacheControl = (list: [string, string][]) => list.some(([n]) => n === "Cache-Control");

const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

export type ProxyErrorType = "unavailable" | "circuit_open" | "timeout" | "upstream_5xx" | "not_configured";

export interface ProxyOptions {
  upstreams: Partial<Record<ServiceName, string>>;
  breakers: Breakers;
  timeoutsMs: Record<TimeoutGroup, number>;
  onProxyError?: (service: ServiceName, type: ProxyErrorType) => void;
  /** Default: one made here, closed when `signal` aborts. */
  client?: UpstreamClient;
  signal?: AbortSignal;
  /** Retry-After on a 503 from an open breaker (its half-open delay). */
  openRetryAfterSeconds?: number;
}

/** 503 SERVICE_UNAVAILABLE; Retry-After tells clients (and the dashboard) when asking again is useful. */
const unavailable = (service: ServiceName, retryAfterSeconds: number) =>
  new ApiError(503, "SERVICE_UNAVAILABLE", `The ${service} service is not available`, {
    headers: { "Retry-After": String(retryAfterSeconds) },
  });

/**
 * The body readBody buffered (so the upstream timeout never waits on the client). Every proxied route
 * runs it first (src/chain.ts gateOf), and a GET/HEAD body is dropped there: no body here means none.
 */
const bodyOf = (c: Context<GatewayEnv>): Uint8Array | null => c.get("body") ?? null;

/** Raw path + query of the incoming URL, kept exactly as the client encoded them. */
function rawPathAndQuery(url: string): [string, string] {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const q = url.indexOf("?", start);
  return q < 0 ? [url.slice(start), ""] : [url.slice(start, q), url.slice(q)];
}

// Long by design: one pass over a request (path check, headers, breaker + timeout, error answers),
// in the order the request goes through them; splitting it would scatter that order.
export function proxyTo(opts: ProxyOptions): Handler<GatewayEnv> {
  for (const [name, url] of Object.entries(opts.upstreams)) {
    if (url !== undefined && !/^https?:\/\/[^/]+/.test(url)) throw new Error(`proxyTo: bad URL for ${name}`);
  }
  const bases = Object.fromEntries(
    Object.entries(opts.upstreams).map(([k, v]) => [k, v?.replace(/\/+$/, "")]),
  ) as Partial<Record<ServiceName, string>>;
  const client = opts.client ?? createUpstreamClient({ signal: opts.signal });

  // Long by design: see proxyTo.
  return async function proxyRequest(c) {
    const [path, query] = rawPathAndQuery(c.req.url);
    // An encoded dot segment in a parameter (`/assets/%2e%2e/x`) would be resolved by the service's URL
    // parser into a path the route table never authorised.
    if (DOT_SEGMENT.test(path)) {
      throw new ApiError(400, "INVALID_PATH", "Path segments '.' and '..' are not allowed");
    }
    const route = c.get("route") as ProxyRoute; // mounted on proxied routes only (src/chain.ts)
    const base = bases[route.service];
    if (!base) {
      opts.onProxyError?.(route.service, "not_configured");
      throw unavailable(route.service, 30);
    }

    const target = base + upstreamPath(route, path) + query;

    const list: [string, string][] = [];
    let prior: string | undefined;
    for (const [name, value] of c.req.raw.headers) {
      if (name === "x-forwarded-for") prior = value;
      else if (!DROP_REQUEST.has(name)) list.push([name, value]);
    }
    // Compression is the edge's job; identity keeps bodies as the service wrote them.
    list.push(["accept-encoding", "identity"], [REQUEST_ID_HEADER, c.get("requestId")]);
    const peer = peerAddress(c);
    list.push(["x-forwarded-for", prior ? `${prior}, ${peer}` : peer]);
    list.push(["x-forwarded-proto", c.req.url.startsWith("https:") ? "https" : "http"]);
    // Problem `instance` is the public path whoever answers (services/common/errors.publicPath).
    list.push(["x-forwarded-path", path]);
    const identity = c.get("identity");
    if (identity) list.push(["x-user-id", identity.sub], ["x-user-role", identity.role]);

    const timeoutMs = opts.timeoutsMs[route.timeout];
    const body = bodyOf(c);
    let upstream: UpstreamAnswer;
    try {
      upstream = await opts.breakers.execute(
        route.service,
        () => client.send({ method: c.req.method, url: target, headers: list, body, timeoutMs }),
      );
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        opts.onProxyError?.(route.service, "circuit_open");
        throw new ApiError(
          503,
          "CIRCUIT_OPEN",
          `The ${route.service} service is unavailable (circuit open)`,
          {
            headers: { "Retry-After": String(opts.openRetryAfterSeconds ?? 10) },
          },
        );
      }
      if (err instanceof UpstreamTimeout) {
        opts.onProxyError?.(route.service, "timeout");
        throw new ApiError(504, "UPSTREAM_TIMEOUT", `The ${route.service} service did not answer in time`);
      }
      opts.onProxyError?.(route.service, "unavailable");
      throw unavailable(route.service, 1);
    }
    if (upstream.status >= 500) opts.onProxyError?.(route.service, "upstream_5xx");

    // One Response with every header: the edge's (src/edge.ts) replace an upstream's own value. Appended
    // to a Response made without headers: in Deno 2.9 that is ~7 µs cheaper per answer on sockets than
    // the same list as `init.headers`, which converts every pair through WebIDL and builds a native
    // header map the server reads again (docs/gateway.md § Performance, fourth pass).
    const edge = c.get("responseHeaders");
    const noStore = edge !== undefined && setsCacheControl(edge);
    try {
      const res = new Response(nullBody(upstream.status) ? null : upstream.body, {
        status: upstream.status,
        statusText: upstream.statusText,
      });
      const h = res.headers;
      for (const [name, value] of upstream.headers) {
        if (DROP_RESPONSE.has(name)) continue;
        if (edge && (EDGE_HEADER_NAMES.has(name) || (noStore && name === "cache-control"))) continue;
        h.append(name, value);
      }
      if (edge) {
        for (let i = 0; i < edge.length; i++) h.append(edge[i][0], edge[i][1]);
        c.set("headersApplied", true);
      }
      return res;
    } catch {
      // A status or field value Deno refuses (a service's bug) is a bad answer, not a crash.
      opts.onProxyError?.(route.service, "unavailable");
      throw unavailable(route.service, 1);
    }
  };
}
