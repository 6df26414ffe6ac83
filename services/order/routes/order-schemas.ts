// The order routes' request and response schemas, with the examples the OpenAPI document shows.
import { z } from "@hono/zod-openapi";
import { assetIdSchema } from "../../common/catalog.ts";
import { orderViewSchema } from "../../common/events.ts";
import { expiresAtSchema, orderPriceSchema, orderTypeSchema, quantitySchema } from "../domain/order.ts";

export const CreateOrderBody = z.object({
  order_type: orderTypeSchema,
  asset_id: assetIdSchema,
  quantity: quantitySchema,
  // The limit of a limit order. Ignored for market orders (they execute at the inventory price),
  // validated anyway like upstream.
  price: orderPriceSchema.nullish(),
  expires_at: expiresAtSchema.nullish().openapi({
    description:
      "Limit orders only: when a pending order expires (≤ 90 days ahead); absent = good-till-cancelled",
  }),
}).openapi({ example: { order_type: "market_buy", asset_id: "BTC", quantity: 0.01 } });

export const ORDER_EXAMPLE = {
  order_id: "order_0mx0v8t36f621340c05",
  order_type: "market_buy",
  asset_id: "BTC",
  quantity: "0.01",
  price: "50000",
  status: "completed",
  total_amount: "500.00",
  created_at: "2026-01-05T10:00:00.000Z",
  limit_price: null,
  filled_price: "50000",
  filled_at: "2026-01-05T10:00:00.000Z",
  expires_at: null,
};

export const AcceptedBody = z.object({
  order_id: z.string(),
  status: z.literal("accepted"),
  correlation_id: z.string().nullable(),
}).openapi("AcceptedOrder");

export const OrderView = orderViewSchema.openapi("Order", { example: ORDER_EXAMPLE });

export const CANCELLED_EXAMPLE = {
  ...ORDER_EXAMPLE,
  order_type: "limit_buy",
  price: "40000",
  limit_price: "40000",
  status: "cancelled",
  filled_price: null,
  filled_at: null,
};
