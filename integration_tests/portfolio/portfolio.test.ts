// GET /portfolio and GET /balance/asset/{id} (docs/compatibility.md, upstream portfolio tests), written
// with the generated typed client (client/mod.ts): a contract change breaks this file's type check.
import assert from "node:assert/strict";
import { apiClient, clientUser } from "../client.ts";
import { GATEWAY_URL } from "../helpers.ts";

const ignore = !GATEWAY_URL;

Deno.test({
  name: "portfolio: empty for a new user; after trades shows quantities, values, allocation, cash",
  ignore,
  fn: async () => {
    const { api } = await clientUser();
    const empty = await api.GET("/api/v1/portfolio");
    assert.deepEqual(empty.data?.assets, []);
    assert.equal(empty.data?.cash_balance, "0.00");

    const dep = await api.POST("/api/v1/balance/deposit", { body: { amount: 10000 } });
    assert.equal(dep.data?.amount, "10000.00", JSON.stringify(dep.error));
    for (const [asset_id, quantity] of [["BTC", 0.1], ["ETH", 0.5]] as const) {
      const o = await api.POST("/api/v1/orders", { body: { asset_id, order_type: "market_buy", quantity } });
      // Without `Prefer: respond-async` an order executes synchronously: 201 with the order.
      assert.equal(o.response.status, 201, JSON.stringify(o.error));
      assert.equal(o.data && "data" in o.data ? o.data.data.status : undefined, "completed");
    }
    const { data: p } = await api.GET("/api/v1/portfolio");
    assert.ok(p);
    assert.deepEqual(
      p.assets.map((a) => [a.asset_id, a.quantity, a.current_price, a.market_value, a.percentage]),
      [
        ["BTC", "0.1", "50000", "5000.00", "50.00"],
        ["ETH", "0.5", "3000", "1500.00", "15.00"],
      ],
    );
    assert.equal(p.cash_balance, "3500.00");
    assert.equal(p.total_value, "10000.00");
  },
});

Deno.test({
  name: "balance/asset: held → 200 with value; not held → 404; invalid id → 422; no token → 401",
  ignore,
  fn: async () => {
    const { api } = await clientUser();
    const asset = (asset_id: string) =>
      api.GET("/api/v1/balance/asset/{asset_id}", { params: { path: { asset_id } } });
    const none = await asset("BTC");
    assert.equal(none.error?.code, "HOLDING_NOT_FOUND");
    assert.equal(none.response.status, 404);
    await api.POST("/api/v1/balance/deposit", { body: { amount: 10000 } });
    const o = await api.POST("/api/v1/orders", {
      body: { asset_id: "BTC", order_type: "market_buy", quantity: 0.1 },
    });
    assert.equal(o.response.status, 201);
    const { data: held } = await asset("btc");
    assert.deepEqual(
      held && [held.asset_id, held.asset_name, held.quantity, held.current_price, held.total_value],
      ["BTC", "Bitcoin", "0.1", "50000", "5000.00"],
    );
    assert.equal((await asset("ETH")).response.status, 404);
    const invalid = await asset("BTC!");
    assert.equal(invalid.response.status, 422);
    assert.equal(invalid.error?.errors?.[0]?.field, "asset_id");
    const anon = apiClient();
    const noToken = await anon.GET("/api/v1/balance/asset/{asset_id}", {
      params: { path: { asset_id: "BTC" } },
    });
    assert.equal(noToken.error?.code, "AUTH_REQUIRED");
    assert.equal((await anon.GET("/api/v1/portfolio")).response.status, 401);
  },
});
