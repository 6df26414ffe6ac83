// Fixed-arrival-rate load profiles for scripts/load.sh (open model, loopback, bounded by count):
// upstream's k6 profiles — latency mix at 14 req/s, rate limiting (upstream: 150 VUs), lock
// contention at 50 req/s on one user — and a mixed profile at 200 req/s. p50/p90/p95/p99 and error
// rates beside upstream's published figures; writes "## Load (fixed arrival rate)" in docs/benchmarks.md.
// Env: API (main gateway, raised limits), LIMITED_API (a gateway with the default limits), PROFILES,
//      DOC, COMMAND, ENV_TEXT + stack env (DYNAMODB_ENDPOINT, TABLE_NAME, JWT_SECRET); or LOAD_TARGET=1
//      with API = LIMITED_API = a deployment's gateway (users made through the API, nothing written).
import { apiUser } from "./api-user.ts";
import { writeSection } from "./doc-section.ts";
import { openLoop, pct, type Sample, type Shot } from "./open-loop.ts";
import { env } from "./env.ts";
import { directSeeder } from "./seed.ts";

const API = env("API");
// --target: a deployment reached through its gateway only; users are made through the API.
const TARGET = Deno.env.get("LOAD_TARGET") === "1";
const direct = TARGET ? undefined : directSeeder();
async function seed(prefix: string, usd: string) {
  return direct ? (await direct.user(prefix, usd)).token : await apiUser(API, prefix, usd);
}

const get = (base: string, path: string, token?: string): Shot => ({
  label: `GET ${path}`,
  url: `${base}${path}`,
  init: { headers: token ? { authorization: `Bearer ${token}` } : {} },
});
const post = (base: string, path: string, token: string, body: unknown, label = `POST ${path}`): Shot => ({
  label,
  url: `${base}${path}`,
  init: {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  },
});
const BTC_BUY = { asset_id: "BTC", order_type: "market_buy", quantity: "0.001" }; // ~$50 (minimum quantity)
const ETH_BUY = { asset_id: "ETH", order_type: "market_buy", quantity: "0.001" }; // ~$3

interface Profile {
  name: string;
  upstream: string;
  rate: (s: number) => number;
  count: number;
  setup: () => Promise<(i: number) => Shot>;
  /** Requests sent first, at `rate`, and not reported: DynamoDB Local's JIT warms up (as in the orders bench). */
  warmup?: { count: number; rate: number };
  /** Which answers count as success for this profile's goal. */
  success: (s: Sample) => boolean;
}

const origin = API.replace(/\/api\/v1$/, "");
const PROFILES: Profile[] = [{
  name: "latency mix (upstream latency.js), 14 req/s × 50 s, 1 user",
  upstream: "p50 8.33 ms, p90 501 ms, p95 794 ms, p99 1,430 ms at 14 req/s; 0 % failed",
  rate: () => 14,
  count: 700,
  setup: async () => {
    const t = await seed("load_latency", "100");
    const rotation = [
      () => get(origin, "/health"),
      () => get(API, "/auth/profile", t),
      () => get(API, "/inventory/assets"),
      () => get(API, "/balance", t),
      () => post(API, "/balance/deposit", t, { amount: 1 }),
    ];
    return (i) => rotation[i % rotation.length]();
  },
  success: (s) => s.status >= 200 && s.status < 300,
}, {
  name: "rate limiting (upstream rate-limiting.js, 150 VUs), 150 req/s × 20 s, 1 user, limit 1,000/min",
  upstream: "300 req/s, p95 1,610 ms, 94 % answered 429 (limit then 1,000/min per IP), no rate-limit headers",
  rate: () => 150,
  count: 3000,
  setup: async () => {
    const t = await seed("load_ratelimit", "0");
    return () => get(env("LIMITED_API"), "/auth/profile", t);
  },
  success: (s) => s.status === 200 || s.status === 429,
}, {
  name:
    "lock contention (upstream lock-management.js), 30→50 req/s over 2 s then 50 req/s × 6 s, deposit/withdraw/buy on 1 user",
  upstream: "32 % success (68 % 503 lock contention), p95 30,460 ms",
  rate: (s) => s < 2 ? 30 + 10 * s : 50,
  count: 380,
  setup: async () => {
    // 9,000 + 127 × 5 stays under the 10,000 daily deposit limit; 127 buys × $50 are affordable.
    const t = await seed("load_lock", "9000");
    const rotation = [
      () => post(API, "/balance/deposit", t, { amount: 5 }),
      () => post(API, "/balance/withdraw", t, { amount: 3 }),
      () => post(API, "/orders", t, BTC_BUY, "POST /orders (market buy)"),
    ];
    return (i) => rotation[i % 3]();
  },
  success: (s) => s.status === 201,
}, {
  name: "mixed, 200 req/s × 30 s, 20 users (60 % reads, 40 % writes), after a 20,000-request warm-up",
  upstream: "— (no upstream figure)",
  rate: () => 200,
  count: 6000,
  // DynamoDB Local is a JVM: on a fresh stack its CPU per request keeps falling for ~20,000 mixed requests
  // (86 % → 50–54 % of a core at 200 req/s, docs/benchmarks.md § Load: reading the results). Measuring
  // before that measures its JIT, not the platform (production's DynamoDB has no warm-up).
  warmup: { count: 20_000, rate: 200 },
  setup: async () => {
    const ts = await Promise.all(Array.from({ length: 20 }, () => seed("load_mixed", "9000")));
    const rotation = [
      (t: string) => get(API, "/balance", t),
      (t: string) => post(API, "/orders", t, ETH_BUY, "POST /orders (market buy)"),
      (_t: string) => get(API, "/inventory/assets"),
      (t: string) => get(API, "/portfolio", t),
      (t: string) => post(API, "/balance/deposit", t, { amount: 1 }),
      (t: string) => get(API, "/orders?limit=10", t),
      (t: string) => post(API, "/orders", t, ETH_BUY, "POST /orders (market buy)"),
      (t: string) => get(API, "/balance", t),
      (t: string) => post(API, "/balance/withdraw", t, { amount: 1 }),
      (t: string) => get(API, "/auth/profile", t),
    ];
    // Users take turns (request i is user u = i mod 20's), each walking the whole rotation at 10 req/s,
    // starting at its own step u: at any moment the 20 users are at different steps, so the mix is 60/40
    // in every 100 ms. (Not one user's 10 requests in a 50 ms burst, which measured one account's lock
    // queue; nor all 20 users on the same step, which sent 20 buys in the same 100 ms.)
    return (i) => {
      const u = i % ts.length;
      return rotation[(Math.floor(i / ts.length) + u) % rotation.length](ts[u]);
    };
  },
  success: (s) => s.status >= 200 && s.status < 300,
}];

/**
 * CPU time stolen by the hypervisor, all CPUs: /proc/stat's first line as load.sh samples it every
 * second into CPU_STAT_LOG (Deno reads /proc/stat itself only with --allow-all); undefined without it.
 */
function cpuTimes(): { steal: number; total: number } | undefined {
  try {
    const log = Deno.env.get("CPU_STAT_LOG");
    if (!log) return undefined;
    const f = Deno.readTextFileSync(log).trim().split(/\s+/).slice(1, 9).map(Number);
    if (f.length < 8 || f.some((x) => !Number.isFinite(x))) return undefined;
    return { steal: f[7], total: f.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}
// On a shared VM the host may take a share of "our" two cores: a run near saturation (mixed) then
// queues. Reported per profile so a result can be read against it.
const stolen: string[] = [];

const only = Deno.env.get("PROFILES")?.split(",");
const rows: string[] = [];
const goals: string[] = [];
let failed = false;
for (const [n, p] of PROFILES.entries()) {
  if (only && !only.includes(String(n + 1))) continue;
  const shot = await p.setup();
  if (p.warmup) {
    console.error(`warm-up: ${p.warmup.count} requests at ${p.warmup.rate}/s (not reported)`);
    await openLoop({ count: p.warmup.count, rate: () => p.warmup!.rate, shot });
  }
  console.error(`profile: ${p.name}`);
  const before = cpuTimes();
  const { samples, seconds } = await openLoop({ count: p.count, rate: p.rate, shot });
  const after = cpuTimes();
  if (before && after) {
    const share = 100 * (after.steal - before.steal) / Math.max(1, after.total - before.total);
    stolen.push(`${p.name.split(" (")[0].split(",")[0]} ${share.toFixed(1)} %`);
  }
  const ms = samples.filter((s) => s.status > 0).map((s) => s.ms).sort((a, b) => a - b);
  const fails = samples.filter((s) => s.status === 0 || s.status >= 500).length;
  const codes = new Map<string, number>();
  for (const s of samples.filter((s) => s.status >= 400 || s.status === 0)) {
    const k = s.status === 0
      ? "no answer"
      : `${s.status} ${s.code ?? ""}${s.noRetryAfter ? " (no Retry-After)" : ""}`;
    codes.set(k, (codes.get(k) ?? 0) + 1);
  }
  const ok = samples.filter(p.success).length;
  if (fails > 0 || (n === 2 && ok < samples.length)) failed = true;
  const met = (yes: boolean) => yes ? "met" : "**not met**";
  goals.push(
    `| ${p.name.split(" (")[0].split(",")[0]}: 0 answers outside 4xx | ${fails} | ${met(fails === 0)} |`,
  );
  if (n === 2) {
    goals.push(
      `| lock contention: 100 % success | ${(100 * ok / samples.length).toFixed(1)} % | ${
        met(ok === samples.length)
      } |`,
    );
  }
  if (n === 3) {
    goals.push(
      `| mixed: p99 < 50 ms at 200 req/s | ${pct(ms, 99).toFixed(1)} ms | ${met(pct(ms, 99) < 50)} |`,
    );
  }
  const f = (x: number) => x.toFixed(1);
  rows.push(
    `| ${p.name} | ${samples.length} in ${seconds.toFixed(1)} s | ${f(pct(ms, 50))} | ${f(pct(ms, 90))} | ${
      f(pct(ms, 95))
    } | ${f(pct(ms, 99))} | ${(100 * ok / samples.length).toFixed(1)} % | ${
      [...codes].map(([k, v]) => `${k}: ${v}`).join("<br>") || "—"
    } | ${(100 * fails / samples.length).toFixed(2)} % | ${p.upstream} |`,
  );
  console.error(rows.at(-1));
}
direct?.close();

const LOCAL_LIMITS = `The main gateway runs with per-user limits raised far
above the offered load (the lock and mixed profiles measure execution, not throttling); the rate-limit
profile uses a second gateway whose per-user limit is 1,000 requests/min (\`RATE_LIMIT_DEFAULT_USER\`, as
upstream's published run had 1,000/min): what is over it must be a 429 with \`Retry-After\`, never a 5xx.`;
const TARGET_LIMITS = `Run against a deployment (\`--target\`), under its own rate
limits: a 429 (with \`Retry-After\`) is that deployment throttling; only 5xx or no answer are failures.`;
const section = `## Load (fixed arrival rate)

Open-model load (\`scripts/bench/open-loop.ts\`: request *i* is sent at start + *i*/rate whether or not
earlier ones have answered; latency counts from that due time, so queueing shows) through the gateway,
loopback, bounded by request count. Profiles follow upstream's k6 scripts; upstream's figures are from
its published report (Docker Compose on an unstated machine), ours from this run. The generator runs
on the same 2 cores as the whole stack${Deno.env.get("LOAD_NOTE") ?? ""}.

- Command: \`${env("COMMAND")}\`
- Environment: ${env("ENV_TEXT")}; load average at the end ${
  Deno.loadavg().map((x) => x.toFixed(2)).join(", ")
}
- Date: ${new Date().toISOString()}
- CPU stolen by the hypervisor during each measured phase (\`/proc/stat\` steal): ${
  stolen.join(", ") || "n/a"
}

| Profile | requests | p50 ms | p90 ms | p95 ms | p99 ms | success | 4xx / no answer (status code) | 5xx + no answer | upstream |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Success = 2xx (latency, mixed), 200 or 429 (rate limiting), 201 (lock contention: every deposit,
withdrawal and buy of the one user executed). ${TARGET ? TARGET_LIMITS : LOCAL_LIMITS}

| Goal | Result | |
|---|---|---|
${goals.join("\n")}
`;
console.log(section);
if (!only && !TARGET) await writeSection(env("DOC"), "Load (fixed arrival rate)", section);
Deno.exit(failed ? 1 : 0);
