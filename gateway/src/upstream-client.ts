// Upstream HTTP client: fetch with the request body as a stream and a bound on the wait for response
// headers only (a streamed body, e.g. SSE, may take longer). Measured against node:http with a
// keep-alive Agent on the benchmark box: the same CPU per proxied request (~110 µs), so the standard
// API stays. fetch keeps connections alive per origin by itself.

export interface UpstreamRequest {
  method: string;
  url: string;
  /** Name/value pairs: fetch converts them once (a Headers object would be converted twice). */
  headers: [string, string][];
  body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | null;
  timeoutMs: number;
}

export class UpstreamTimeout extends Error {
  constructor() {
    super("upstream timeout");
    this.name = "UpstreamTimeout";
  }
}

export function createUpstreamClient() {
  async function send(r: UpstreamRequest): Promise<Response> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(new UpstreamTimeout()), r.timeoutMs);
    try {
      return await fetch(r.url, {
        method: r.method,
        headers: r.headers,
        body: r.body,
        redirect: "manual", // a service's redirect is the client's business, not followed here
        signal: ctrl.signal,
      });
    } catch (err) {
      throw ctrl.signal.aborted ? new UpstreamTimeout() : err;
    } finally {
      clearTimeout(timer);
    }
  }
  return { send };
}

export type UpstreamClient = ReturnType<typeof createUpstreamClient>;
