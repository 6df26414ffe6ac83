// The place-order use case with in-memory ports: no DynamoDB, Redis or Hono.
import assert from "node:assert/strict";
import type { Asset } from "../../common/catalog.ts";
import { DomainError } from "../../common/domain-error.ts";
import type { NamedItems } from "../../common/dynamo.ts";
import { Big } from "../../common/money.ts";
import type { NewOrder } from "../domain/order.ts";
import { placeOrder, type PlaceOrderPorts } from "./place-order.ts";

const btc: Asset = {
  assetId: "BTC",
  name: "Bitcoin",
  symbol: "BTC",
  category: "layer1",
  price: new Big("50000"),
  isActive: true,
  updatedAt: "",
  raw: {},
};

function ports(written: { order: NewOrder; extra: NamedItems }[], locks: string[]): PlaceOrderPorts {
  return {
    assets: { get: (id) => Promise.resolve(id === "BTC" ? btc : undefined) },
    orders: {
      writeNewOrder: (order, extra) => {
        written.push({ order, extra });
        return Promise.resolve();
      },
    },
    locker: {
      withLock: async (key, fn) => {
        locks.push(key);
        return await fn();
      },
    },
    limits: { maxOrderValue: new Big("10000") },
    lockWaitMs: 0,
  };
}

Deno.test("place order: priced at the catalog price, written once under the user's lock", async () => {
  const written: { order: NewOrder; extra: NamedItems }[] = [];
  const locks: string[] = [];
  const input = {
    username: "alice",
    orderType: "market_buy" as const,
    assetId: "BTC",
    quantity: new Big("0.1"),
  };
  const view = await placeOrder(ports(written, locks), { ...input, correlationId: "req-1" });
  assert.equal(view.status, "completed");
  assert.equal(view.price, "50000");
  assert.equal(view.total_amount, "5000.00");
  assert.deepEqual(locks, ["user:alice"]);
  assert.equal(written.length, 1);
  assert.equal(written[0].order.correlationId, "req-1");
  assert.equal(written[0].order.total.toFixed(2), "5000.00");
  assert.deepEqual(written[0].extra, {}, "no idempotency record without a key");
});

Deno.test("place order: the outcome record joins the same write, with the returned view", async () => {
  const written: { order: NewOrder; extra: NamedItems }[] = [];
  const recorded: unknown[] = [];
  const view = await placeOrder(
    ports(written, []),
    { username: "bob", orderType: "market_sell", assetId: "BTC", quantity: new Big("0.01") },
    (result) => {
      recorded.push(result);
      return { idempotency: { Put: { TableName: "t", Item: { PK: "x", SK: "y" } } } };
    },
  );
  assert.deepEqual(recorded, [view]);
  assert.deepEqual(Object.keys(written[0].extra), ["idempotency"]);
});

Deno.test("place order: rule violations are domain errors and nothing is written", async () => {
  const written: { order: NewOrder; extra: NamedItems }[] = [];
  const p = ports(written, []);
  const base = { username: "carol", orderType: "market_buy" as const, quantity: new Big("0.1") };
  const code = async (input: typeof base & { assetId: string }) => {
    try {
      await placeOrder(p, input);
    } catch (e) {
      assert.ok(e instanceof DomainError);
      return e.code;
    }
    return "accepted";
  };
  assert.equal(await code({ ...base, assetId: "NOPE" }), "ASSET_NOT_FOUND");
  assert.equal(await code({ ...base, assetId: "BTC", quantity: new Big("1") }), "ORDER_VALUE_EXCEEDED");
  assert.equal(written.length, 0);
});

Deno.test("place order: a limit buy below the market rests as pending, holding quantity × limit", async () => {
  const written: { order: NewOrder; extra: NamedItems }[] = [];
  const view = await placeOrder(ports(written, []), {
    username: "dave",
    orderType: "limit_buy",
    assetId: "BTC",
    quantity: new Big("0.1"),
    limitPrice: new Big("45000.005"),
  });
  assert.equal(view.status, "pending");
  assert.equal(view.limit_price, "45000.005");
  assert.equal(view.filled_price, null);
  assert.equal(written[0].order.hold?.toFixed(2), "4500.01"); // rounded up to the cent
});
