// OWASP API1:2023 Broken Object Level Authorization: user A can neither read nor cancel user B's order,
// and no header or parameter gets A someone else's balance, ledger or portfolio. Black-box.
import assert from "node:assert/strict";
import { API, call, createUser, GATEWAY_URL } from "../helpers.ts";

Deno.test({
  name: "BOLA: A cannot read or cancel B's order, nor see B's balance, ledger or portfolio",
  ignore: !GATEWAY_URL,
  async fn() {
    const [a, b] = [await createUser(API), await createUser(API)];
    const dep = await call(API, "POST", "/balance/deposit", { token: b.token, json: { amount: "50.00" } });
    assert.ok(dep.status < 300, dep.text);
    // A resting limit order far below the market: it stays pending, so it can be cancelled.
    const placed = await call<{ data: { order_id: string } }>(API, "POST", "/orders", {
      token: b.token,
      json: { asset_id: "BTC", order_type: "limit_buy", quantity: "1", price: "1" },
    });
    assert.equal(placed.status, 201, placed.text);
    const id = placed.body.data.order_id;

    const read = await call(API, "GET", `/orders/${id}`, { token: a.token });
    assert.ok(read.status === 404 || read.status === 403, read.text);
    assert.ok(!read.text.includes(b.username));
    const cancel = await call(API, "DELETE", `/orders/${id}`, { token: a.token });
    assert.ok(cancel.status === 404 || cancel.status === 403, cancel.text);
    const still = await call<{ data: { status: string } }>(API, "GET", `/orders/${id}`, { token: b.token });
    assert.equal(still.body.data.status, "pending", "B's order untouched");

    // Identity comes from the token only: headers naming B are ignored.
    const spoof = { "X-User-ID": b.username, "X-User-Role": "admin" };
    for (
      const path of ["/balance", "/balance/transactions", "/portfolio", "/orders", "/assets/BTC/transactions"]
    ) {
      const res = await call(API, "GET", path, { token: a.token, headers: spoof });
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      assert.ok(!res.text.includes(id), `${path} shows B's order`);
      assert.ok(!res.text.includes("50.00"), `${path} shows B's money: ${res.text.slice(0, 300)}`);
    }
    const balance = await call<{ current_balance: string }>(API, "GET", "/balance", { token: a.token });
    assert.equal(Number(balance.body.current_balance), 0);
  },
});
