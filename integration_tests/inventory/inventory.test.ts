// Inventory service (docs/compatibility.md) + admin routes.
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { assertProblem, skipInBlackBox } from "../helpers.ts";
import { call, deposit, INVENTORY, INVENTORY_ADMIN, newAdmin, newUser, order } from "../orders/support.ts";

type Asset = Record<string, unknown> & { asset_id: string; price_usd: number; is_active: boolean };
type List = { data: Asset[]; total_count: number; active_count: number };

Deno.test("catalog: ≥ 20 seeded assets by market-cap rank, stable, typed like upstream", async () => {
  const r = await call<List>(INVENTORY, "GET", "/inventory/assets?limit=200");
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.data.length >= 20);
  assert.ok(r.body.total_count >= r.body.data.length);
  assert.equal(r.body.active_count, r.body.data.filter((a) => a.is_active).length);
  const ranks = r.body.data.map((a) => a.market_cap_rank as number);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  for (const a of r.body.data) {
    assert.equal(typeof a.price_usd, "number");
    assert.ok(a.price_usd >= 0);
    assert.equal(typeof a.is_active, "boolean");
    for (const k of ["name", "description", "category", "symbol", "market_cap", "total_volume_24h"]) {
      assert.ok(k in a, `${a.asset_id} has ${k}`);
    }
  }
  const again = await call<List>(INVENTORY, "GET", "/inventory/assets?limit=200");
  assert.deepEqual(again.body.data.map((a) => a.asset_id), r.body.data.map((a) => a.asset_id));
  const small = await call<List>(INVENTORY, "GET", "/inventory/assets?limit=10&offset=0&page=1&sort=name");
  assert.equal(small.status, 200);
  assert.equal(small.body.data.length, 10);
  assertProblem(await call(INVENTORY, "GET", "/inventory/assets?limit=0"), 422);
  assertProblem(await call(INVENTORY, "GET", "/inventory/assets?limit=251"), 422);
  assertProblem(await call(INVENTORY, "GET", "/inventory/assets?active_only=maybe"), 422);
});

Deno.test("asset detail: case-insensitive, seed price, invalid → 422 naming asset_id, unknown → 404", async () => {
  const btc = await call<{ data: Asset }>(INVENTORY, "GET", "/inventory/assets/btc");
  assert.equal(btc.status, 200, btc.text);
  assert.equal(btc.body.data.asset_id, "BTC");
  assert.equal(btc.body.data.name, "Bitcoin");
  assert.equal(btc.body.data.price_usd, 50000);
  assert.equal(btc.body.data.availability_status, "available");
  for (const k of ["high_24h", "low_24h", "ath", "atl", "circulating_supply", "max_supply", "last_updated"]) {
    assert.ok(k in btc.body.data, k);
  }
  for (const bad of ["UNKNOWN_ASSET", "%20%20%20", "BTC!", "BTC@123", "A".repeat(100)]) {
    const r = await call(INVENTORY, "GET", `/inventory/assets/${bad}`);
    assertProblem(r, 422);
    assert.equal((r.body as { errors: { field: string }[] }).errors[0].field, "asset_id");
  }
  assertProblem(await call(INVENTORY, "GET", "/inventory/assets/XYZ123"), 404, "ASSET_NOT_FOUND");
});

Deno.test("admin routes: no token → 401, customers → 403 FORBIDDEN (price and activation)", async () => {
  const asset = "XLM"; // not used by other tests
  const customer = await newUser();
  const body = { price_usd: 0.125 };
  assertProblem(await call(INVENTORY_ADMIN, "PUT", `/assets/${asset}/price`, { json: body }), 401);
  assertProblem(
    await call(INVENTORY_ADMIN, "PUT", `/assets/${asset}/price`, { token: customer.token, json: body }),
    403,
    "FORBIDDEN",
  );
  assertProblem(
    await call(INVENTORY_ADMIN, "PATCH", `/assets/${asset}`, {
      token: customer.token,
      json: { is_active: false },
    }),
    403,
  );
});

Deno.test("admin: admins set price (history + Redis stream) and activation", {
  ignore: skipInBlackBox("reads the prices stream from Redis and promotes an admin with scripts/admin.ts"),
}, async () => {
  const asset = "XLM"; // not used by other tests
  const body = { price_usd: 0.125 };
  const admin = await newAdmin();
  const before = await call<{ data: Asset }>(INVENTORY, "GET", `/inventory/assets/${asset}`);
  const original = before.body.data.price_usd;
  const redis = new Redis(Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379");
  try {
    const set = await call<{ data: Asset }>(INVENTORY_ADMIN, "PUT", `/assets/${asset.toLowerCase()}/price`, {
      token: admin.token,
      json: body,
    });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.data.price_usd, 0.125);
    // Orders execute at the new price at once (order services drop cached assets on the message).
    const buyer = await newUser();
    await deposit(buyer, 100);
    const bought = await order(buyer, { asset_id: asset, order_type: "market_buy", quantity: 10 });
    assert.equal(bought.status, 201, bought.text);
    assert.deepEqual([bought.body.data.price, bought.body.data.total_amount], ["0.125", "1.25"]);
    const hist = await call<{ data: { price_usd: number; source: string }[] }>(
      INVENTORY,
      "GET",
      `/inventory/assets/${asset}/price-history?limit=5`,
    );
    assert.deepEqual(hist.body.data[0], { ...hist.body.data[0], price_usd: 0.125, source: "admin" });
    assert.equal(hist.body.data[hist.body.data.length - 1].source, "seed");
    const events = await redis.xrevrange("prices", "+", "-", "COUNT", 50);
    assert.ok(
      events.some(([, f]) => f[f.indexOf("asset_id") + 1] === asset && f[f.indexOf("price") + 1] === "0.125"),
      "price change published on the prices stream",
    );
    for (const bad of [{ price_usd: 0 }, { price_usd: -1 }, { price_usd: 1000001 }, { price_usd: "x" }, {}]) {
      assertProblem(
        await call(INVENTORY_ADMIN, "PUT", `/assets/${asset}/price`, { token: admin.token, json: bad }),
        422,
      );
    }
    assertProblem(
      await call(INVENTORY_ADMIN, "PUT", "/assets/NOSUCH1/price", { token: admin.token, json: body }),
      404,
    );

    // Deactivated assets cannot be traded and drop out of active_only lists.
    const off = await call<{ data: Asset }>(INVENTORY_ADMIN, "PATCH", `/assets/${asset}`, {
      token: admin.token,
      json: { is_active: false },
    });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.data.availability_status, "unavailable");
    const list = await call<List>(INVENTORY, "GET", "/inventory/assets?limit=250");
    assert.ok(!list.body.data.some((a) => a.asset_id === asset));
    const all = await call<List>(INVENTORY, "GET", "/inventory/assets?limit=250&active_only=false");
    assert.ok(all.body.data.some((a) => a.asset_id === asset));
    const trader = await newUser();
    await deposit(trader, 100);
    assertProblem(
      await order(trader, { asset_id: asset, order_type: "market_buy", quantity: 10 }),
      422,
      "ASSET_NOT_TRADEABLE",
    );
  } finally {
    await call(INVENTORY_ADMIN, "PATCH", `/assets/${asset}`, {
      token: admin.token,
      json: { is_active: true },
    });
    await call(INVENTORY_ADMIN, "PUT", `/assets/${asset}/price`, {
      token: admin.token,
      json: { price_usd: original },
    });
    redis.disconnect();
  }
});
