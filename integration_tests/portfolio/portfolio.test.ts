// GET /portfolio and GET /balance/asset/{id} (docs/compatibility.md, upstream portfolio tests).
import assert from "node:assert/strict";
import { assertProblem } from "../helpers.ts";
import { call, deposit, newUser, order, portfolio, USER } from "../orders/support.ts";

Deno.test("portfolio: empty for a new user; after trades shows quantities, values, allocation, cash", async () => {
  const u = await newUser();
  const empty = await portfolio(u);
  assert.deepEqual(empty.assets, []);
  assert.equal(empty.cash_balance, "0.00");

  await deposit(u, 10000);
  assert.equal((await order(u, { asset_id: "BTC", order_type: "market_buy", quantity: 0.1 })).status, 201);
  assert.equal((await order(u, { asset_id: "ETH", order_type: "market_buy", quantity: 0.5 })).status, 201);
  const p = await portfolio(u);
  assert.deepEqual(
    p.assets.map((a) => [a.asset_id, a.quantity, a.current_price, a.market_value, a.percentage]),
    [
      ["BTC", "0.1", "50000", "5000.00", "50.00"],
      ["ETH", "0.5", "3000", "1500.00", "15.00"],
    ],
  );
  assert.equal(p.cash_balance, "3500.00");
  assert.equal(p.total_value, "10000.00");
});

Deno.test("balance/asset: held → 200 with value; not held → 404; invalid id → 422; no token → 401", async () => {
  const u = await newUser();
  assertProblem(await call(USER, "GET", "/balance/asset/BTC", { token: u.token }), 404);
  await deposit(u, 10000);
  assert.equal((await order(u, { asset_id: "BTC", order_type: "market_buy", quantity: 0.1 })).status, 201);
  const r = await call<Record<string, string>>(USER, "GET", "/balance/asset/btc", { token: u.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.asset_id, "BTC");
  assert.equal(r.body.asset_name, "Bitcoin");
  assert.equal(r.body.quantity, "0.1");
  assert.equal(r.body.current_price, "50000");
  assert.equal(r.body.total_value, "5000.00");
  assertProblem(await call(USER, "GET", "/balance/asset/ETH", { token: u.token }), 404);
  assertProblem(await call(USER, "GET", "/balance/asset/BTC!", { token: u.token }), 422);
  assertProblem(await call(USER, "GET", "/balance/asset/BTC"), 401);
  assertProblem(await call(USER, "GET", "/portfolio"), 401);
});
