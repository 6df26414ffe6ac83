// One keep-alive HTTP/1.1 connection to a service (RFC 9112): writes a request, reads its answer — the
// head by src/http1-head.ts, the body framed by Content-Length, chunked coding, or the end of the stream
// — and, while idle in its pool, keeps one read pending so a service closing it is noticed at once.
import { concatBytes } from "./bytes.ts";
import { parseHead, type ResponseHead, UpstreamProtocolError } from "./http1-head.ts";

export interface UpstreamAnswer {
  status: number;
  statusText: string;
  /** Lowercase names, in the order received; hop-by-hop and framing headers included. */
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
}

export interface RequestHead {
  method: string;
  /** Origin-form target: path and query, as the client encoded them. */
  target: string;
  host: string;
  headers: [string, string][];
  body: Uint8Array | null;
}

/** The service closed a connection that had answered before, without a byte of this answer. */
export class Stale extends Error {}

const MAX_HEAD_BYTES = 64 * 1024;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const encoder = new TextEncoder();

/**
 * The head's text as bytes. Field values are ByteStrings (one char per byte, Latin-1): ASCII, the usual
 * case, encodes the same in UTF-8 — one byte per char, so the lengths match — and anything else is
 * written byte for byte, as UTF-8 would change it past 0x7f.
 */
function latin1(s: string): Uint8Array {
  const utf8 = encoder.encode(s);
  if (utf8.length === s.length) return utf8;
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The request's head; throws before anything is sent if a value would split it. */
function encodeHead(r: RequestHead): Uint8Array {
  let text = `${r.method} ${r.target} HTTP/1.1\r\nhost: ${r.host}\r\n`;
  for (let i = 0; i < r.headers.length; i++) {
    const [name, value] = r.headers[i];
    // Values the gateway adds itself (token subject, path) must not inject a header or a request.
    if (value.includes("\n") || value.includes("\r")) throw new TypeError(`invalid value for ${name}`);
    text += name + ": " + value + "\r\n";
  }
  if (r.body) text += "content-length: " + r.body.byteLength + "\r\n";
  else if (BODY_METHODS.has(r.method)) text += "content-length: 0\r\n";
  return latin1(text + "\r\n");
}

export class Connection {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(16 * 1024);
  private start = 0;
  private end = 0;
  /** The read in flight: while idle it watches for the service closing the connection. */
  private pending: Promise<number | null> | null = null;
  busy = false;
  closed = false;
  /** It carried an answer before (only then is a silent close a stale keep-alive). */
  used = false;
  idleSince = 0;

  constructor(private readonly conn: Deno.Conn, private readonly pool: Connection[]) {}

  close() {
    if (this.closed) return;
    this.closed = true;
    const i = this.pool.indexOf(this);
    if (i >= 0) this.pool.splice(i, 1);
    try {
      this.conn.close();
    } catch { /* already closed by the peer */ }
  }

  /** Back to the pool, watching for the service closing it meanwhile. */
  release(maxIdle: number) {
    this.busy = false;
    this.used = true;
    if (this.closed) return;
    if (this.start !== this.end || this.pool.length >= maxIdle) return this.close(); // stray bytes
    this.start = this.end = 0;
    // A large answer grew the buffer: an idle connection keeps only the usual size.
    if (this.buf.length > 64 * 1024) this.buf = new Uint8Array(16 * 1024);
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

  /** Send `r` and read its whole answer; the connection is closed when it cannot carry another. */
  async exchange(r: RequestHead, maxBody: number): Promise<UpstreamAnswer> {
    // Written while the idle watch's read is pending: that read becomes the answer's first read. A small
    // body goes in the same write as the head (one syscall, one segment).
    const head = encodeHead(r);
    const size = r.body?.byteLength ?? 0;
    if (size > 0 && size <= 64 * 1024) {
      const both = new Uint8Array(head.byteLength + size);
      both.set(head);
      both.set(r.body!, head.byteLength);
      await this.write(both);
    } else {
      await this.write(head);
      if (size > 0) await this.write(r.body!);
    }
    let h = await this.readHead();
    while (h.status < 200) h = await this.readHead(); // 100 Continue / 103 Early Hints: the answer follows
    let body: Uint8Array<ArrayBuffer>;
    let reusable = h.keepAlive;
    if (r.method === "HEAD" || h.status === 204 || h.status === 304) body = new Uint8Array(0);
    else if (h.chunked) body = await this.readChunked(maxBody);
    else if (h.length !== undefined) {
      if (h.length > maxBody) throw new UpstreamProtocolError("answer larger than allowed");
      await this.fill(h.length);
      body = this.take(h.length);
    } else {
      body = await this.readToEnd(maxBody);
      reusable = false;
    }
    if (!reusable) this.close();
    return { status: h.status, statusText: h.statusText, headers: h.headers, body };
  }

  private async write(bytes: Uint8Array) {
    for (let at = 0; at < bytes.length;) at += await this.conn.write(bytes.subarray(at));
  }

  /** Start a read into the free end of the buffer (compacting or growing it when full, up to `limit`). */
  private read(limit: number): Promise<number | null> {
    if (this.pending) return this.pending;
    if (this.start > 0 && this.start === this.end) this.start = this.end = 0;
    if (this.end === this.buf.length) {
      const live = this.end - this.start;
      if (this.start > 0) this.buf.copyWithin(0, this.start, this.end);
      else if (live >= limit) throw new UpstreamProtocolError("answer larger than allowed");
      else {
        const next = new Uint8Array(Math.min(this.buf.length * 2, limit + 1024));
        next.set(this.buf);
        this.buf = next;
      }
      this.start = 0;
      this.end = live;
    }
    return this.pending = this.conn.read(this.buf.subarray(this.end));
  }

  /** Wait for more bytes; false at end of stream. */
  private async more(limit: number): Promise<boolean> {
    const n = await this.read(limit);
    this.pending = null;
    if (n === null) return false;
    this.end += n;
    return true;
  }

  /** Read until `want` bytes are buffered; the stream ending first is a cut-short answer. */
  private async fill(want: number) {
    while (this.end - this.start < want) {
      if (!await this.more(Math.max(want, MAX_HEAD_BYTES))) {
        throw new UpstreamProtocolError("answer cut short");
      }
    }
  }

  private take(n: number): Uint8Array<ArrayBuffer> {
    const out = this.buf.slice(this.start, this.start + n);
    this.start += n;
    return out;
  }

  private async readHead(): Promise<ResponseHead> {
    let scanned = this.start;
    for (;;) {
      const b = this.buf;
      for (let i = Math.max(scanned, this.start + 3); i < this.end; i++) {
        if (b[i] === 10 && b[i - 1] === 13 && b[i - 2] === 10 && b[i - 3] === 13) {
          const parsed = parseHead(b.subarray(this.start, i - 3));
          this.start = i + 1;
          return parsed;
        }
      }
      scanned = Math.max(this.start, this.end);
      if (this.end - this.start > MAX_HEAD_BYTES) throw new UpstreamProtocolError("answer head too large");
      if (!await this.more(MAX_HEAD_BYTES + 4)) {
        // Nothing at all on a connection that answered before: the service closed it as it was reused.
        throw this.end === this.start && this.used
          ? new Stale()
          : new UpstreamProtocolError("answer cut short");
      }
    }
  }

  private async readLine(): Promise<string> {
    for (;;) {
      const i = this.buf.subarray(this.start, this.end).indexOf(10);
      if (i >= 0) {
        const line = String.fromCharCode(...this.buf.subarray(this.start, this.start + i)).replace(/\r$/, "");
        this.start += i + 1;
        return line;
      }
      if (this.end - this.start > 4096) throw new UpstreamProtocolError("chunk line too long");
      if (!await this.more(4096)) throw new UpstreamProtocolError("answer cut short");
    }
  }

  private async readChunked(maxBody: number): Promise<Uint8Array<ArrayBuffer>> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const m = /^([0-9a-fA-F]{1,8})(?:[ \t]*;.*)?$/.exec(await this.readLine());
      if (!m) throw new UpstreamProtocolError("bad chunk size");
      const n = parseInt(m[1], 16);
      if (n === 0) break;
      if (size + n > maxBody) throw new UpstreamProtocolError("answer larger than allowed");
      await this.fill(n + 2);
      parts.push(this.take(n));
      size += n;
      if (this.buf[this.start] !== 13 || this.buf[this.start + 1] !== 10) {
        throw new UpstreamProtocolError("bad chunk end");
      }
      this.start += 2;
    }
    while ((await this.readLine()) !== ""); // trailer fields are dropped
    return concatBytes(parts);
  }

  private async readToEnd(maxBody: number): Promise<Uint8Array<ArrayBuffer>> {
    while (await this.more(maxBody)) {
      if (this.end - this.start > maxBody) throw new UpstreamProtocolError("answer larger than allowed");
    }
    return this.take(this.end - this.start);
  }
}
