// proxyTo(): forwards a matched request to its upstream service. The body and query string are streamed
// through byte for byte (the upstream gateway re-serialised JSON through float64 and lost precision);
// identity travels as X-User-ID / X-User-Role next to the unchanged Authorization header (services
// verify the token themselves). Failures become problem JSON: 503 unavailable/open breaker, 504 timeout.
import type { Context, Handler } from "hono";
import { ApiError } from "../../services/common/errors.ts";
import { type ProxyRoute, type ServiceName, type TimeoutGroup, upstreamPath } from "../routes.ts";
import { type Breakers, BrokenCircuitError } from "./middleware/breaker.ts";
import type { GatewayEnv } from "./env.ts";
import { peerAddress } from "./client-ip.ts";
import { EDGE_HEADER_NAMES } from "./edge.ts";
import { createUpstreamClient, type UpstreamClient, UpstreamTimeout } from "./upstream-client.ts";

// Hop-by-hop headers (RFC 9110 §7.6.1), and the request's length (the runtime recomputes it for the
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
// The upstream's Content-Length is kept: the body goes through byte for byte (identity encoding asked
// for; when fetch decompresses, it drops the length itself), and with it Deno sends the answer with a
// length, as the service did, instead of chunked — no terminating chunk written after the body
// (docs/gateway.md § Performance).
const DROP_RESPONSE = new Set(HOP_BY_HOP.filter((name) => name !== "content-length"));

/** The gateway's no-store (src/chain.ts) replaces a service's Cache-Control; otherwise it passes. */
const setsCacheControl = (list: [string, string][]) => list.some(([n]) => n === "Cache-Control");

/**
 * Headers handed to Deno as a record of lowercase names, not a list of pairs: Deno runs every pair
 * of a list through WebIDL's sequence<ByteString> (an iterator and a copy per pair) before appending
 * it, and compares names case-insensitively on every append (a lowercase name needs no new string).
 * Measured in docs/gateway.md § Performance (third pass).
 */
type HeaderRecord = Record<string, string>;

// The edge's names are a handful of constants: lowercase each once, not once per request.
const LOWER = new Map<string, string>();
function lowerCase(name: string): string {
  let lower = LOWER.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (LOWER.size < 256) LOWER.set(name, lower);
  }
  return lower;
}

/** A record plus repeated Set-Cookie values, as the list of pairs only a list can express. */
function withCookies(record: HeaderRecord, cookies: string[]): [string, string][] {
  const list = Object.entries(record);
  for (const value of cookies) list.push(["set-cookie", value]);
  return list;
}

const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

export type ProxyErrorType = "unavailable" | "circuit_open" | "timeout" | "upstream_5xx" | "not_configured";

export interface ProxyOptions {
  upstreams: Partial<Record<ServiceName, string>>;
  breakers: Breakers;
  timeoutsMs: Record<TimeoutGroup, number>;
  onProxyError?: (service: ServiceName, type: ProxyErrorType) => void;
  client?: UpstreamClient;
  /** Retry-After on a 503 from an open breaker (its half-open delay). */
  openRetryAfterSeconds?: number;
}

/** 503 SERVICE_UNAVAILABLE; Retry-After tells clients (and the dashboard) when asking again is useful. */
const unavailable = (service: ServiceName, retryAfterSeconds: number) =>
  new ApiError(503, "SERVICE_UNAVAILABLE", `The ${service} service is not available`, {
    headers: { "Retry-After": String(retryAfterSeconds) },
  });

/** The body readBody buffered (so the upstream timeout never waits on the client), else the stream. */
function bodyOf(c: Context<GatewayEnv>) {
  return c.get("body") ?? c.req.raw.body;
}

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
  const client = opts.client ?? createUpstreamClient();

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

    // A record, not a list of pairs: see `headerRecord` below. Names come lowercase, repeated ones joined.
    const headers: HeaderRecord = {};
    let prior: string | undefined;
    for (const [name, value] of c.req.raw.headers) {
      if (name === "x-forwarded-for") prior = value;
      else if (!DROP_REQUEST.has(name)) headers[name] = value;
    }
    // Compression is the edge's job; identity keeps bodies streamable as they are.
    headers["accept-encoding"] = "identity";
    headers["x-request-id"] = c.get("requestId");
    const peer = peerAddress(c);
    headers["x-forwarded-for"] = prior ? `${prior}, ${peer}` : peer;
    headers["x-forwarded-proto"] = c.req.url.startsWith("https:") ? "https" : "http";
    // Problem `instance` is the public path whoever answers (services/common/errors.publicPath).
    headers["x-forwarded-path"] = path;
    const identity = c.get("identity");
    if (identity) {
      headers["x-user-id"] = identity.sub;
      headers["x-user-role"] = identity.role;
    }

    const timeoutMs = opts.timeoutsMs[route.timeout];
    let upstream: Response;
    try {
      upstream = await opts.breakers.execute(
        route.service,
        () => client.send({ method: c.req.method, url: target, headers, body: bodyOf(c), timeoutMs }),
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

    // One header record, one Response: the edge's headers (src/edge.ts) replace an upstream's own value.
    const edge = c.get("responseHeaders");
    const out: HeaderRecord = {};
    let cookies: string[] | undefined;
    for (const [name, value] of upstream.headers) {
      if (DROP_RESPONSE.has(name)) continue;
      if (edge && (EDGE_HEADER_NAMES.has(name) || (name === "cache-control" && setsCacheControl(edge)))) {
        continue;
      }
      if (name === "set-cookie") (cookies ??= []).push(value); // the one header a record cannot repeat
      else out[name] = value;
    }
    if (edge) {
      for (let i = 0; i < edge.length; i++) {
        const name = lowerCase(edge[i][0]), value = edge[i][1];
        // Vary is added to (the service's own value stays); every other edge name replaces.
        out[name] = name === "vary" && out.vary !== undefined ? `${out.vary}, ${value}` : value;
      }
      c.set("headersApplied", true);
    }
    return new Response(upstream.body, {
      status: upstream.status,
      statusText: upstream.statusText,
      headers: cookies ? withCookies(out, cookies) : out,
    });
  };
}
