// readBody(): the gateway reads a request's whole body itself, bounded in size and time, before any
// check or proxy runs. A client that sends headers and then stalls, drips or floods its body gets its
// own 408 `REQUEST_TIMEOUT` / 413 `PAYLOAD_TOO_LARGE`; the upstream then receives bytes already in
// memory, so the route timeout (and the circuit breaker) measure the upstream alone — a slow client can
// no longer make a healthy service look down for everyone (breaker poisoning).
// Bodies here are small JSON documents; buffering them costs one copy and keeps bytes untouched.
import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../../../services/common/errors.ts";
import { concatBytes } from "../bytes.ts";
import type { GatewayEnv } from "../env.ts";

export interface ReadBodyOptions {
  maxBytes: number;
  /** Whole-body deadline, from the first byte of the body wait to the last byte. */
  deadlineMs: number;
}

class BodyTimeout extends Error {}

const tooLarge = (max: number) => new ApiError(413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${max} bytes`);

/** Read `stream` into one array; throws 413 past `max` bytes, BodyTimeout when `signal` aborts. */
async function collect(stream: ReadableStream<Uint8Array>, max: number, signal: AbortSignal) {
  const reader = stream.getReader();
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener("abort", () => reject(new BodyTimeout()), { once: true });
  });
  aborted.catch(() => {}); // only observed through the race below
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      size += value.byteLength;
      if (size > max) throw tooLarge(max);
      chunks.push(value);
    }
  } catch (err) {
    reader.cancel().catch(() => {});
    throw err;
  }
  return concatBytes(chunks);
}

/** The read itself (src/chain.ts runs it inside the route's one middleware); throws the 408/413. */
export function bodyReader(opts: ReadBodyOptions): (c: Context<GatewayEnv>) => Promise<void> {
  for (const k of ["maxBytes", "deadlineMs"] as const) {
    if (!Number.isInteger(opts[k]) || opts[k] < 1) throw new Error(`readBody: ${k} must be an integer >= 1`);
  }
  return async function readRequestBody(c) {
    const req = c.req.raw;
    if (req.body === null) return;
    const bodyless = req.method === "GET" || req.method === "HEAD";
    const declared = Number(req.headers.get("content-length") ?? NaN);
    if (declared > opts.maxBytes) throw tooLarge(opts.maxBytes);
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), opts.deadlineMs);
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await collect(req.body, opts.maxBytes, ctrl.signal);
    } catch (err) {
      if (!(err instanceof BodyTimeout)) throw err;
      throw new ApiError(408, "REQUEST_TIMEOUT", `Request body not received within ${opts.deadlineMs} ms`, {
        headers: { Connection: "close" },
      });
    } finally {
      clearTimeout(timer);
    }
    // Not `new Request(req, …)`: copying the original would tie its abort signal to ours. A GET/HEAD
    // body has no meaning (and fetch refuses one): it was read to keep the connection sane, then dropped.
    c.req.raw = new Request(req.url, {
      method: req.method,
      headers: req.headers,
      body: bodyless ? null : body,
    });
    if (!bodyless) c.set("body", body);
  };
}

export function readBody(opts: ReadBodyOptions): MiddlewareHandler<GatewayEnv> {
  const read = bodyReader(opts);
  return async function readBodyMiddleware(c, next) {
    await read(c);
    await next();
  };
}
