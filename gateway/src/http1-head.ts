// The head of an HTTP/1.1 answer (RFC 9112 §4–6): status line, fields, and how its body is framed.
// Strict where a lenient parse would let a service's answer be read two ways (request smuggling's
// cousin): obsolete line folding, a field name that is not a token, conflicting lengths are refused.

export interface ResponseHead {
  status: number;
  statusText: string;
  /** Lowercase names, values without surrounding whitespace, in the order received. */
  headers: [string, string][];
  /** The connection may carry another request after this answer. */
  keepAlive: boolean;
  chunked: boolean;
  /** Content-Length, when the body is framed by it. */
  length?: number;
}

/** The service broke HTTP (malformed head, bad framing, answer over the size bound). */
export class UpstreamProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpstreamProtocolError";
  }
}

const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: (.*))?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const DIGITS = /^\d{1,15}$/;
const decoder = new TextDecoder();

/** Field bytes are Latin-1 (a ByteString per byte); ASCII, the usual case, decodes the fast way. */
function text(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) {
      let s = "";
      for (let j = 0; j < bytes.length; j++) s += String.fromCharCode(bytes[j]);
      return s;
    }
  }
  return decoder.decode(bytes);
}

const fail = (why: string): never => {
  throw new UpstreamProtocolError(why);
};

/** Parse the bytes before the empty line that ends an answer's head. */
export function parseHead(bytes: Uint8Array): ResponseHead {
  const lines = text(bytes).split("\r\n");
  const m = STATUS_LINE.exec(lines[0]) ?? fail("bad status line");
  const http10 = m[1] === "0";
  const headers: [string, string][] = [];
  let length: number | undefined;
  let encoding: string | undefined;
  let connection = "";
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    if (colon <= 0 || !TOKEN.test(name)) fail("bad header line"); // obs-fold starts with a space
    const lower = name.toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (value.includes("\n") || value.includes("\r")) fail("bad header value");
    headers.push([lower, value]);
    if (lower === "content-length") {
      const n = DIGITS.test(value) ? Number(value) : fail("bad content-length");
      if (length !== undefined && length !== n) fail("conflicting content-length");
      length = n;
    } else if (lower === "transfer-encoding") encoding = encoding ? `${encoding}, ${value}` : value;
    else if (lower === "connection") connection += "," + value.toLowerCase();
  }
  const tokens = connection.split(",").map((t) => t.trim());
  let keepAlive = http10 ? tokens.includes("keep-alive") : !tokens.includes("close");
  let chunked = false;
  if (encoding !== undefined) {
    // Transfer-Encoding wins over Content-Length, and such an answer ends the connection (RFC 9112 §6.3).
    chunked = /(?:^|,)\s*chunked\s*$/i.test(encoding);
    if (length !== undefined) keepAlive = false;
    length = undefined;
    if (!chunked) keepAlive = false; // framed by close
  }
  return { status: Number(m[2]), statusText: m[3] ?? "", headers, keepAlive, chunked, length };
}
