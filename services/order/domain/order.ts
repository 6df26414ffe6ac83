// Pure order model (docs/orders.md): input schemas, statuses, exact totals and their rounding, the
// order about to be written and the views the API returns. The checks live in pricing.ts.
// No I/O here; the store applies these inside one DynamoDB transaction.
import { z } from "@hono/zod-openapi";
import { ORDER_TYPES, type OrderStatus, type OrderType, type OrderViewData } from "../../common/events.ts";
import { nowIso, sortableId } from "../../common/ids.ts";
import { Big, usd } from "../../common/money.ts";
import { decimalSchema, isSuspicious } from "../../common/validation.ts";
import type { Decision } from "./pricing.ts";

// The lists live with the event contract (an order view travels in every order event).
export { ORDER_STATUSES, ORDER_TYPES, type OrderStatus, type OrderType } from "../../common/events.ts";

export const orderTypeSchema = z.enum(ORDER_TYPES, {
  error: `order_type must be one of: ${ORDER_TYPES.join(", ")}`,
}).openapi({ example: "market_buy" });

// Up to 8 decimals (satoshi precision); the $10,000 order cap is what really bounds a quantity.
export const quantitySchema = decimalSchema({ label: "Quantity", max: "1000000000", maxDp: 8, min: "0.001" })
  .openapi({ type: "number", example: 0.1 });
export const orderPriceSchema = decimalSchema({ label: "Price", max: "1000000", maxDp: 8 })
  .openapi({ type: "number", example: 50000 });

export const MAX_EXPIRY_DAYS = 90;
const EXPIRY_MESSAGE =
  `expires_at must be an ISO 8601 time in the future, at most ${MAX_EXPIRY_DAYS} days ahead`;
/** Optional end of a limit order (absent = good-till-cancelled), normalised to UTC ISO 8601. */
export const expiresAtSchema = z.string().max(64).transform((v, ctx) => {
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)
    ? Date.parse(v)
    : NaN;
  const now = Date.now();
  if (!(at > now && at <= now + MAX_EXPIRY_DAYS * 86_400_000)) {
    ctx.addIssue({ code: "custom", message: EXPIRY_MESSAGE });
    return z.NEVER;
  }
  return new Date(at).toISOString();
}).openapi({ type: "string", format: "date-time", example: "2026-12-31T00:00:00Z" });

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

export function insufficientBalanceMessage(required: Big, available: Big): string {
  return `Insufficient balance for this order. Required: $${usd(required)}, Available: $${usd(available)}`;
}

export function insufficientHoldingsMessage(assetId: string, required: Big, available: Big): string {
  return `Insufficient ${assetId} holdings for this order. Required: ${required.toFixed()}, Available: ${available.toFixed()}`;
}

export type { OrderViewData };

/** An order about to be written: executed now (market, or a marketable limit) or resting (pending). */
export interface NewOrder {
  username: string;
  orderId: string;
  orderType: OrderType;
  assetId: string;
  side: Side;
  quantity: Big;
  status: "completed" | "filled" | "pending";
  /** Execution price when executed; the limit while pending. */
  price: Big;
  /** Cost or proceeds when executed; while pending, what a buy holds (a sell: quantity × limit). */
  total: Big;
  limitPrice?: Big;
  expiresAt?: string;
  /** What a pending order holds: USD for a buy, quantity for a sell. */
  hold?: Big;
  createdAt: string;
  ledgerTxnId: string;
  assetTxnId: string;
  eventId: string;
  /** The request that placed it (request id), carried into its events. */
  correlationId?: string;
  /** Accepted by async intake under this id: the write replaces the `accepted` placeholder. */
  replacesAccepted?: boolean;
}

/** What a client asks for: the order before it is checked. */
export interface OrderInput {
  username: string;
  orderType: OrderType;
  assetId: string;
  quantity: Big;
  /** The limit of a limit order. */
  limitPrice?: Big;
  /** When a pending limit order expires; absent = good-till-cancelled. */
  expiresAt?: string;
  /** The request that placed it, carried into the order's events. */
  correlationId?: string;
  /** Chosen at async intake: the order is written under this id, replacing its `accepted` placeholder. */
  orderId?: string;
}

export function newOrder(
  input: OrderInput,
  d: Decision,
): NewOrder {
  const base = {
    ...input,
    side: d.side,
    total: d.total,
    orderId: input.orderId ?? sortableId("order"),
    replacesAccepted: input.orderId !== undefined,
    createdAt: nowIso(),
    ledgerTxnId: sortableId("txn"),
    assetTxnId: sortableId("atxn"),
    eventId: sortableId("evt"),
  };
  if (d.kind === "rest") {
    return { ...base, status: "pending", price: d.limitPrice, limitPrice: d.limitPrice, hold: d.hold };
  }
  const limit = input.orderType.startsWith("limit");
  return {
    ...base,
    expiresAt: undefined, // executed orders never expire
    status: limit ? "filled" : "completed",
    price: d.price,
    limitPrice: limit ? input.limitPrice : undefined,
  };
}

/** The order as the API shows it (decimal strings; USD with two decimals; null where not applicable). */
export function orderView(o: {
  orderId: string;
  orderType: OrderType;
  assetId: string;
  quantity: Big;
  price: Big;
  status: OrderStatus;
  total: Big;
  createdAt: string;
  limitPrice?: Big;
  filledPrice?: Big;
  filledAt?: string;
  expiresAt?: string;
  rejection?: { code: string; detail: string };
}): OrderViewData {
  return {
    ...(o.rejection ? { rejection: o.rejection } : {}),
    order_id: o.orderId,
    order_type: o.orderType,
    asset_id: o.assetId,
    quantity: o.quantity.toFixed(),
    price: o.price.toFixed(),
    status: o.status,
    total_amount: usd(o.total),
    created_at: o.createdAt,
    limit_price: o.limitPrice?.toFixed() ?? null,
    filled_price: o.filledPrice?.toFixed() ?? null,
    filled_at: o.filledAt ?? null,
    expires_at: o.expiresAt ?? null,
  };
}

/** The view of an order at the moment it is written. */
export function newOrderView(o: NewOrder): OrderViewData {
  const executed = o.status !== "pending";
  return orderView({
    ...o,
    filledPrice: executed ? o.price : undefined,
    filledAt: executed ? o.createdAt : undefined,
  });
}
