// Benchmark baseline: the least a Hono fetch proxy can do — strip /api/v1 and forward method, headers
// and body to UPSTREAM_URL, returning the upstream Response as it is. No checks at all, so "gateway vs
// bare proxy" is the price of the gateway's features. Usage: PORT=… UPSTREAM_URL=… deno run -A bare-proxy.ts
import { Hono } from "hono";

const upstream = Deno.env.get("UPSTREAM_URL")!;
const app = new Hono();
app.all("/api/v1/*", (c) => {
  const url = c.req.url;
  const path = url.slice(url.indexOf("/api/v1/", url.indexOf("//") + 2) + 7);
  return fetch(upstream + path, { method: c.req.method, headers: c.req.raw.headers, body: c.req.raw.body });
});
Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT")), onListen: () => {} }, app.fetch);
