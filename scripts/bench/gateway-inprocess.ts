// In-process microbenchmark of the gateway's own work per proxied request (no sockets): the real app
// (buildGatewayApp, every feature on, local rate limits) answering authenticated `GET /api/v1/balance`,
// with its upstream client replaced by a stand-in that returns the service's answer at once; next to it
// the bare proxy's handler (scripts/bench/bare-proxy.ts) with `fetch` replaced the same way. Reports µs of this process's
// time per request (median over interleaved batches) and the ratio, so a hot-path change can be
// judged before the (noisy, socket-bound) ./scripts/bench-gateway.sh.
// Usage: REDIS_URL=redis://127.0.0.1:PORT deno run -A scripts/bench/gateway-inprocess.ts [batches] [requests]
import { Hono } from "hono";
import { createTokens } from "../../services/common/jwt.ts";
import { createLogger } from "../../services/common/logger.ts";
import { createRedis } from "../../services/common/redis.ts";
import { createRevocationList } from "../../services/common/revocation.ts";
import { buildGatewayApp } from "../../gateway/app.ts";
import { loadGatewayConfig } from "../../gateway/config.ts";

const BATCHES = Number(Deno.args[0] ?? 15);
const PER_BATCH = Number(Deno.args[1] ?? 5000);
const CONCURRENCY = 50;
const SECRET = "bench-only-secret-0123456789abcdef-0123456789";
const UPSTREAM = "http://127.0.0.1:9/";

// What the stub service answers (Hono c.json through Deno.serve): small JSON, three headers.
const BODY = JSON.stringify({ username: "bench_user", current_balance: "1000.00", updated_at: "2026-01-01" });
globalThis.fetch = (_input: RequestInfo | URL, init?: RequestInit) => {
  const body = init?.body;
  if (body instanceof ReadableStream) body.cancel();
  return Promise.resolve(
    new Response(BODY, {
      headers: [
        ["content-type", "application/json"],
        ["content-length", String(BODY.length)],
        ["date", "Sun, 29 Nov 2026 00:00:00 GMT"],
      ],
    }),
  );
};

const cfg = loadGatewayConfig({
  JWT_SECRET: SECRET,
  REDIS_URL: Deno.env.get("REDIS_URL"),
  USER_URL: UPSTREAM,
  LOG_LEVEL: "warn",
  RATE_LIMIT_DEFAULT_IP: "100000000",
  RATE_LIMIT_DEFAULT_USER: "100000000",
});
const redis = createRedis(cfg.REDIS_URL);
await redis.ping();
const revocations = createRevocationList(redis);
const stop = new AbortController();
const body = new TextEncoder().encode(BODY);
const gateway = buildGatewayApp({
  upstreamClient: {
    send: () =>
      Promise.resolve({
        status: 200,
        statusText: "OK",
        headers: [["content-type", "application/json"], ["content-length", String(body.byteLength)], [
          "date",
          "Sun, 29 Nov 2026 00:00:00 GMT",
        ]],
        body,
      }),
    close: () => {},
    idleCount: () => 0,
  },
  cfg,
  redis,
  log: createLogger("bench", "warn"),
  revocations,
  signal: stop.signal,
});
const { token } = await createTokens({ ...cfg, JWT_SECRET: SECRET }).issue("bench_user", "customer");

const bare = new Hono();
bare.all("/api/v1/*", (c) => {
  const url = c.req.url;
  const path = url.slice(url.indexOf("/api/v1/", url.indexOf("//") + 2) + 7);
  return fetch(UPSTREAM + path, { method: c.req.method, headers: c.req.raw.headers, body: c.req.raw.body });
});

// Deno.serve hands Hono the socket address as env; the gateway keys its per-IP limit on it.
const info = { remoteAddr: { hostname: "127.0.0.1", port: 40000, transport: "tcp" } };
const headers = {
  authorization: `Bearer ${token}`,
  host: "127.0.0.1:8080",
  "user-agent": "bench",
  accept: "*/*",
};
const targets: Record<string, (r: Request) => Response | Promise<Response>> = {
  bare: (r) => bare.fetch(r, info),
  gateway: (r) => gateway.fetch(r, info),
};

async function profile(out: string, work: () => Promise<void>) {
  const { Session } = await import("node:inspector");
  const session = new Session();
  session.connect();
  const post = (method: string, params = {}) =>
    // deno-lint-ignore no-explicit-any
    new Promise<any>((ok, fail) => session.post(method, params, (e, r) => e ? fail(e) : ok(r)));
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 100 });
  await post("Profiler.start");
  await work();
  const { profile } = await post("Profiler.stop");
  await Deno.writeTextFile(out, JSON.stringify(profile));
  summarise(profile);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
/** Self time per function, and total (inclusive) time under a few named gateway frames. */
function summarise(p: { nodes: ProfileNode[] }) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const total = p.nodes.reduce((n, x) => n + x.hitCount, 0);
  const idle = p.nodes.filter((n) => ["(idle)", "(program)"].includes(n.callFrame.functionName))
    .reduce((n, x) => n + x.hitCount, 0);
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${
      n.callFrame.url.replace(/^.*\/(node_modules|wt\/[^/]+)\//, "").replace(/^.*\/ext:/, "ext:")
    }:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  for (const n of p.nodes) self.set(name(n), (self.get(name(n)) ?? 0) + n.hitCount);
  const inclusive = new Map<string, number>();
  const under = (n: ProfileNode): number =>
    n.hitCount + (n.children ?? []).reduce((s, c) => s + under(byId.get(c)!), 0);
  for (const n of p.nodes) {
    const fn = n.callFrame.functionName;
    if (fn) inclusive.set(fn, (inclusive.get(fn) ?? 0) + under(n));
  }
  const busy = total - idle;
  console.log(`busy samples: ${busy} of ${total}; self time, top 45:`);
  for (const [k, h] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 45)) {
    console.log(`${(100 * h / busy).toFixed(1).padStart(5)} %  ${k}`);
  }
  console.log("inclusive (may double-count recursion):");
  for (const [k, h] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60)) {
    console.log(`${(100 * h / busy).toFixed(1).padStart(5)} %  ${k}`);
  }
}

async function batch(handle: (r: Request) => Response | Promise<Response>): Promise<number> {
  let next = 0;
  const start = performance.now();
  async function worker() {
    while (next++ < PER_BATCH) {
      const res = await handle(new Request("http://127.0.0.1:8080/api/v1/balance", { headers }));
      if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return ((performance.now() - start) * 1000) / PER_BATCH;
}

const results: Record<string, number[]> = { bare: [], gateway: [] };
for (const t of Object.keys(targets)) await batch(targets[t]); // warm-up (JIT)
// PROFILE=out.cpuprofile: a V8 CPU profile of gateway batches only (Chrome DevTools opens it).
const profileOut = Deno.env.get("PROFILE");
if (profileOut) {
  await profile(profileOut, async () => {
    for (let i = 0; i < BATCHES; i++) await batch(targets.gateway);
  });
  Deno.exit(0);
}
for (let i = 0; i < BATCHES; i++) {
  for (const t of Object.keys(targets)) results[t].push(await batch(targets[t]));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
console.log(
  `µs per request (median of ${BATCHES} × ${PER_BATCH}, ${CONCURRENCY} in flight): ` +
    `bare ${m.bare.toFixed(1)}, gateway ${m.gateway.toFixed(1)}, gateway − bare ${
      (m.gateway - m.bare).toFixed(1)
    }, ratio ${(m.gateway / m.bare).toFixed(2)}`,
);
const sample = await gateway.fetch(new Request("http://127.0.0.1:8080/api/v1/balance", { headers }), info);
await sample.arrayBuffer();
console.log(`gateway answer: ${[...sample.headers].length} headers`);
stop.abort();
revocations.close();
redis.disconnect();
