// Event delivery benchmark for scripts/bench-events.sh (bounded by counts, loopback only): opens
// CONNECTIONS SSE streams through the gateway spread over USERS users (each waits for the stream's
// `: ready`), then places ORDERS synchronous market orders and times, for every open connection of
// the order's owner, the gap between the 201 (the change is committed) and the `order.filled`
// event arriving on that stream. The synchronous order round trip in the same run is the baseline.
// Writes "## Event delivery" in docs/benchmarks.md.
// Env: API, TARGET_LABEL, USERS, CONNECTIONS, ORDERS, CONCURRENCY, DOC, COMMAND, ENV_TEXT + stack env.
import { writeSection } from "./doc-section.ts";
import { env } from "./env.ts";
import { directSeeder } from "./seed.ts";

const API = env("API");
const USERS = Number(env("USERS", "50"));
const CONNECTIONS = Number(env("CONNECTIONS", "1000"));
const ORDERS = Number(env("ORDERS", "500"));
const CONCURRENCY = Number(env("CONCURRENCY", "8"));
const ORDER = JSON.stringify({ asset_id: "ETH", order_type: "market_buy", quantity: "0.001" });

const seeder = directSeeder();
const users = await Promise.all(Array.from({ length: USERS }, () => seeder.user("bench_events", "100000")));
seeder.close();

/** order_id → receive times (performance.now()) on the owner's connections. */
const received = new Map<string, number[]>();
let delivered = 0;
let foreign = 0; // events of another user on a connection (must stay 0)
const aborts: AbortController[] = [];

/** Open one SSE stream; resolves once the gateway wrote `: ready` (nothing is missed after it). */
async function connect(user: { name: string; token: string }): Promise<void> {
  const ac = new AbortController();
  aborts.push(ac);
  const r = await fetch(`${API}/events`, {
    headers: { authorization: `Bearer ${user.token}`, accept: "text/event-stream" },
    signal: ac.signal,
  });
  if (r.status !== 200) throw new Error(`SSE answered ${r.status}: ${await r.text()}`);
  const reader = r.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  let ready: () => void = () => {};
  const isReady = new Promise<void>((res) => ready = res);
  (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += value;
      let end;
      while ((end = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        if (block.startsWith(": ready")) ready();
        const data = block.split("\n").find((l) => l.startsWith("data: "));
        if (!block.includes("event: order") || !data) continue;
        const ev = JSON.parse(data.slice(6));
        if (ev.username !== user.name) foreign++;
        if (ev.type !== "order.filled") continue;
        const at = performance.now();
        received.set(ev.order_id, [...(received.get(ev.order_id) ?? []), at]);
        delivered++;
      }
    }
  })();
  await isReady;
}

console.error(`opening ${CONNECTIONS} SSE connections over ${USERS} users`);
const perUser = new Array(USERS).fill(0);
for (let i = 0; i < CONNECTIONS; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, CONNECTIONS - i) }, (_, j) => {
    perUser[(i + j) % USERS]++;
    return connect(users[(i + j) % USERS]);
  }));
}

console.error(`placing ${ORDERS} orders, concurrency ${CONCURRENCY}`);
const committed = new Map<string, { at: number; user: number }>();
const roundTrips: number[] = [];
let next = 0;
let bad = 0;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < ORDERS) {
    const user = next++ % USERS;
    const t0 = performance.now();
    const r = await fetch(`${API}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${users[user].token}` },
      body: ORDER,
    });
    const body = await r.json();
    const at = performance.now();
    roundTrips.push(at - t0);
    if (r.status === 201) committed.set(body.data.order_id, { at, user });
    else bad++;
  }
}));
const expected = [...committed.values()].reduce((n, c) => n + perUser[c.user], 0);
// Wait (bounded) until every owner connection has its event.
for (let i = 0; i < 600 && delivered < expected; i++) await new Promise((r) => setTimeout(r, 100));
aborts.forEach((a) => a.abort());

const latencies: number[] = [];
for (const [orderId, c] of committed) {
  for (const t of received.get(orderId) ?? []) latencies.push(Math.max(0, t - c.at));
}
latencies.sort((a, b) => a - b);
roundTrips.sort((a, b) => a - b);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
const f = (x: number) => x.toFixed(1);
const load = Deno.loadavg().map((x) => x.toFixed(2)).join(", ");
const section = `## Event delivery

${CONNECTIONS} Server-Sent-Events connections open through \`${env("TARGET_LABEL")}/events\`,
${CONNECTIONS / USERS} per user over ${USERS} users; then ${ORDERS} synchronous market orders
(concurrency ${CONCURRENCY}). Latency = from the order's 201 (the change is committed) until its
\`order.filled\` event arrives on one of the owner's connections — every owner connection counts,
so each order gives ${CONNECTIONS / USERS} samples. Path: transaction → relay woken by the order
service's Pub/Sub nudge → \`events:p<k>\` → notification fan-out → user feed + Pub/Sub → gateway → SSE.
Baseline: the synchronous order round trip in the same run.

- Command: \`${env("COMMAND")}\`
- Environment: ${env("ENV_TEXT")}; load average at the end ${load}
- Date: ${new Date().toISOString()}

| Measure | samples | p50 ms | p99 ms | max ms |
|---|---|---|---|---|
| order round trip, POST → 201 (baseline) | ${roundTrips.length} | ${f(pct(roundTrips, 50))} | ${
  f(pct(roundTrips, 99))
} | ${f(roundTrips.at(-1) ?? NaN)} |
| delivery, 201 → SSE event | ${latencies.length} | ${f(pct(latencies, 50))} | ${f(pct(latencies, 99))} | ${
  f(latencies.at(-1) ?? NaN)
} |

Delivery p50 is ${(pct(latencies, 50) / pct(roundTrips, 50)).toFixed(2)}× the order round trip p50
(p99: ${(pct(latencies, 99) / pct(roundTrips, 99)).toFixed(2)}×). Deliveries expected ${expected},
received ${latencies.length}; non-201 orders ${bad}; events of another user seen on a connection: ${foreign}.
`;
console.log(section);
await writeSection(env("DOC"), "Event delivery", section);
if (bad > 0 || foreign > 0 || latencies.length < expected) Deno.exit(1);
Deno.exit(0);
