// Pure order rules (docs/compatibility.md, with upstream's bugs fixed): input schemas, the checks a
// market order must pass, exact totals and their rounding, and the views the API returns.
// No I/O here; the store applies these inside one DynamoDB transaction.
import { z } from "@hono/zod-openapi";
import { field, rejected } from "../../common/domain-error.ts";
import type { OrderViewData } from "../../common/events.ts";
import { nowIso, sortableId } from "../../common/ids.ts";
import { Big, usd, usdGrouped } from "../../common/money.ts";
import { decimalSchema, isSuspicious } from "../../common/validation.ts";
import type { Asset } from "../../common/catalog.ts";

export const ORDER_TYPES = ["market_buy", "market_sell", "limit_buy", "limit_sell"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const ORDER_STATUSES = ["pending", "completed", "cancelled", "expired", "failed"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orderTypeSchema = z.enum(ORDER_TYPES, {
  error: `order_type must be one of: ${ORDER_TYPES.join(", ")}`,
}).openapi({ example: "market_buy" });

// Up to 8 decimals (satoshi precision); the $10,000 order cap is what really bounds a quantity.
export const quantitySchema = decimalSchema({ label: "Quantity", max: "1000000000", maxDp: 8, min: "0.001" })
  .openapi({ type: "number", example: 0.1 });
export const orderPriceSchema = decimalSchema({ label: "Price", max: "1000000", maxDp: 8 })
  .openapi({ type: "number", example: 50000 });

export const ORDER_ID_MESSAGE = "Order ID must be 10-50 alphanumeric characters and underscores";
export const orderIdSchema = z.string().max(200, ORDER_ID_MESSAGE).transform((v, ctx) => {
  const s = v.trim();
  if (isSuspicious(s) || !/^[a-zA-Z0-9_]{10,50}$/.test(s)) {
    ctx.addIssue({ code: "custom", message: ORDER_ID_MESSAGE });
    return z.NEVER;
  }
  return s;
}).openapi({ type: "string", example: "order_0mi3k2x1a9f3c2e1b0d" });

export interface OrderLimits {
  maxOrderValue: Big; // USD, inclusive
}

export type Side = "buy" | "sell";
export const sideOf = (t: OrderType): Side => (t.endsWith("buy") ? "buy" : "sell");

/**
 * Rounding rule: the exact value quantity × price is rounded to whole cents *in the platform's
 * favour* — a buy pays the value rounded up, a sell receives it rounded down — so no sequence of
 * orders can create money from sub-cent remainders. The $10,000 cap applies to the exact value.
 */
export function orderTotal(side: Side, quantity: Big, price: Big): Big {
  const exact = quantity.times(price);
  return exact.round(2, side === "buy" ? Big.roundUp : Big.roundDown);
}

export interface PricedOrder {
  side: Side;
  price: Big;
  total: Big;
}

/** Every check a market order must pass before it is written (upstream order of checks). */
export function priceMarketOrder(
  input: { orderType: OrderType; assetId: string; quantity: Big; asset: Asset | undefined },
  limits: OrderLimits,
): PricedOrder {
  const { orderType, assetId, quantity, asset } = input;
  if (!asset) {
    throw rejected(
      "ASSET_NOT_FOUND",
      `Asset ${assetId} not found`,
      field("asset_id", "asset not found"),
    );
  }
  if (!asset.isActive || asset.price.lte(0)) {
    throw rejected(
      "ASSET_NOT_TRADEABLE",
      `Asset ${assetId} is not tradeable`,
      field("asset_id", "asset is not tradeable"),
    );
  }
  if (orderType === "limit_buy" || orderType === "limit_sell") {
    throw rejected(
      "LIMIT_ORDERS_UNSUPPORTED",
      "Limit orders are not available yet; use market_buy or market_sell",
      field("order_type", "limit orders are not available yet"),
    );
  }
  const side = sideOf(orderType);
  const value = quantity.times(asset.price);
  if (value.gt(limits.maxOrderValue)) {
    throw rejected(
      "ORDER_VALUE_EXCEEDED",
      `Order total exceeds maximum (${
        usdGrouped(limits.maxOrderValue)
      }): ${quantity.toFixed()} × $${asset.price.toFixed()} = $${usd(value)}`,
      field("quantity", "order value exceeds the maximum"),
    );
  }
  // Judged on the exact value: rounding a buy up must never turn $0.00002 into a $0.01 charge.
  if (value.lt("0.01")) {
    throw rejected(
      "ORDER_VALUE_TOO_SMALL",
      `Order value must be at least $0.01 (${quantity.toFixed()} × $${asset.price.toFixed()})`,
      field("quantity", "order value is below $0.01"),
    );
  }
  return { side, price: asset.price, total: orderTotal(side, quantity, asset.price) };
}

export function insufficientBalanceMessage(required: Big, available: Big): string {
  return `Insufficient balance for this order. Required: $${usd(required)}, Available: $${usd(available)}`;
}

export function insufficientHoldingsMessage(assetId: string, required: Big, available: Big): string {
  return `Insufficient ${assetId} holdings for this order. Required: ${required.toFixed()}, Available: ${available.toFixed()}`;
}

export type { OrderViewData };

/** A market order that passed every check, with the ids its transaction will write. */
export interface ExecutedOrder extends PricedOrder {
  username: string;
  orderId: string;
  orderType: OrderType;
  assetId: string;
  quantity: Big;
  status: OrderStatus;
  createdAt: string;
  ledgerTxnId: string;
  assetTxnId: string;
  eventId: string;
  /** The request that placed it (request id), carried into its events. */
  correlationId?: string;
}

export function executeMarketOrder(
  input: { username: string; orderType: OrderType; assetId: string; quantity: Big; correlationId?: string },
  priced: PricedOrder,
): ExecutedOrder {
  return {
    ...input,
    ...priced,
    orderId: sortableId("order"),
    status: "completed",
    createdAt: nowIso(),
    ledgerTxnId: sortableId("txn"),
    assetTxnId: sortableId("atxn"),
    eventId: sortableId("evt"),
  };
}

/** The order as the API shows it (decimal strings; USD with two decimals). */
export function orderView(o: {
  orderId: string;
  orderType: string;
  assetId: string;
  quantity: Big;
  price: Big;
  status: string;
  total: Big;
  createdAt: string;
}): OrderViewData {
  return {
    order_id: o.orderId,
    order_type: o.orderType,
    asset_id: o.assetId,
    quantity: o.quantity.toFixed(),
    price: o.price.toFixed(),
    status: o.status,
    total_amount: usd(o.total),
    created_at: o.createdAt,
  };
}
