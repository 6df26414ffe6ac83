// Limit orders through the public API with the worker test.sh runs: hold on placement, fill when an
// admin moves the price across the limit, cancel releasing the hold, held funds not withdrawable.
// Each test trades its own asset, so price moves never touch another test's orders.
import assert from "node:assert/strict";
import { assertProblem, needsAdmin } from "../helpers.ts";
import {
  call,
  cents,
  deposit,
  INVENTORY_ADMIN,
  ledger,
  newAdmin,
  newUser,
  ORDER,
  order,
  portfolio,
  USER,
} from "./support.ts";
import type { TestUser } from "./support.ts";

async function setPrice(admin: TestUser, asset: string, price: number) {
  const r = await call(INVENTORY_ADMIN, "PUT", `/assets/${asset}/price`, {
    token: admin.token,
    json: { price_usd: price },
  });
  assert.equal(r.status, 200, r.text);
}

async function balances(u: TestUser) {
  const r = await call<Record<string, string>>(USER, "GET", "/balance", { token: u.token });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const getOrder = (u: TestUser, id: string) =>
  call<{ data: Record<string, string | null> }>(ORDER, "GET", `/orders/${id}`, { token: u.token });

/** Poll until the order leaves `pending` (the worker settles on the price event, or its sweep). */
async function settled(u: TestUser, id: string) {
  for (let i = 0; i < 600; i++) {
    const r = await getOrder(u, id);
    if (r.body.data.status !== "pending") return r.body.data;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`order ${id} still pending`);
}

const ledgerSum = async (u: TestUser) =>
  (await ledger(u)).transactions.reduce((s, t) => s + cents(String(t.amount)), 0n);

Deno.test("limit buy: rests with a hold, fills at the market when the price crosses, leaves nothing held", {
  ignore: needsAdmin("moves an asset's price with the admin API"),
}, async () => {
  const admin = await newAdmin();
  await setPrice(admin, "LINK", 20);
  const u = await newUser();
  await deposit(u, 1000);
  const placed = await order(u, { asset_id: "LINK", order_type: "limit_buy", quantity: 10, price: 15 });
  assert.equal(placed.status, 201, placed.text);
  assert.equal(placed.body.data.status, "pending");
  assert.equal(placed.body.data.limit_price, "15");
  let b = await balances(u);
  assert.deepEqual([b.available_balance, b.held_balance, b.current_balance], ["850.00", "150.00", "1000.00"]);

  await setPrice(admin, "LINK", 14.5);
  const filled = await settled(u, placed.body.data.order_id!);
  assert.equal(filled.status, "filled");
  assert.equal(filled.filled_price, "14.5"); // at the market: better than the limit
  assert.equal(filled.total_amount, "145.00");
  b = await balances(u);
  assert.deepEqual([b.available_balance, b.held_balance, b.current_balance], ["855.00", "0.00", "855.00"]);
  const link = (await portfolio(u)).assets.find((a) => a.asset_id === "LINK");
  assert.equal(link?.quantity, "10");
  assert.equal(await ledgerSum(u), cents(b.current_balance), "the ledger sums to available + held");
  const types = (await ledger(u)).transactions.map((t) => t.transaction_type);
  // The fill's payment and the release of the rest of the hold are written together (either order).
  assert.deepEqual([...types.slice(0, 2)].sort(), ["order_payment", "release"]);
  assert.deepEqual(types.slice(2, 4), ["hold", "deposit"]);

  assertProblem(
    await call(ORDER, "DELETE", `/orders/${filled.order_id}`, { token: u.token }),
    409,
    "ORDER_NOT_CANCELLABLE",
  );
});

Deno.test("limit orders: cancel releases the hold to the cent; held funds and quantity cannot be spent", {
  ignore: needsAdmin("moves an asset's price with the admin API"),
}, async () => {
  const admin = await newAdmin();
  await setPrice(admin, "DOT", 10);
  const u = await newUser();
  const other = await newUser();
  await deposit(u, 100);
  // 3.333 × 9.99 = 33.29667 → the hold is rounded up to 33.30.
  const buy = await order(u, { asset_id: "DOT", order_type: "limit_buy", quantity: "3.333", price: "9.99" });
  assert.equal(buy.status, 201, buy.text);
  let b = await balances(u);
  assert.deepEqual([b.available_balance, b.held_balance], ["66.70", "33.30"]);
  assertProblem(
    await call(USER, "POST", "/balance/withdraw", { token: u.token, json: { amount: 70 } }),
    422,
    "INSUFFICIENT_FUNDS",
  );

  const id = buy.body.data.order_id;
  assertProblem(await call(ORDER, "DELETE", `/orders/${id}`, { token: other.token }), 404, "ORDER_NOT_FOUND");
  const cancelled = await call<{ data: Record<string, string> }>(ORDER, "DELETE", `/orders/${id}`, {
    token: u.token,
  });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.body.data.status, "cancelled");
  b = await balances(u);
  assert.deepEqual([b.available_balance, b.held_balance, b.current_balance], ["100.00", "0.00", "100.00"]);
  assertProblem(
    await call(ORDER, "DELETE", `/orders/${id}`, { token: u.token }),
    409,
    "ORDER_NOT_CANCELLABLE",
  );

  // Sells hold quantity: more than the free quantity is refused; held quantity cannot be sold twice.
  assert.equal((await order(u, { asset_id: "DOT", order_type: "market_buy", quantity: 2 })).status, 201);
  const tooMany = await order(u, { asset_id: "DOT", order_type: "limit_sell", quantity: 3, price: 20 });
  assertProblem(tooMany, 422, "INSUFFICIENT_HOLDINGS");
  const sell = await order(u, { asset_id: "DOT", order_type: "limit_sell", quantity: 2, price: 20 });
  assert.equal(sell.body.data.status, "pending", sell.text);
  const dot = (await portfolio(u)).assets.find((a) => a.asset_id === "DOT")!;
  assert.deepEqual([dot.quantity, dot.available_quantity, dot.held_quantity], ["2", "0", "2"]);
  assertProblem(
    await order(u, { asset_id: "DOT", order_type: "market_sell", quantity: 1 }),
    422,
    "INSUFFICIENT_HOLDINGS",
  );
  const open = await call<{ data: Record<string, string>[] }>(ORDER, "GET", "/orders?status=pending", {
    token: u.token,
  });
  assert.deepEqual(open.body.data.map((o) => o.order_id), [sell.body.data.order_id]);
  assert.equal(
    (await call(ORDER, "DELETE", `/orders/${sell.body.data.order_id}`, { token: u.token })).status,
    200,
  );
  const after = (await portfolio(u)).assets.find((a) => a.asset_id === "DOT")!;
  assert.deepEqual([after.available_quantity, after.held_quantity], ["2", "0"]);
});

Deno.test("limit orders: marketable limits execute at once at the market price; validation names the field", {
  ignore: needsAdmin("moves an asset's price with the admin API"),
}, async () => {
  const admin = await newAdmin();
  await setPrice(admin, "ATOM", 8);
  const u = await newUser();
  await deposit(u, 100);
  const now = await order(u, { asset_id: "ATOM", order_type: "limit_buy", quantity: 1, price: 9 });
  assert.equal(now.status, 201, now.text);
  assert.deepEqual([now.body.data.status, now.body.data.filled_price, now.body.data.total_amount], [
    "filled",
    "8",
    "8.00",
  ]);
  const missing = await order(u, { asset_id: "ATOM", order_type: "limit_sell", quantity: 1 });
  assertProblem(missing, 422, "LIMIT_PRICE_REQUIRED");
  for (
    const expires_at of [
      "2020-01-01T00:00:00Z",
      "next week",
      new Date(Date.now() + 100 * 86_400_000).toISOString(),
    ]
  ) {
    const r = await order(u, {
      asset_id: "ATOM",
      order_type: "limit_buy",
      quantity: 1,
      price: 5,
      expires_at,
    });
    assertProblem(r, 422);
    assert.ok(JSON.stringify(r.body).includes("expires_at"), r.text);
  }
});

Deno.test("limit orders: an order past expires_at is expired by the worker and releases its hold", {
  ignore: needsAdmin("moves an asset's price with the admin API"),
}, async () => {
  const admin = await newAdmin();
  await setPrice(admin, "XLM", 1);
  const u = await newUser();
  await deposit(u, 50);
  const expiresAt = new Date(Date.now() + 1500).toISOString();
  const r = await order(u, {
    asset_id: "XLM",
    order_type: "limit_buy",
    quantity: 10,
    price: "0.5",
    expires_at: expiresAt,
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.data.expires_at, expiresAt);
  const done = await settled(u, r.body.data.order_id!);
  assert.equal(done.status, "expired");
  const b = await balances(u);
  assert.deepEqual([b.available_balance, b.held_balance], ["50.00", "0.00"]);
});
