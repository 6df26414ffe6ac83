// The resilience suite's driver (started by scripts/resilience.sh on its own loopback stack): under
// light mixed load, inject each fault in turn, heal it, measure recovery, then settle ambiguous
// attempts and check the books. Writes the table to docs/resilience.md; exits 1 on any violation.
// Pass/fail never depends on timing: recovery seconds are reported (bounded by RECOVERY_CAP_S).
import { createUser, type TestUser } from "../../integration_tests/helpers.ts";
import { writeSection } from "../bench/doc-section.ts";
import { type Fault, FAULTS } from "./faults.ts";
import { checkBooks, settle } from "./invariants.ts";
import { type Attempt, send, startLoad } from "./load.ts";

const GATEWAY = Deno.env.get("GATEWAY_URL")!;
const API = `${GATEWAY}/api/v1`;
const FAULT_SECONDS = Number(Deno.env.get("FAULT_SECONDS") ?? "6");
const RECOVERY_CAP_S = 120;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const only = Deno.env.get("FAULTS"); // e.g. FAULTS=redis,order — a subset while developing

/** Bounded wait for a condition (signals, not durations). */
async function until(check: () => Promise<boolean> | boolean, seconds: number): Promise<boolean> {
  for (const end = Date.now() + seconds * 1000; Date.now() < end;) {
    if (await check()) return true;
    await sleep(100);
  }
  return false;
}

/** Healed = the target says ready, and a probe user's deposit, order and read all succeed. */
async function healthy(fault: Fault, probe: TestUser): Promise<boolean> {
  const port = Deno.env.get(`${fault.target.toUpperCase()}_PORT`);
  if (port && !["redis", "dynamodb"].includes(fault.target)) {
    const r = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) })
      .catch(() => undefined);
    await r?.body?.cancel();
    if (r?.status !== 200) return false;
  }
  const key = () => ({ "Idempotency-Key": crypto.randomUUID() });
  const calls = [
    () => send(API, probe.token, "POST", "/balance/deposit", { amount: "2.00" }, key()),
    () =>
      send(
        API,
        probe.token,
        "POST",
        "/orders",
        { asset_id: "USDT", order_type: "market_buy", quantity: "1" },
        key(),
      ),
    () => send(API, probe.token, "GET", "/portfolio"),
  ];
  for (const c of calls) if ((await c()).status >= 300) return false;
  return true;
}

interface Row {
  fault: string;
  requests: number;
  codes: Record<string, number>;
  recovery: number | undefined;
  violations: string[];
}

/** Summarise one fault window's answers; anything but 2xx/4xx/problem-JSON 503/504 is a violation. */
function summarise(fault: Fault, attempts: Attempt[], recovery: number | undefined): Row {
  const codes: Record<string, number> = {};
  const violations: string[] = [];
  for (const a of attempts) {
    const label = a.status === 0
      ? "no answer"
      : a.status >= 400
      ? `${a.status} ${a.code ?? "?"}`
      : `${a.status}`;
    codes[label] = (codes[label] ?? 0) + 1;
    const serverError = a.status >= 500 && !([503, 504].includes(a.status) && a.problem);
    const clientError = a.status >= 400 && a.status < 500 && !a.problem;
    const refused = a.status === 0 && !fault.refusedExpected;
    if (serverError || clientError || refused) {
      violations.push(`${a.op}: ${label}${a.problem ? "" : " (not problem JSON)"}`);
    }
  }
  if (recovery === undefined) violations.push(`not recovered within ${RECOVERY_CAP_S} s`);
  return { fault: fault.name, requests: attempts.length, codes, recovery, violations };
}

/** A registered user (bcrypt on a busy box may time out: try again under a new name, bounded). */
async function newUser(): Promise<TestUser> {
  for (let i = 0;; i++) {
    try {
      return await createUser(API);
    } catch (err) {
      if (i >= 5) throw err;
    }
  }
}
const users: TestUser[] = [];
for (let i = 0; i < 4; i++) users.push(await newUser());
const probe = await newUser();
let window = "steady";
const load = startLoad(API, users, () => window, 100_000);
const rows: Row[] = [];
for (const fault of FAULTS.filter((f) => !only || only.split(",").includes(f.target))) {
  window = `steady:${fault.name}`;
  await until(() => load.count(window) >= 20, 120);
  console.error(`fault: ${fault.name}`);
  window = fault.name;
  await fault.inject();
  await sleep(FAULT_SECONDS * 1000); // the outage lasts this long under load (shaping, not a check)
  await fault.heal();
  const t0 = performance.now();
  const ok = await until(() => healthy(fault, probe), RECOVERY_CAP_S);
  const recovery = ok ? (performance.now() - t0) / 1000 : undefined;
  rows.push(summarise(fault, load.attempts.filter((a) => a.window === fault.name), recovery));
  console.error(`  recovered in ${recovery?.toFixed(1) ?? "—"} s; ${JSON.stringify(rows.at(-1)!.codes)}`);
}
window = "after";
await until(() => load.count("after") >= 20, 120);
await load.stop();
const settled = await settle(API, users, load.attempts);
const books = await checkBooks(API, users, load.attempts);

const cell = (r: Row) =>
  Object.entries(r.codes).filter(([k]) => !k.startsWith("2")).map(([k, v]) => `${k}: ${v}`).join("<br>") ||
  "—";
const ok2xx = (r: Row) =>
  Object.entries(r.codes).filter(([k]) => k.startsWith("2")).reduce((s, [, v]) => s + v, 0);
const table = rows.map((r) =>
  `| ${r.fault} | ${r.requests} | ${ok2xx(r)} | ${cell(r)} | ${
    r.recovery?.toFixed(1) ?? "not recovered"
  } | ${r.violations.length} |`
).join("\n");
const total = load.attempts.length;
const violations = [...rows.flatMap((r) => r.violations.map((v) => `${r.fault}: ${v}`)), ...books];
const section = `## Latest run

- Command: \`${Deno.env.get("COMMAND")}\`
- Date: ${new Date().toISOString()}; load average at the end ${
  Deno.loadavg().map((x) => x.toFixed(2)).join(", ")
}
- Each fault lasts ${FAULT_SECONDS} s under load, then is healed; recovery = from the heal until the target
  is ready and a probe user's deposit, market order and portfolio read all succeed (cap ${RECOVERY_CAP_S} s).

| Fault | requests during fault + recovery | 2xx | other answers (status code) | recovery s | invariant violations |
|---|---|---|---|---|---|
${table}

Whole run: ${total} requests by ${users.length} users; ${settled} ambiguous writes (no answer or 5xx)
settled afterwards by re-sending their Idempotency-Key; books checked: ${
  books.length === 0
    ? "0 lost and 0 duplicated orders, no async order left `accepted`, every ledger sums to its balance, every acknowledged deposit and withdrawal booked once"
    : books.join("; ")
}. **Invariant violations: ${violations.length}.**
`;
console.log(section);
await writeSection(Deno.env.get("DOC")!, "Latest run", section);
if (violations.length) {
  console.error(violations.slice(0, 30).join("\n"));
  Deno.exit(1);
}
Deno.exit(0);
