// After the faults: settle every ambiguous attempt (no answer or 5xx) by sending it again with its
// Idempotency-Key, then check the books of every load user through the API: each order the
// clients were told about exists exactly once and no other does (0 lost, 0 duplicated), no async
// order stays `accepted`, the ledger sums to the balance, and every deposit and withdrawal
// acknowledged is in the ledger exactly once.
import type { TestUser } from "../../integration_tests/helpers.ts";
import { type Attempt, request, send } from "./load.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cents = (s: string) => {
  const neg = s.startsWith("-");
  const [i, f = ""] = s.replace("-", "").split(".");
  return (neg ? -1n : 1n) * (BigInt(i) * 100n + BigInt((f + "00").slice(0, 2)));
};
const ambiguous = (a: Attempt) =>
  a.key !== undefined && (a.status === 0 || a.status >= 500 || a.code === "IDEMPOTENCY_IN_FLIGHT");

/** Re-send each ambiguous write with its key until it has a definite answer (bounded). */
export async function settle(api: string, users: TestUser[], attempts: Attempt[]): Promise<number> {
  const token = new Map(users.map((u) => [u.username, u.token]));
  let settled = 0;
  for (const a of attempts.filter(ambiguous)) {
    const req = request(a.op);
    const headers = { ...req.headers, "Idempotency-Key": a.key! };
    // An in-flight claim of a killed request is taken over after 30 s: retry up to ~2 min.
    for (let i = 0; i < 120; i++) {
      const r = await send(api, token.get(a.user)!, req.method, req.path, a.body, headers);
      if (r.status === 0 || r.status >= 500 || r.json?.code === "IDEMPOTENCY_IN_FLIGHT") {
        await sleep(1000);
        continue;
      }
      const data = r.json?.data as Record<string, unknown> | undefined;
      Object.assign(a, {
        settledStatus: r.status,
        orderId: (data?.order_id ?? r.json?.order_id) as string,
        txnId: r.json?.transaction_id as string,
      });
      settled++;
      break;
    }
  }
  return settled;
}

async function pages<T>(api: string, token: string, path: string, field: string): Promise<T[]> {
  const all: T[] = [];
  let cursor = "";
  for (let i = 0; i < 1000; i++) {
    const r = await send(api, token, "GET", `${path}${path.includes("?") ? "&" : "?"}limit=100${cursor}`);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    all.push(...(r.json![field] as T[]));
    if (!r.json!.has_more) return all;
    cursor = `&cursor=${encodeURIComponent(String(r.json!.next_cursor))}`;
  }
  return all;
}

/** Every violation found, as readable lines (empty = the books are exact). */
export async function checkBooks(api: string, users: TestUser[], attempts: Attempt[]): Promise<string[]> {
  const violations: string[] = [];
  const final = (a: Attempt) => (a as Attempt & { settledStatus?: number }).settledStatus ?? a.status;
  for (const u of users) {
    const mine = attempts.filter((a) => a.user === u.username);
    const told = new Set(
      mine.filter((a) => a.orderId && final(a) >= 200 && final(a) < 300).map((a) => a.orderId!),
    );
    let orders = await pages<{ order_id: string; status: string }>(api, u.token, "/orders", "data");
    for (let i = 0; i < 240 && orders.some((o) => o.status === "accepted"); i++) {
      await sleep(500); // async orders still queued: the worker (or its re-queue sweep) runs them
      orders = await pages(api, u.token, "/orders", "data");
    }
    const ids = orders.map((o) => o.order_id);
    const lost = [...told].filter((id) => !ids.includes(id));
    const extra = ids.filter((id) => !told.has(id));
    const dup = ids.length - new Set(ids).size;
    if (lost.length) {
      violations.push(`${u.username}: ${lost.length} acknowledged orders missing: ${lost.slice(0, 3)}`);
    }
    if (extra.length) {
      violations.push(`${u.username}: ${extra.length} orders nobody was told of: ${extra.slice(0, 3)}`);
    }
    if (dup) violations.push(`${u.username}: ${dup} duplicated order ids`);
    const stuck = orders.filter((o) => o.status === "accepted").length;
    if (stuck) violations.push(`${u.username}: ${stuck} async orders never executed`);

    const ledger = await pages<{ amount: string; transaction_type: string; transaction_id: string }>(
      api,
      u.token,
      "/balance/transactions",
      "transactions",
    );
    const bal = await send(api, u.token, "GET", "/balance");
    const sum = ledger.reduce((s, t) => s + cents(t.amount), 0n);
    if (sum !== cents(String(bal.json?.current_balance))) {
      violations.push(`${u.username}: ledger sums to ${sum} cents, balance is ${bal.json?.current_balance}`);
    }
    for (const op of ["deposit", "withdraw"] as const) {
      const ok = mine.filter((a) => a.op === op && final(a) === 201).length;
      const booked = ledger.filter((t) => t.transaction_type === op).length;
      if (ok !== booked) violations.push(`${u.username}: ${ok} ${op}s acknowledged, ${booked} in the ledger`);
    }
    // Which acknowledged entry is missing, and what happened to its request (for the report).
    const ledgerIds = new Set(ledger.map((t) => t.transaction_id));
    for (const a of mine.filter((a) => a.txnId && !ledgerIds.has(a.txnId))) {
      violations.push(
        `${u.username}: ${a.op} ${a.txnId} acknowledged but not in the ledger: ${JSON.stringify(a)}`,
      );
    }
  }
  return violations;
}
