import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../../common/domain-error.ts";
import { httpAnswer } from "../../common/http-errors.ts";
import { Big } from "../../common/money.ts";
import type { Asset } from "../../common/catalog.ts";
import { orderIdSchema, orderTotal, priceMarketOrder, quantitySchema } from "./order.ts";

const asset = (price: string, isActive = true): Asset => ({
  assetId: "BTC",
  name: "Bitcoin",
  symbol: "BTC",
  category: "layer1",
  price: new Big(price),
  isActive,
  updatedAt: "",
  raw: {},
});
const limits = { maxOrderValue: new Big(10000) };
const rejectCode = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DomainError);
    return `${httpAnswer(e).status} ${e.code}`;
  }
  return "accepted";
};
const price = (orderType: string, q: string, a: Asset | undefined) =>
  priceMarketOrder(
    { orderType: orderType as "market_buy", assetId: "BTC", quantity: new Big(q), asset: a },
    limits,
  );

Deno.test("market order checks run in upstream order with clear codes", () => {
  assert.equal(rejectCode(() => price("market_buy", "0.1", undefined)), "422 ASSET_NOT_FOUND");
  assert.equal(
    rejectCode(() => price("market_buy", "0.1", asset("50000", false))),
    "422 ASSET_NOT_TRADEABLE",
  );
  assert.equal(rejectCode(() => price("limit_buy", "0.1", asset("50000"))), "422 LIMIT_ORDERS_UNSUPPORTED");
  assert.equal(
    rejectCode(() => price("market_buy", "0.20000001", asset("50000"))),
    "422 ORDER_VALUE_EXCEEDED",
  );
  assert.equal(rejectCode(() => price("market_buy", "1", asset("0.00002"))), "422 ORDER_VALUE_TOO_SMALL");
  const ok = price("market_buy", "0.2", asset("50000"));
  assert.equal(ok.total.toFixed(2), "10000.00");
  assert.equal(ok.side, "buy");
});

Deno.test("totals: buys round up to the cent, sells round down, exact otherwise", () => {
  assert.equal(orderTotal("buy", new Big("0.00333333"), new Big("3000")).toFixed(2), "10.00");
  assert.equal(orderTotal("sell", new Big("0.00333333"), new Big("3000")).toFixed(2), "9.99");
  assert.equal(orderTotal("buy", new Big("0.1"), new Big("50000")).toFixed(2), "5000.00");
});

Deno.test("totals (property): never off by a cent or more, never in the user's favour", () => {
  fc.assert(fc.property(
    fc.integer({ min: 1000, max: 10_000_000_000 }), // quantity in 1e-8 units (≥ 0.001)
    fc.integer({ min: 1, max: 100_000_000_000 }), // price in 1e-6 units
    (qUnits, pUnits) => {
      const q = new Big(qUnits).div(1e8);
      const p = new Big(pUnits).div(1e6);
      const exact = q.times(p);
      const buy = orderTotal("buy", q, p);
      const sell = orderTotal("sell", q, p);
      return buy.gte(exact) && buy.minus(exact).lt("0.01") && sell.lte(exact) && exact.minus(sell).lt("0.01");
    },
  ));
});

Deno.test("quantity and order id schemas", () => {
  assert.equal(quantitySchema.parse(0.1).toFixed(), "0.1");
  assert.equal(quantitySchema.parse("0.00000001e5").toFixed(), "0.001");
  for (const bad of [0, -1, 0.0009, "0.123456789", "abc", Infinity]) {
    assert.equal(quantitySchema.safeParse(bad).success, false, String(bad));
  }
  assert.equal(orderIdSchema.parse(" order_0mi3k2x1a9f3c2e1b0d "), "order_0mi3k2x1a9f3c2e1b0d");
  for (const bad of ["short", "invalid@#$", "a".repeat(51), "<script>alert1"]) {
    assert.equal(orderIdSchema.safeParse(bad).success, false, bad);
  }
});
