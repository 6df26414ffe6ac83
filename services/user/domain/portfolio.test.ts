import assert from "node:assert/strict";
import { Big } from "../../common/money.ts";
import { portfolioView } from "./portfolio.ts";

const h = (assetId: string, q: string, price: string, held = "0") => ({
  assetId,
  assetName: assetId,
  quantity: new Big(q),
  held: new Big(held),
  price: new Big(price),
});

Deno.test("portfolio: market values, allocation over cash + holdings, exact strings", () => {
  const v = portfolioView([h("BTC", "0.1", "50000"), h("ETH", "0.5", "3000", "0.5")], new Big("2000"));
  assert.deepEqual(v.assets.map((a) => [a.asset_id, a.quantity, a.market_value, a.percentage]), [
    ["BTC", "0.1", "5000.00", "50.00"],
    ["ETH", "1", "3000.00", "30.00"],
  ]);
  assert.equal(v.cash_balance, "2000.00");
  assert.equal(v.cash_percentage, "20.00");
  assert.equal(v.total_market_value, "8000.00");
  assert.equal(v.total_value, "10000.00");
});

Deno.test("portfolio: sold-out positions hidden, empty portfolio has zero percentages", () => {
  const v = portfolioView([h("BTC", "0", "50000")], new Big(0));
  assert.deepEqual(v.assets, []);
  assert.equal(v.cash_percentage, "0.00");
  assert.equal(v.total_value, "0.00");
});

Deno.test("portfolio: tiny prices keep full precision in current_price", () => {
  const v = portfolioView([h("SHIB", "1000000", "0.00002")], new Big("0"));
  assert.equal(v.assets[0].current_price, "0.00002");
  assert.equal(v.assets[0].market_value, "20.00");
  assert.equal(v.assets[0].percentage, "100.00");
});
