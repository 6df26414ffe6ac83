// Upstream HTTP client: HTTP/1.1 with keep-alive over Deno.connect, for the gateway's proxied answers.
// Why not fetch: on the proxy's hot path Deno's fetch cost ~35–40 µs more CPU per request than this
// client (the Request/Response/Headers objects and streams it builds around each exchange), and
// undici and node:http measured no better than fetch (docs/gateway.md § Performance, fourth pass).
// Its scope is what the gateway needs from its own services on a private network: a buffered request
// body, an answer read whole (src/http1-connection.ts), bounded in size and time. Streams (SSE,
// WebSocket) are served by the gateway itself (src/live-events.ts), never proxied.
import { Connection, Stale, type UpstreamAnswer } from "./http1-connection.ts";
import { UpstreamProtocolError } from "./http1-head.ts";

export { type UpstreamAnswer, UpstreamProtocolError };

export interface UpstreamRequest {
  method: string;
  /** Absolute http(s) URL: the service base + path + query, already validated by the proxy. */
  url: string;
  /** Name/value pairs as they will be written; Host and Content-Length are added here. */
  headers: [string, string][];
  body: Uint8Array | null;
  /** Bound on the whole exchange: connect, send, and the answer's last byte. */
  timeoutMs: number;
}

export class UpstreamTimeout extends Error {
  constructor() {
    super("upstream timeout");
    this.name = "UpstreamTimeout";
  }
}

export interface UpstreamClientOptions {
  /** Largest answer body accepted (the services' biggest listings are far below). */
  maxBodyBytes?: number;
  /** Idle keep-alive connections kept per origin; more are closed when returned. */
  maxIdlePerOrigin?: number;
  /** An idle connection older than this is closed instead of reused. */
  idleMs?: number;
  /** Aborting closes every connection (the gateway's shutdown). */
  signal?: AbortSignal;
}

/** Methods safe to send again when a reused connection turns out closed (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

interface InFlight {
  deadline: number;
  timedOut: boolean;
  conn?: Connection;
  /** Rejects the wait for a connect that outlives the deadline. */
  onTimeout?: () => void;
}

/** A service's origin (scheme, host, port) and its idle connections. */
interface Origin {
  tls: boolean;
  hostname: string;
  port: number;
  /** The Host header: as in the configured URL. */
  host: string;
  pool: Connection[];
}

function originOf(origin: string): Origin {
  const url = new URL(origin);
  const tls = url.protocol === "https:";
  return {
    tls,
    hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
    port: Number(url.port || (tls ? 443 : 80)),
    host: url.host,
    pool: [],
  };
}

function isReset(err: unknown) {
  return err instanceof Deno.errors.ConnectionReset || err instanceof Deno.errors.BrokenPipe ||
    err instanceof Deno.errors.ConnectionAborted;
}

// Long by design: one factory holding the pools, the deadline sweep and the exchange's retry rule.
export function createUpstreamClient(opts: UpstreamClientOptions = {}) {
  const maxBody = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  const maxIdle = opts.maxIdlePerOrigin ?? 128;
  const idleMs = opts.idleMs ?? 15_000;
  const origins = new Map<string, Origin>();
  const inFlight = new Set<InFlight>();
  let sweeper: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  // One timer for every deadline instead of one per request (a setTimeout/clearTimeout pair per
  // request was ~3 µs): deadlines are checked every 25 ms, well inside the route timeouts' precision.
  function sweep() {
    const now = performance.now();
    for (const f of inFlight) {
      if (f.deadline > now) continue;
      f.timedOut = true;
      inFlight.delete(f);
      f.conn?.close();
      f.onTimeout?.();
    }
    if (inFlight.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  }

  function close() {
    closed = true;
    for (const o of origins.values()) for (const c of [...o.pool]) c.close();
    for (const f of inFlight) f.conn?.close();
    clearInterval(sweeper);
    sweeper = undefined;
  }
  opts.signal?.addEventListener("abort", close, { once: true });

  async function connect(o: Origin, f: InFlight): Promise<Connection> {
    const { hostname, port } = o;
    const dial = o.tls ? Deno.connectTls({ hostname, port }) : Deno.connect({ hostname, port });
    const late = new Promise<never>((_, reject) => (f.onTimeout = () => reject(new UpstreamTimeout())));
    try {
      const conn = await Promise.race([dial, late]);
      if ("setNoDelay" in conn) conn.setNoDelay(true);
      return new Connection(conn, o.pool);
    } catch (err) {
      dial.then((c) => c.close(), () => {}); // a connect that completes after its deadline
      throw err;
    } finally {
      f.onTimeout = undefined;
    }
  }

  /** The most recently used idle connection still fit for use, or none. */
  function idle(pool: Connection[]): Connection | undefined {
    const now = performance.now();
    for (let c = pool.pop(); c; c = pool.pop()) {
      if (!c.closed && now - c.idleSince < idleMs) return c;
      c.close();
    }
  }

  async function send(r: UpstreamRequest): Promise<UpstreamAnswer> {
    if (closed) throw new TypeError("upstream client closed");
    // Split by hand (a URL object per request showed in the profile); the origin's parts are kept.
    const slash = r.url.indexOf("/", r.url.indexOf("//") + 2);
    const key = slash < 0 ? r.url : r.url.slice(0, slash);
    let o = origins.get(key);
    if (!o) origins.set(key, o = originOf(key));
    const pool = o.pool;
    const f: InFlight = { deadline: performance.now() + r.timeoutMs, timedOut: false };
    inFlight.add(f);
    sweeper ??= setInterval(sweep, 25);
    const target = slash < 0 ? "/" : r.url.slice(slash);
    const head = { method: r.method, target, host: o.host, headers: r.headers, body: r.body };
    try {
      for (let attempt = 0;; attempt++) {
        const reused = attempt === 0 ? idle(pool) : undefined;
        const c = reused ?? await connect(o, f);
        c.busy = true;
        f.conn = c;
        try {
          const answer = await c.exchange(head, maxBody);
          if (f.timedOut) throw new UpstreamTimeout();
          c.release(maxIdle);
          return answer;
        } catch (err) {
          c.close();
          if (f.timedOut) throw new UpstreamTimeout();
          // A kept-alive connection the service closed just as it was reused: nothing was answered, so a
          // request that is safe to repeat goes again on a new connection.
          if (err instanceof Stale || isReset(err)) {
            if (reused && IDEMPOTENT.has(r.method)) continue;
            throw new UpstreamProtocolError("connection closed before answering");
          }
          throw err;
        }
      }
    } finally {
      inFlight.delete(f);
    }
  }

  /** Idle keep-alive connections, all origins (tests, and a gauge if ever wanted). */
  const idleCount = () => [...origins.values()].reduce((n, o) => n + o.pool.length, 0);

  return { send, close, idleCount };
}

export type UpstreamClient = ReturnType<typeof createUpstreamClient>;
