import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../../common/domain-error.ts";
import { httpAnswer } from "../../common/http-errors.ts";
import { Big } from "../../common/money.ts";
import type { Asset } from "../../common/catalog.ts";
import { expiresAtSchema, orderIdSchema, orderTotal, quantitySchema } from "./order.ts";
import { decide } from "./pricing.ts";

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
const price = (orderType: string, q: string, a: Asset | undefined, limit?: string) =>
  decide(
    {
      orderType: orderType as "market_buy",
      assetId: "BTC",
      quantity: new Big(q),
      asset: a,
      limitPrice: limit ? new Big(limit) : undefined,
    },
    limits,
  );

Deno.test("market order checks run in upstream order with clear codes", () => {
  assert.equal(rejectCode(() => price("market_buy", "0.1", undefined)), "422 ASSET_NOT_FOUND");
  assert.equal(
    rejectCode(() => price("market_buy", "0.1", asset("50000", false))),
    "422 ASSET_NOT_TRADEABLE",
  );
  assert.equal(rejectCode(() => price("limit_buy", "0.1", asset("50000"))), "422 LIMIT_PRICE_REQUIRED");
  assert.equal(
    rejectCode(() => price("market_buy", "0.20000001", asset("50000"))),
    "422 ORDER_VALUE_EXCEEDED",
  );
  assert.equal(rejectCode(() => price("market_buy", "1", asset("0.00002"))), "422 ORDER_VALUE_TOO_SMALL");
  const ok = price("market_buy", "0.2", asset("50000"));
  assert.equal(ok.total.toFixed(2), "10000.00");
  assert.equal(ok.side, "buy");
});

Deno.test("limit orders: caps judged at the limit; marketable ones execute at the market price", () => {
  // Not marketable (buy below the market): rests, holding quantity × limit rounded up to the cent.
  const rest = price("limit_buy", "0.00333333", asset("50000"), "3000");
  assert.equal(rest.kind, "rest");
  assert.equal(rest.kind === "rest" && rest.hold.toFixed(2), "10.00");
  // A sell rests holding its quantity.
  const sell = price("limit_sell", "0.1", asset("50000"), "60000");
  assert.equal(sell.kind === "rest" && sell.hold.toFixed(), "0.1");
  // Marketable: buy limit ≥ market, sell limit ≤ market → execute at the market price.
  const buyNow = price("limit_buy", "0.1", asset("50000"), "55000");
  assert.deepEqual([buyNow.kind, buyNow.kind === "execute" && buyNow.price.toFixed()], ["execute", "50000"]);
  const sellNow = price("limit_sell", "0.1", asset("50000"), "45000");
  assert.deepEqual([sellNow.kind, sellNow.kind === "execute" && sellNow.total.toFixed(2)], [
    "execute",
    "5000.00",
  ]);
  // The $10,000 cap at the limit price, even when the market price is lower.
  assert.equal(
    rejectCode(() => price("limit_sell", "0.2", asset("40000"), "50001")),
    "422 ORDER_VALUE_EXCEEDED",
  );
});

Deno.test("expires_at: ISO 8601 in the future, at most 90 days ahead, normalised to UTC", () => {
  const inAnHour = new Date(Date.now() + 3600_000).toISOString();
  assert.equal(expiresAtSchema.parse(inAnHour), inAnHour);
  const offset = new Date(Date.now() + 86_400_000).toISOString().replace("Z", "+00:00");
  assert.match(expiresAtSchema.parse(offset), /Z$/);
  for (
    const bad of [
      "2020-01-01T00:00:00Z",
      new Date(Date.now() + 91 * 86_400_000).toISOString(),
      "tomorrow",
      "2026-13-45",
    ]
  ) {
    assert.equal(expiresAtSchema.safeParse(bad).success, false, bad);
  }
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
