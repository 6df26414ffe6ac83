// Must-show 3 and 4: many concurrent orders for one user stay exact, and one Idempotency-Key
// gives one order however many times it is sent at once.
import assert from "node:assert/strict";
import { assertProblem } from "../helpers.ts";
import { balance, call, cents, deposit, ledger, newUser, ORDER, order, portfolio } from "./support.ts";

Deno.test("must-show: 200 concurrent market buys, balance affords exactly k → k × 201, rest 422, books exact", async () => {
  const u = await newUser();
  // 0.00123 BTC × 50,000 = $61.50 per order; $2,305.50 affords exactly 37 (37 × 61.50 = 2,275.50).
  const k = 37;
  await deposit(u, "2305.50");
  // One user's orders queue on the per-user lock; on a loaded machine some may wait past LOCK_WAIT_MS
  // and get 409 + Retry-After, which a client retries — the outcome must still be exact.
  const placeRetrying = async () => {
    for (let attempt = 0;; attempt++) {
      const r = await order(u, { asset_id: "BTC", order_type: "market_buy", quantity: "0.00123" });
      if (r.status !== 409 || attempt >= 20) return r;
      assert.equal(r.headers.get("retry-after"), "1", r.text);
    }
  };
  const results = await Promise.all(Array.from({ length: 200 }, placeRetrying));
  const byStatus = new Map<number, number>();
  for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(byStatus), { 201: k, 422: 200 - k }, JSON.stringify([...byStatus]));
  for (const r of results.filter((r) => r.status === 422)) assertProblem(r, 422, "INSUFFICIENT_FUNDS");

  assert.equal(await balance(u), "30.00");
  const p = await portfolio(u);
  assert.deepEqual(p.assets.map((a) => [a.asset_id, a.quantity]), [["BTC", "0.04551"]]); // 37 × 0.00123
  const l = await ledger(u);
  assert.equal(l.total_count, k + 1);
  assert.equal(l.transactions.length, k + 1);
  const sum = l.transactions.reduce((s, t) => s + cents(t.amount), 0n);
  assert.equal(sum, cents(await balance(u)), "ledger sums to the balance");
  const orders = await call<{ data: unknown[] }>(ORDER, "GET", "/orders?limit=100", { token: u.token });
  assert.equal(orders.body.data.length, k);
  const txns = await call<{ data: unknown[] }>(ORDER, "GET", "/assets/BTC/transactions?limit=100", {
    token: u.token,
  });
  assert.equal(txns.body.data.length, k);
});

Deno.test("must-show: 20 concurrent identical requests with one Idempotency-Key → one order, identical bodies", async () => {
  const u = await newUser();
  await deposit(u, 1000);
  const key = `idem-${crypto.randomUUID()}`;
  const body = { asset_id: "ETH", order_type: "market_buy", quantity: "0.1" };
  const results = await Promise.all(
    Array.from({ length: 20 }, () => order(u, body, { "Idempotency-Key": key })),
  );
  for (const r of results) assert.equal(r.status, 201, r.text);
  const texts = new Set(results.map((r) => r.text));
  assert.equal(texts.size, 1, "every response body is byte-identical");
  const orders = await call<{ data: Record<string, string>[] }>(ORDER, "GET", "/orders", { token: u.token });
  assert.equal(orders.body.data.length, 1);
  assert.equal(orders.body.data[0].order_id, results[0].body.data.order_id);
  assert.equal(await balance(u), "700.00");
  assert.equal((await ledger(u)).total_count, 2);

  // A later retry replays; the same key with a different body is refused.
  const again = await order(u, body, { "Idempotency-Key": key });
  assert.equal(again.text, results[0].text);
  assert.equal(again.headers.get("Idempotent-Replayed"), "true");
  assertProblem(
    await order(u, { ...body, quantity: "0.2" }, { "Idempotency-Key": key }),
    422,
    "IDEMPOTENCY_KEY_REUSED",
  );
  // A rejected order is an answer too: replayed, not re-executed.
  const k2 = `idem-${crypto.randomUUID()}`;
  const big = { asset_id: "BTC", order_type: "market_buy", quantity: "0.1" };
  const r1 = await order(u, big, { "Idempotency-Key": k2 });
  assertProblem(r1, 422, "INSUFFICIENT_FUNDS");
  await deposit(u, 5000);
  const r2 = await order(u, big, { "Idempotency-Key": k2 });
  assert.equal(r2.status, 422);
  assert.equal(r2.text, r1.text);
});
