// Upstream HTTP client: HTTP/1.1 with keep-alive over Deno.connect, for the gateway's proxied answers.
// Why not fetch: on the proxy's hot path Deno's fetch cost ~35–40 µs more CPU per request than this
// client (the Request/Response/Headers objects and streams it builds around each exchange), and
// undici and node:http measured no better than fetch (docs/gateway.md § Performance, fourth pass).
// Its scope is what the gateway needs from its own services on a private network: a buffered request
// body, an answer read whole (Content-Length, chunked, or up to close), bounded in size and time.
// Streams (SSE, WebSocket) are served by the gateway itself (src/live-events.ts), never proxied.
import { parseHead, type ResponseHead, UpstreamProtocolError } from "./http1-head.ts";

export { UpstreamProtocolError };

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

export interface UpstreamAnswer {
  status: number;
  statusText: string;
  /** Lowercase names, in the order received; hop-by-hop and framing headers included. */
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
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

const MAX_HEAD_BYTES = 64 * 1024;
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const NON_ASCII = /[^\x00-\x7f]/;
const encoder = new TextEncoder();

/** ByteString → bytes: header values are Latin-1 strings, which UTF-8 would change past 0x7f. */
function latin1(s: string): Uint8Array {
  if (!NON_ASCII.test(s)) return encoder.encode(s);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** One keep-alive connection: its socket, the bytes read and not yet consumed, and its state. */
class Connection {
  buf: Uint8Array<ArrayBuffer> = new Uint8Array(16 * 1024);
  start = 0;
  end = 0;
  busy = false;
  closed = false;
  used = false;
  idleSince = 0;
  /** The read in flight: while idle it watches for the service closing the connection. */
  pending: Promise<number | null> | null = null;

  constructor(readonly conn: Deno.Conn, readonly pool: Connection[]) {}

  close() {
    if (this.closed) return;
    this.closed = true;
    const i = this.pool.indexOf(this);
    if (i >= 0) this.pool.splice(i, 1);
    try {
      this.conn.close();
    } catch { /* already closed by the peer */ }
  }

  /** Start a read into the free end of the buffer (growing it when full, up to `limit`). */
  read(limit: number): Promise<number | null> {
    if (this.pending) return this.pending;
    if (this.start > 0 && this.start === this.end) this.start = this.end = 0;
    if (this.end === this.buf.length) {
      const live = this.end - this.start;
      if (this.start > 0) this.buf.copyWithin(0, this.start, this.end); // room at the front: compact
      else if (live >= limit) throw new UpstreamProtocolError("answer larger than allowed");
      else {
        const next = new Uint8Array(Math.min(this.buf.length * 2, limit + 1024));
        next.set(this.buf);
        this.buf = next;
      }
      this.start = 0;
      this.end = live;
    }
    const p = this.conn.read(this.buf.subarray(this.end));
    this.pending = p;
    return p;
  }

  /** Wait for more bytes; false at end of stream. */
  async more(limit: number): Promise<boolean> {
    const n = await this.read(limit);
    this.pending = null;
    if (n === null) return false;
    this.end += n;
    return true;
  }

  /** Back to the pool, watching for the service closing it meanwhile. */
  release(maxIdle: number) {
    this.busy = false;
    if (this.closed) return;
    if (this.start !== this.end || this.pool.length >= maxIdle) return this.close(); // stray bytes
    this.start = this.end = 0;
    this.idleSince = performance.now();
    this.pool.push(this);
    this.read(this.buf.length).then(
      (n) => {
        if (this.busy) return; // taken meanwhile: the request owns this read
        // Bytes or end of stream while idle: either way this connection cannot carry another request.
        if (n !== null) this.end += n;
        this.close();
      },
      () => {
        if (!this.busy) this.close();
      },
    );
  }
}

interface InFlight {
  deadline: number;
  timedOut: boolean;
  conn?: Connection;
  /** Rejects the wait for a connect that outlives the deadline. */
  onTimeout?: () => void;
}

// Long by design: one factory holding the pools, the deadline sweep and the exchange itself.
export function createUpstreamClient(opts: UpstreamClientOptions = {}) {
  const maxBody = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  const maxIdle = opts.maxIdlePerOrigin ?? 128;
  const idleMs = opts.idleMs ?? 15_000;
  const pools = new Map<string, Connection[]>();
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
    for (const pool of pools.values()) for (const c of [...pool]) c.close();
    for (const f of inFlight) f.conn?.close();
    clearInterval(sweeper);
    sweeper = undefined;
  }
  opts.signal?.addEventListener("abort", close, { once: true });

  async function connect(url: URL, pool: Connection[], f: InFlight): Promise<Connection> {
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    const dial = url.protocol === "https:"
      ? Deno.connectTls({ hostname, port })
      : Deno.connect({ hostname, port });
    const late = new Promise<never>((_, reject) => (f.onTimeout = () => reject(new UpstreamTimeout())));
    try {
      const conn = await Promise.race([dial, late]);
      if ("setNoDelay" in conn) conn.setNoDelay(true);
      return new Connection(conn, pool);
    } catch (err) {
      dial.then((c) => c.close(), () => {}); // a connect that completes after its deadline
      throw err;
    } finally {
      f.onTimeout = undefined;
    }
  }

  /** An idle connection still fit for use, or none. */
  function idle(pool: Connection[]): Connection | undefined {
    const now = performance.now();
    for (let c = pool.pop(); c; c = pool.pop()) {
      if (!c.closed && now - c.idleSince < idleMs) return c;
      c.close();
    }
  }

  function head(r: UpstreamRequest, url: URL): Uint8Array {
    let text = `${r.method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
    for (let i = 0; i < r.headers.length; i++) {
      const [name, value] = r.headers[i];
      // Values the gateway adds itself (token subject, path) must not split the head.
      if (value.includes("\n") || value.includes("\r")) throw new TypeError(`invalid value for ${name}`);
      text += name + ": " + value + "\r\n";
    }
    if (r.body) text += "content-length: " + r.body.byteLength + "\r\n";
    else if (BODY_METHODS.has(r.method)) text += "content-length: 0\r\n";
    return latin1(text + "\r\n");
  }

  async function write(c: Connection, bytes: Uint8Array) {
    for (let at = 0; at < bytes.length;) at += await c.conn.write(bytes.subarray(at));
  }

  /** Read until `want` bytes are buffered; the stream ending first is a cut-short answer. */
  async function fill(c: Connection, want: number): Promise<void> {
    while (c.end - c.start < want) {
      if (!await c.more(Math.max(want, MAX_HEAD_BYTES))) throw new UpstreamProtocolError("answer cut short");
    }
  }

  async function readHead(c: Connection): Promise<ResponseHead> {
    let scanned = c.start;
    for (;;) {
      const b = c.buf;
      for (let i = Math.max(scanned, c.start + 3); i < c.end; i++) {
        if (b[i] === 10 && b[i - 1] === 13 && b[i - 2] === 10 && b[i - 3] === 13) {
          const parsed = parseHead(b.subarray(c.start, i - 3));
          c.start = i + 1;
          return parsed;
        }
      }
      scanned = Math.max(c.start, c.end);
      if (c.end - c.start > MAX_HEAD_BYTES) throw new UpstreamProtocolError("answer head too large");
      if (!await c.more(MAX_HEAD_BYTES + 4)) {
        // Nothing at all on a connection that answered before: the service closed it as it was reused.
        throw c.end === c.start && c.used ? new Stale() : new UpstreamProtocolError("answer cut short");
      }
    }
  }

  function take(c: Connection, n: number): Uint8Array<ArrayBuffer> {
    const out = c.buf.slice(c.start, c.start + n);
    c.start += n;
    return out;
  }

  async function readLine(c: Connection): Promise<string> {
    for (;;) {
      const i = c.buf.subarray(c.start, c.end).indexOf(10);
      if (i >= 0) {
        const line = String.fromCharCode(...c.buf.subarray(c.start, c.start + i)).replace(/\r$/, "");
        c.start += i + 1;
        return line;
      }
      if (c.end - c.start > 4096) throw new UpstreamProtocolError("chunk line too long");
      if (!await c.more(4096)) throw new UpstreamProtocolError("answer cut short");
    }
  }

  async function readChunked(c: Connection): Promise<Uint8Array<ArrayBuffer>> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const line = await readLine(c);
      const m = /^([0-9a-fA-F]{1,8})(?:[ \t]*;.*)?$/.exec(line);
      if (!m) throw new UpstreamProtocolError("bad chunk size");
      const n = parseInt(m[1], 16);
      if (n === 0) break;
      if (size + n > maxBody) throw new UpstreamProtocolError("answer larger than allowed");
      await fill(c, n + 2);
      parts.push(take(c, n));
      size += n;
      if (c.buf[c.start] !== 13 || c.buf[c.start + 1] !== 10) {
        throw new UpstreamProtocolError("bad chunk end");
      }
      c.start += 2;
    }
    while ((await readLine(c)) !== ""); // trailer fields are dropped
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) [out.set(p, at), at += p.byteLength];
    return out;
  }

  async function readToEnd(c: Connection): Promise<Uint8Array<ArrayBuffer>> {
    while (await c.more(maxBody)) {
      if (c.end - c.start > maxBody) throw new UpstreamProtocolError("answer larger than allowed");
    }
    return take(c, c.end - c.start);
  }

  async function exchange(c: Connection, r: UpstreamRequest, url: URL): Promise<UpstreamAnswer> {
    // Written while the idle watch's read is still pending: that read becomes the answer's first read.
    await write(c, head(r, url));
    if (r.body && r.body.byteLength) await write(c, r.body);
    let h = await readHead(c);
    while (h.status < 200) h = await readHead(c); // 100 Continue / 103 Early Hints: the answer follows
    let body: Uint8Array<ArrayBuffer>;
    let reusable = h.keepAlive;
    if (r.method === "HEAD" || h.status === 204 || h.status === 304) body = new Uint8Array(0);
    else if (h.chunked) body = await readChunked(c);
    else if (h.length !== undefined) {
      if (h.length > maxBody) throw new UpstreamProtocolError("answer larger than allowed");
      await fill(c, h.length);
      body = take(c, h.length);
    } else {
      body = await readToEnd(c);
      reusable = false;
    }
    if (!reusable) c.close();
    return { status: h.status, statusText: h.statusText, headers: h.headers, body };
  }

  async function send(r: UpstreamRequest): Promise<UpstreamAnswer> {
    if (closed) throw new TypeError("upstream client closed");
    const url = new URL(r.url);
    let pool = pools.get(url.origin);
    if (!pool) pools.set(url.origin, pool = []);
    const f: InFlight = { deadline: performance.now() + r.timeoutMs, timedOut: false };
    inFlight.add(f);
    sweeper ??= setInterval(sweep, 25);
    try {
      for (let attempt = 0;; attempt++) {
        const reused = attempt === 0 ? idle(pool) : undefined;
        const c = reused ?? await connect(url, pool, f);
        c.busy = true;
        f.conn = c;
        try {
          const answer = await exchange(c, r, url);
          c.used = true;
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
  const idleCount = () => [...pools.values()].reduce((n, pool) => n + pool.length, 0);

  return { send, close, idleCount };
}

/** The service closed a reused connection before answering. */
class Stale extends Error {}

function isReset(err: unknown) {
  return err instanceof Deno.errors.ConnectionReset || err instanceof Deno.errors.BrokenPipe ||
    err instanceof Deno.errors.ConnectionAborted;
}

export type UpstreamClient = ReturnType<typeof createUpstreamClient>;
