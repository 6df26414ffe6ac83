// Raw HTTP/1.1 over TCP, for what fetch will not send: a body that stalls or drips, a NUL byte in a
// header, a 64 KB request line. Reads one response (Content-Length framed, or until the peer closes).

export interface RawResponse {
  status: number;
  headers: Headers;
  body: string;
}

const enc = new TextEncoder();

/** host:port of an http:// base URL. */
export function hostPort(base: string): { hostname: string; port: number } {
  const u = new URL(base);
  return { hostname: u.hostname, port: Number(u.port || 80) };
}

/** Open a connection and write `head` (and optional first body bytes); the caller decides what follows. */
export async function rawConnect(base: string, head: string): Promise<Deno.Conn> {
  const conn = await Deno.connect(hostPort(base));
  await conn.write(enc.encode(head));
  return conn;
}

/**
 * Read one HTTP response from `conn` (never more than `limit` bytes), then close the connection. A
 * server that never answers fails the test after `timeoutMs` (status 0) instead of hanging it.
 */
export async function readResponse(
  conn: Deno.Conn,
  limit = 1 << 20,
  timeoutMs = 120_000,
): Promise<RawResponse> {
  const timer = setTimeout(() => {
    try {
      conn.close(); // the pending read fails: status 0
    } catch { /* already closed */ }
  }, timeoutMs);
  const buf = new Uint8Array(64 * 1024);
  let data = new Uint8Array(0);
  const dec = new TextDecoder();
  try {
    for (;;) {
      const text = dec.decode(data);
      const end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
        if (length && data.byteLength >= end + 4 + Number(length[1])) break;
      }
      if (data.byteLength > limit) break;
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      const next = new Uint8Array(data.byteLength + n);
      next.set(data);
      next.set(buf.subarray(0, n), data.byteLength);
      data = next;
    }
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* already closed by the peer (or the timer) */ }
  }
  const text = dec.decode(data);
  const end = text.indexOf("\r\n\r\n");
  const [statusLine, ...lines] = text.slice(0, end < 0 ? text.length : end).split("\r\n");
  const headers = new Headers();
  for (const l of lines) {
    const i = l.indexOf(":");
    if (i > 0) headers.append(l.slice(0, i).trim(), l.slice(i + 1).trim());
  }
  const body = end < 0 ? "" : text.slice(end + 4);
  return {
    status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
    headers,
    body: headers.get("transfer-encoding") === "chunked" ? dechunk(body) : body,
  };
}

/** The payload of a chunked body (sizes in hex, each chunk followed by CRLF; 0 ends it). */
function dechunk(raw: string): string {
  let out = "", at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    const size = eol < 0 ? 0 : parseInt(raw.slice(at, eol), 16);
    if (!size) return out;
    out += raw.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** Send a whole raw request and read its response. */
export async function rawRequest(base: string, request: string): Promise<RawResponse> {
  return await readResponse(await rawConnect(base, request));
}

/**
 * POST `chunks` × 256 KB of chunked body (no Content-Length, so a size limit can only act while
 * reading) and read the answer; writing stops quietly once the server closes after answering.
 */
export async function floodChunked(base: string, path: string, chunks: number): Promise<RawResponse> {
  const conn = await rawConnect(
    base,
    `POST ${path} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
  );
  const chunk = "x".repeat(256 * 1024);
  const writing = (async () => {
    for (let i = 0; i < chunks; i++) {
      await conn.write(enc.encode(`${chunk.length.toString(16)}\r\n${chunk}\r\n`));
    }
  })().catch(() => {});
  const res = await readResponse(conn);
  await writing;
  return res;
}
