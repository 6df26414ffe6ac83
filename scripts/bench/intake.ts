// Async intake benchmark for scripts/bench-intake.sh (bounded by order counts, loopback only):
// synchronous market orders first (the reference rate), then a burst of `Prefer: respond-async`
// orders far above it — 202 latency p50/p99 — and the time until the worker has executed them all
// (drain rate, as a ratio to the synchronous rate in the same run). Users are seeded straight into
// the table with tokens minted from the stack's secret. Writes "## Async intake" in docs/benchmarks.md.
// Env: API, TARGET_LABEL, USERS, SYNC_ORDERS, ASYNC_ORDERS, CONCURRENCY, DOC, COMMAND, ENV_TEXT + stack env.
import { writeSection } from "./doc-section.ts";
import { env } from "./env.ts";
import { directSeeder } from "./seed.ts";

const API = env("API");
const USERS = Number(env("USERS", "50"));
const SYNC_ORDERS = Number(env("SYNC_ORDERS", "1000"));
const ASYNC_ORDERS = Number(env("ASYNC_ORDERS", "3000"));
const CONCURRENCY = Number(env("CONCURRENCY", "64"));
const ORDER = JSON.stringify({ asset_id: "ETH", order_type: "market_buy", quantity: "0.001" }); // $3.00

const seeder = directSeeder();
const users = await Promise.all(Array.from({ length: USERS }, async () => {
  return { token: (await seeder.user("bench_intake", "10000")).token, last: "" };
}));

/** `total` orders over `CONCURRENCY` senders (order i by user i mod USERS); latencies in ms. */
async function send(total: number, headers: Record<string, string>, expect: number) {
  const latencies: number[] = [];
  let next = 0;
  let bad = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < total) {
      const u = users[next++ % USERS];
      const t0 = performance.now();
      const r = await fetch(`${API}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${u.token}`, ...headers },
        body: ORDER,
      });
      const body = await r.json();
      latencies.push(performance.now() - t0);
      if (r.status !== expect) bad++;
      else if (expect === 202) u.last = body.order_id;
    }
  }));
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b), bad };
}

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];

console.error("warm-up: 500 synchronous orders (not reported)");
await send(500, {}, 201);
console.error(`synchronous: ${SYNC_ORDERS} orders, concurrency ${CONCURRENCY}`);
const sync = await send(SYNC_ORDERS, {}, 201);
console.error(`async burst: ${ASYNC_ORDERS} orders, concurrency ${CONCURRENCY}`);
const t0 = performance.now();
const burst = await send(ASYNC_ORDERS, { Prefer: "respond-async" }, 202);
// Each user's queue is FIFO: when every user's last order has left `accepted`, all have.
for (let i = 0; i < 100_000; i++) {
  const states = await Promise.all(users.map(async (u) => {
    const r = await fetch(`${API}/orders/${u.last}`, { headers: { authorization: `Bearer ${u.token}` } });
    return (await r.json()).data.status as string;
  }));
  if (states.every((s) => s !== "accepted")) break;
  await new Promise((r) => setTimeout(r, 100));
}
const drainSeconds = (performance.now() - t0) / 1000;
seeder.close();

const syncRate = SYNC_ORDERS / sync.seconds;
const drainRate = ASYNC_ORDERS / drainSeconds;
const section = `## Async intake

\`POST ${
  env("TARGET_LABEL")
}/orders\` market buys ($3.00 each) from ${USERS} users, concurrency ${CONCURRENCY}:
first synchronously (the reference rate), then the same orders with \`Prefer: respond-async\` in one
burst far above that rate; the drain is the time from the first 202 until the worker has executed the
last order (each user's last order left \`accepted\`). Bounded by order count; loopback only.

- Command: \`${env("COMMAND")}\`
- Environment: ${env("ENV_TEXT")}
- Date: ${new Date().toISOString()}

| Run | orders | p50 ms | p99 ms | max ms | unexpected status | orders/s |
|---|---|---|---|---|---|---|
| synchronous (201) | ${SYNC_ORDERS} | ${pct(sync.latencies, 50).toFixed(1)} | ${
  pct(sync.latencies, 99).toFixed(1)
} | ${sync.latencies.at(-1)!.toFixed(1)} | ${sync.bad} | ${syncRate.toFixed(0)} |
| async intake (202) | ${ASYNC_ORDERS} | ${pct(burst.latencies, 50).toFixed(1)} | ${
  pct(burst.latencies, 99).toFixed(1)
} | ${burst.latencies.at(-1)!.toFixed(1)} | ${burst.bad} | ${
  (ASYNC_ORDERS / burst.seconds).toFixed(0)
} accepted |
| async drain (worker) | ${ASYNC_ORDERS} | | | | | ${drainRate.toFixed(0)} executed (${
  (drainRate / syncRate).toFixed(2)
}× the synchronous rate) |

The 202 costs one 2-item transaction (placeholder + outbox, no balance condition) and one XADD; the
worker then runs the same transaction as a synchronous order, one user partition at a time
(\`INTAKE_PARTITIONS\` = 8 in parallel). Everything shares the same cores, so the drain competes with
the burst it drains.
`;
console.log(section);
await writeSection(env("DOC"), "Async intake", section);
if (sync.bad + burst.bad > 0) Deno.exit(1);
