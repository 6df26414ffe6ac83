// Light mixed load for the resilience suite: a few users, each running one sequential loop of
// deposits, withdrawals, market buys (sync and `Prefer: respond-async`), resting limit buys and
// balance reads through the gateway. Every write carries its own Idempotency-Key, so an attempt
// whose answer was lost (5xx, dropped connection) can be resolved afterwards by sending it again.
import type { TestUser } from "../../integration_tests/helpers.ts";

export type Op = "deposit" | "withdraw" | "market" | "limit" | "async" | "balance";
export interface Attempt {
  user: string;
  op: Op;
  key?: string;
  body?: unknown;
  /** The fault window the answer arrived in ("" = steady state). */
  window: string;
  /** HTTP status, or 0 when no answer came (connection refused/reset, client timeout). */
  status: number;
  code?: string;
  /** Whether a non-2xx answer was problem JSON (`application/problem+json` with `status`). */
  problem: boolean;
  orderId?: string;
  /** A deposit's or withdrawal's ledger entry, as its 201 named it. */
  txnId?: string;
}

const OPS: Op[] = ["deposit", "market", "balance", "withdraw", "limit", "async", "balance"];
const PREFER_ASYNC = { Prefer: "respond-async" };

/** A request through the API; never throws (no answer → status 0). */
export async function send(
  api: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers = {},
) {
  try {
    const r = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await r.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text);
    } catch { /* not JSON */ }
    const problem = (r.headers.get("content-type") ?? "").includes("application/problem+json") &&
      json?.status === r.status;
    return { status: r.status, json, problem };
  } catch {
    return { status: 0, json: undefined, problem: false };
  }
}

/** The request of one op (writes get a fresh Idempotency-Key). */
export function request(
  op: Op,
): { method: string; path: string; body?: unknown; headers: Record<string, string> } {
  const key = { "Idempotency-Key": crypto.randomUUID() };
  switch (op) {
    case "deposit":
      return { method: "POST", path: "/balance/deposit", body: { amount: "5.00" }, headers: key };
    case "withdraw":
      return { method: "POST", path: "/balance/withdraw", body: { amount: "1.00" }, headers: key };
    case "market":
      return {
        method: "POST",
        path: "/orders",
        body: { asset_id: "USDT", order_type: "market_buy", quantity: "1" },
        headers: key,
      };
    case "limit": // far below the market: it rests (holding $0.10) and never fills
      return {
        method: "POST",
        path: "/orders",
        body: { asset_id: "LINK", order_type: "limit_buy", quantity: "0.1", price: "1" },
        headers: key,
      };
    case "async":
      return {
        method: "POST",
        path: "/orders",
        body: { asset_id: "USDT", order_type: "market_buy", quantity: "1" },
        headers: { ...key, ...PREFER_ASYNC },
      };
    case "balance":
      return { method: "GET", path: "/balance", headers: {} };
  }
}

/** Start one loop per user; `window()` labels each answer; stops at `stop()` or `maxRequests`. */
export function startLoad(api: string, users: TestUser[], window: () => string, maxRequests: number) {
  const attempts: Attempt[] = [];
  let stopped = false;
  const loop = async (u: TestUser, offset: number) => {
    for (let i = offset; !stopped && attempts.length < maxRequests; i++) {
      const op = OPS[i % OPS.length];
      const req = request(op);
      const r = await send(api, u.token, req.method, req.path, req.body, req.headers);
      const data = r.json?.data as Record<string, unknown> | undefined;
      attempts.push({
        user: u.username,
        op,
        key: req.headers["Idempotency-Key"],
        body: req.body,
        window: window(),
        status: r.status,
        code: r.json?.code as string | undefined,
        problem: r.problem,
        orderId: (data?.order_id ?? r.json?.order_id) as string | undefined,
        txnId: r.json?.transaction_id as string | undefined,
      });
      // Light load: a short pause between a user's requests (more during faults: fewer wasted calls).
      await new Promise((res) => setTimeout(res, r.status >= 200 && r.status < 500 ? 20 : 100));
    }
  };
  const done = Promise.all(users.map((u, i) => loop(u, i)));
  return {
    attempts,
    /** Answers (any status) received so far in `w`. */
    count: (w: string) => attempts.filter((a) => a.window === w).length,
    async stop() {
      stopped = true;
      await done;
    },
  };
}
