// The checks every order must pass before anything is written (upstream's order of checks), and
// the decision it leads to: execute now at the market price, or rest as a pending limit order
// holding what it may spend. Pure: the catalog price and the clock come in as arguments.
import type { Asset } from "../../common/catalog.ts";
import { field, rejected } from "../../common/domain-error.ts";
import { type Big, usd, usdGrouped } from "../../common/money.ts";
import { type OrderLimits, orderTotal, type OrderType, type Side, sideOf } from "./order.ts";

export interface OrderRequest {
  orderType: OrderType;
  assetId: string;
  quantity: Big;
  asset: Asset | undefined;
  /** The limit (limit orders only). */
  limitPrice?: Big;
  /** Good-till-cancelled when absent (limit orders only). */
  expiresAt?: string;
}

/** Execute now at the market price. */
export interface Execution {
  kind: "execute";
  side: Side;
  price: Big;
  total: Big;
}

/** Rest as a pending limit order; `hold` is what it may spend (USD for a buy, quantity for a sell). */
export interface Resting {
  kind: "rest";
  side: Side;
  limitPrice: Big;
  hold: Big;
  /** Shown as the order's total: the hold for a buy, quantity × limit rounded down for a sell. */
  total: Big;
}

export type Decision = Execution | Resting;

export const isLimit = (t: OrderType) => t === "limit_buy" || t === "limit_sell";

/** Every check, then the decision. A marketable limit order executes at once, as on any exchange. */
export function decide(r: OrderRequest, limits: OrderLimits): Decision {
  const { orderType, assetId, quantity, asset } = r;
  if (!asset) {
    throw rejected("ASSET_NOT_FOUND", `Asset ${assetId} not found`, field("asset_id", "asset not found"));
  }
  if (!asset.isActive || asset.price.lte(0)) {
    throw rejected(
      "ASSET_NOT_TRADEABLE",
      `Asset ${assetId} is not tradeable`,
      field("asset_id", "asset is not tradeable"),
    );
  }
  const side = sideOf(orderType);
  const limit = isLimit(orderType) ? r.limitPrice : undefined;
  if (isLimit(orderType) && !limit) {
    throw rejected(
      "LIMIT_PRICE_REQUIRED",
      "price: a limit order needs a limit price",
      field("price", "required"),
    );
  }
  // Caps are judged at the price the order may trade at: the limit for a limit order.
  const judged = limit ?? asset.price;
  checkValue(quantity, judged, limits);
  const marketable = !limit || (side === "buy" ? limit.gte(asset.price) : limit.lte(asset.price));
  if (marketable) {
    return { kind: "execute", side, price: asset.price, total: orderTotal(side, quantity, asset.price) };
  }
  return {
    kind: "rest",
    side,
    limitPrice: limit,
    hold: side === "buy" ? orderTotal("buy", quantity, limit) : quantity,
    total: orderTotal(side, quantity, limit),
  };
}

function checkValue(quantity: Big, price: Big, limits: OrderLimits) {
  const value = quantity.times(price);
  if (value.gt(limits.maxOrderValue)) {
    throw rejected(
      "ORDER_VALUE_EXCEEDED",
      `Order total exceeds maximum (${
        usdGrouped(limits.maxOrderValue)
      }): ${quantity.toFixed()} × $${price.toFixed()} = $${usd(value)}`,
      field("quantity", "order value exceeds the maximum"),
    );
  }
  // Judged on the exact value: rounding a buy up must never turn $0.00002 into a $0.01 charge.
  if (value.lt("0.01")) {
    throw rejected(
      "ORDER_VALUE_TOO_SMALL",
      `Order value must be at least $0.01 (${quantity.toFixed()} × $${price.toFixed()})`,
      field("quantity", "order value is below $0.01"),
    );
  }
}

/** Does `price` cross this resting order's limit? (buy: price ≤ limit; sell: price ≥ limit) */
export const crosses = (side: Side, limit: Big, price: Big) =>
  side === "buy" ? price.lte(limit) : price.gte(limit);
