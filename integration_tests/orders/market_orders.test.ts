// Market orders end to end against the running services (issue 5 "Must show" 1 and 2, plus the
// upstream create/get/list/asset-transaction tests, docs/compatibility.md).
import assert from "node:assert/strict";
import { assertProblem } from "../helpers.ts";
import { balance, call, cents, deposit, ledger, newUser, ORDER, order, portfolio } from "./support.ts";

const BTC_01 = { asset_id: "BTC", order_type: "market_buy", quantity: 0.1 };

Deno.test("must-show: deposit 10,000 → buy 0.1 BTC → 201; portfolio, balance, ledger, asset txns agree", async () => {
  const u = await newUser();
  await deposit(u, 10000);
  const r = await order(u, BTC_01);
  assert.equal(r.status, 201, r.text);
  const o = r.body.data;
  assert.match(o.order_id, /^[a-zA-Z0-9_]{10,50}$/);
  assert.equal(o.filled_at, o.created_at, "a market order fills when it is placed");
  assert.deepEqual(
    { ...o, order_id: undefined, created_at: undefined, filled_at: undefined },
    {
      order_id: undefined,
      created_at: undefined,
      order_type: "market_buy",
      asset_id: "BTC",
      quantity: "0.1",
      price: "50000",
      status: "completed",
      total_amount: "5000.00",
      // Limit-order fields, null or the execution for a market order.
      limit_price: null,
      filled_price: "50000",
      filled_at: undefined,
      expires_at: null,
    },
  );

  assert.equal(await balance(u), "5000.00");
  const p = await portfolio(u);
  assert.equal(p.assets.length, 1);
  assert.equal(p.assets[0].asset_id, "BTC");
  assert.equal(p.assets[0].quantity, "0.1");
  assert.equal(p.assets[0].market_value, "5000.00");
  assert.equal(p.cash_balance, "5000.00");
  assert.equal(p.total_value, "10000.00");

  const l = await ledger(u);
  assert.equal(l.total_count, 2);
  assert.equal(l.transactions[0].transaction_type, "order_payment");
  assert.equal(l.transactions[0].amount, "-5000.00");
  assert.equal(l.transactions[0].reference_id, o.order_id);

  const t = await call<{ data: Record<string, string>[] }>(ORDER, "GET", "/assets/BTC/transactions", {
    token: u.token,
  });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.body.data.length, 1);
  assert.equal(t.body.data[0].transaction_type, "BUY");
  assert.equal(t.body.data[0].quantity, "0.1");
  assert.equal(t.body.data[0].order_id, o.order_id);

  const got = await call<{ data: Record<string, string> }>(ORDER, "GET", `/orders/${o.order_id}`, {
    token: u.token,
  });
  assert.equal(got.status, 200);
  assert.deepEqual(got.body.data, o);
});

Deno.test("must-show: selling more than you hold → 422, holdings never negative, nothing written", async () => {
  const u = await newUser();
  await deposit(u, 1000);
  assert.equal((await order(u, { asset_id: "ETH", order_type: "market_buy", quantity: "0.2" })).status, 201);
  const before = await ledger(u);

  const over = await order(u, { asset_id: "ETH", order_type: "market_sell", quantity: "0.20000001" });
  assertProblem(over, 422, "INSUFFICIENT_HOLDINGS");
  // Never held at all (upstream credited USD and went negative here).
  assertProblem(
    await order(u, { asset_id: "SOL", order_type: "market_sell", quantity: 1 }),
    422,
    "INSUFFICIENT_HOLDINGS",
  );

  assert.equal(await balance(u), "400.00");
  assert.equal((await ledger(u)).total_count, before.total_count);
  const p = await portfolio(u);
  assert.deepEqual(p.assets.map((a) => [a.asset_id, a.quantity]), [["ETH", "0.2"]]);
  const sol = await call(ORDER, "GET", "/assets/SOL/transactions", { token: u.token });
  assert.deepEqual((sol.body as { data: unknown[] }).data, []);

  // Selling exactly what you hold works and leaves zero, not less.
  const sell = await order(u, { asset_id: "eth", order_type: "market_sell", quantity: 0.2 });
  assert.equal(sell.status, 201, sell.text);
  assert.equal(sell.body.data.total_amount, "600.00");
  assert.equal(await balance(u), "1000.00");
  assert.deepEqual((await portfolio(u)).assets, []);
  assertProblem(await order(u, { asset_id: "ETH", order_type: "market_sell", quantity: 0.001 }), 422);
  const l = await ledger(u);
  assert.equal(l.transactions[0].transaction_type, "order_sale");
  assert.equal(l.transactions[0].amount, "600.00");
});

Deno.test("orders: every bad input is a 422 problem naming the field (never 500)", async () => {
  const u = await newUser();
  await deposit(u, 100);
  const cases: [Record<string, unknown>, string][] = [
    [{ order_type: "market_buy", quantity: 0.1 }, "asset_id"],
    [{ asset_id: "BTC", quantity: 0.1 }, "order_type"],
    [{ asset_id: "BTC", order_type: "market_buy" }, "quantity"],
    [{ ...BTC_01, quantity: -1 }, "quantity"],
    [{ ...BTC_01, quantity: 0 }, "quantity"],
    [{ ...BTC_01, quantity: 0.0009 }, "quantity"],
    [{ ...BTC_01, quantity: "0.000000001" }, "quantity"],
    [{ ...BTC_01, quantity: "abc" }, "quantity"],
    [{ ...BTC_01, price: -50000 }, "price"],
    [{ ...BTC_01, price: 1000001 }, "price"],
    [{ ...BTC_01, order_type: "invalid_type" }, "order_type"],
    [{ ...BTC_01, order_type: "buy" }, "order_type"],
    [{ ...BTC_01, asset_id: "BTC!" }, "asset_id"],
    [{ ...BTC_01, asset_id: "   " }, "asset_id"],
    [{ ...BTC_01, asset_id: "NOSUCH1" }, "asset_id"],
    [{ ...BTC_01, order_type: "limit_buy" }, "price"], // a limit order needs its limit
    [{ ...BTC_01, quantity: 0.2000001 }, "quantity"], // $10,000.005 > max order value
    [{ ...BTC_01, quantity: 0.01 }, "quantity"], // $500 > $100 balance
    [{ asset_id: "SHIB", order_type: "market_buy", quantity: 1 }, "quantity"], // $0.00002 < $0.01
  ];
  for (const [body, field] of cases) {
    const r = await order(u, body);
    assertProblem(r, 422);
    const errors = (r.body as unknown as { errors?: { field: string }[] }).errors ?? [];
    assert.ok(errors.some((e) => e.field === field), `${JSON.stringify(body)} → ${r.text}`);
  }
  const raw = await call(ORDER, "POST", "/orders", { token: u.token, raw: "{not json" });
  assert.ok(raw.status === 400 || raw.status === 422, raw.text);
  assert.equal(await balance(u), "100.00");
  const list = await call<{ data: unknown[] }>(ORDER, "GET", "/orders", { token: u.token });
  assert.deepEqual(list.body.data, []);
});

Deno.test("orders: exact value at the cap passes; totals round in the platform's favour", async () => {
  const u = await newUser();
  await deposit(u, 10000);
  const max = await order(u, { ...BTC_01, quantity: 0.2 }); // exactly $10,000.00
  assert.equal(max.status, 201, max.text);
  assert.equal(await balance(u), "0.00");
  const cash = await order(u, { ...BTC_01, order_type: "market_sell", quantity: 0.001 });
  assert.equal(cash.body.data.total_amount, "50.00");
  // 0.00333333 × 3000 = 9.99999: a buy pays it rounded up, a sale receives it rounded down.
  const buy = await order(u, { asset_id: "ETH", order_type: "market_buy", quantity: "0.00333333" });
  assert.equal(buy.body.data.total_amount, "10.00");
  assert.equal(await balance(u), "40.00");
  const sell = await order(u, { asset_id: "ETH", order_type: "market_sell", quantity: "0.00333333" });
  assert.equal(sell.body.data.total_amount, "9.99");
  assert.equal(await balance(u), "49.99");
});

Deno.test("orders: list newest first with filters, limit, cursor and has_more; get by id; IDOR → 404", async () => {
  const u = await newUser();
  const empty = await call<{ data: unknown[]; has_more: boolean }>(
    ORDER,
    "GET",
    "/orders?limit=10&offset=0",
    {
      token: u.token,
    },
  );
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body.data, []);
  assert.equal(empty.body.has_more, false);

  await deposit(u, 1000);
  const ids: string[] = [];
  for (const asset_id of ["BTC", "ETH", "BTC", "SOL", "BTC"]) {
    const r = await order(u, { asset_id, order_type: "market_buy", quantity: 0.001 });
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.data.order_id);
  }
  type Page = { data: Record<string, string>[]; has_more: boolean; next_cursor: string | null };
  const all = await call<Page>(ORDER, "GET", "/orders", { token: u.token });
  assert.deepEqual(all.body.data.map((o) => o.order_id), [...ids].reverse());

  const p1 = await call<Page>(ORDER, "GET", "/orders?limit=2&asset_id=btc", { token: u.token });
  assert.deepEqual(p1.body.data.map((o) => o.order_id), [ids[4], ids[2]]);
  assert.equal(p1.body.has_more, true);
  const p2 = await call<Page>(ORDER, "GET", `/orders?limit=2&asset_id=BTC&cursor=${p1.body.next_cursor}`, {
    token: u.token,
  });
  assert.deepEqual(p2.body.data.map((o) => o.order_id), [ids[0]]);
  assert.equal(p2.body.has_more, false);
  const sells = await call<Page>(ORDER, "GET", "/orders?order_type=market_sell&status=completed", {
    token: u.token,
  });
  assert.deepEqual(sells.body.data, []);
  assertProblem(await call(ORDER, "GET", "/orders?limit=0", { token: u.token }), 422);
  assertProblem(await call(ORDER, "GET", "/orders?order_type=nope", { token: u.token }), 422);
  assertProblem(await call(ORDER, "GET", "/orders?cursor=garbage", { token: u.token }), 422);

  assertProblem(
    await call(ORDER, "GET", "/orders/nonexistent_order_123", { token: u.token }),
    404,
    "ORDER_NOT_FOUND",
  );
  assertProblem(await call(ORDER, "GET", "/orders/invalid@", { token: u.token }), 422);
  assertProblem(await call(ORDER, "GET", "/orders/short", { token: u.token }), 422);
  const other = await newUser();
  assertProblem(
    await call(ORDER, "GET", `/orders/${ids[0]}`, { token: other.token }),
    404,
    "ORDER_NOT_FOUND",
  );
});

Deno.test("asset transactions: empty for a new user, newest first, unknown asset → 404, bad id → 422", async () => {
  const u = await newUser();
  const empty = await call<{ data: unknown[]; has_more: boolean }>(ORDER, "GET", "/assets/BTC/transactions", {
    token: u.token,
  });
  assert.equal(empty.status, 200, empty.text);
  assert.deepEqual(empty.body.data, []);
  await deposit(u, 500);
  await order(u, { asset_id: "BTC", order_type: "market_buy", quantity: 0.002 });
  await order(u, { asset_id: "BTC", order_type: "market_sell", quantity: 0.001 });
  const t = await call<{ data: Record<string, string>[] }>(
    ORDER,
    "GET",
    "/assets/btc/transactions?limit=10&offset=0",
    {
      token: u.token,
    },
  );
  assert.deepEqual(t.body.data.map((x) => [x.transaction_type, x.quantity, x.total_amount]), [
    ["SELL", "0.001", "50.00"],
    ["BUY", "0.002", "100.00"],
  ]);
  assertProblem(
    await call(ORDER, "GET", "/assets/NOSUCH1/transactions", { token: u.token }),
    404,
    "ASSET_NOT_FOUND",
  );
  assertProblem(await call(ORDER, "GET", "/assets/BTC@1/transactions", { token: u.token }), 422);
});

Deno.test("orders: no or bad token → 401 on every order route", async () => {
  for (
    const [method, path] of [
      ["GET", "/orders"],
      ["POST", "/orders"],
      ["GET", "/orders/order_0000000000"],
      ["GET", "/assets/BTC/transactions"],
    ]
  ) {
    assertProblem(await call(ORDER, method, path, { json: method === "POST" ? BTC_01 : undefined }), 401);
    assertProblem(await call(ORDER, method, path, { token: "invalid_token_12345" }), 401);
  }
  assert.equal(cents("-12.3"), -1230n);
});
