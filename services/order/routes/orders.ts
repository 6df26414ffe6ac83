// /orders: place a market order (atomic, idempotent), list newest first, get one (docs/compatibility.md).
// Routes validate, call a use case and answer; the rules live in ../usecases and ../domain.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import client from "prom-client";
import type { AuthEnv } from "../../common/auth.ts";
import { assetIdSchema } from "../../common/catalog.ts";
import { orderViewSchema } from "../../common/events.ts";
import { commandFrom, replayHeaders, statusOf } from "../../common/http-command.ts";
import { DomainError } from "../../common/domain-error.ts";
import { registry } from "../../common/metrics.ts";
import { countExecution } from "../trading-metrics.ts";
import { bearerSecurity as security, idempotencyHeaders } from "../../common/openapi.ts";
import { pageFields, pageQueryShape, pageResponseShape } from "../../common/pagination.ts";
import type { OrderDeps } from "../deps.ts";
import {
  expiresAtSchema,
  ORDER_STATUSES,
  orderIdSchema,
  orderPriceSchema,
  orderTypeSchema,
  type OrderViewData,
  quantitySchema,
} from "../domain/order.ts";
import type { OrderPorts } from "../ports.ts";
import { cancelOrder } from "../usecases/cancel-order.ts";
import { getOrder, listOrders } from "../usecases/order-queries.ts";
import { placeOrder } from "../usecases/place-order.ts";

import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";

const OrderView = orderViewSchema.openapi("Order", {
  example: {
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
  },
});

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

const ORDER_EXAMPLE = {
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

const outcomes = new client.Counter({
  name: "order_outcomes_total",
  help: "Order placement outcomes (HTTP status)",
  labelNames: ["order_type", "outcome"],
  registers: [registry],
});
const rejections = new client.Counter({
  name: "order_rejections_total",
  help: "Orders refused by a business rule, by domain code",
  labelNames: ["order_type", "code"],
  registers: [registry],
});

/** The definition of a route on one of your orders (`/orders/{order_id}`). */
const oneOrderRoute = <M extends "get" | "delete">(
  method: M,
  doc: { operationId: string; summary: string; description: string; example: unknown },
  auth: OrderDeps["auth"],
  errors: ReturnType<typeof problems>,
) =>
  createRoute({
    method,
    path: "/orders/{order_id}",
    tags: ["orders"],
    operationId: doc.operationId,
    summary: doc.summary,
    security,
    middleware: [auth] as const,
    request: { params: z.object({ order_id: orderIdSchema }) },
    responses: {
      200: {
        content: { "application/json": { schema: z.object({ data: OrderView }), example: doc.example } },
        description: doc.description,
      },
      ...errors,
    },
  });

const CANCELLED_EXAMPLE = {
  ...ORDER_EXAMPLE,
  order_type: "limit_buy",
  price: "40000",
  limit_price: "40000",
  status: "cancelled",
  filled_price: null,
  filled_at: null,
};

// Long by design: this is the route list of its resource — each entry is a declarative
// createRoute(...) plus a handler of a few lines that calls a use case.
export function orderRoutes(deps: OrderDeps, ports: OrderPorts) {
  const { idem, auth } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/orders",
      tags: ["orders"],
      operationId: "placeOrder",
      summary:
        "Place an order: market (executes now) or limit (executes now if marketable, else pending with a hold)",
      description: "`market_buy` / `market_sell` execute at once (status `completed`) as one DynamoDB " +
        "transaction; `limit_buy` / `limit_sell` need `price` and stay `pending` (holding funds or quantity) " +
        "until the price crosses it, `expires_at` passes or they are cancelled. The order value may not " +
        "exceed MAX_ORDER_VALUE (10,000 USD). Send an `Idempotency-Key` to make retries safe.",
      security,
      middleware: [auth] as const,
      request: {
        headers: idempotencyHeaders,
        body: { content: { "application/json": { schema: CreateOrderBody } }, required: true },
      },
      responses: {
        201: {
          content: {
            "application/json": { schema: z.object({ data: OrderView }), example: { data: ORDER_EXAMPLE } },
          },
          description: "Order executed (completed / filled) or accepted as pending",
        },
        ...problems({
          401: AUTH_CODES,
          404: ["BALANCE_NOT_FOUND"],
          409: ["IDEMPOTENCY_IN_FLIGHT", "LOCK_CONTENTION"],
          422: [
            "VALIDATION_ERROR",
            "ASSET_NOT_FOUND",
            "ASSET_NOT_TRADEABLE",
            "LIMIT_PRICE_REQUIRED",
            "ORDER_VALUE_EXCEEDED",
            "ORDER_VALUE_TOO_SMALL",
            "INSUFFICIENT_FUNDS",
            "INSUFFICIENT_HOLDINGS",
            "IDEMPOTENCY_KEY_REUSED",
            "INVALID_IDEMPOTENCY_KEY",
          ],
        }),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const username = c.get("user").sub;
      // The normalised request is what the Idempotency-Key fingerprint covers.
      const request = {
        order_type: body.order_type,
        asset_id: body.asset_id,
        quantity: body.quantity.toFixed(),
        price: body.price?.toFixed() ?? null,
        expires_at: body.expires_at ?? null,
      };
      const limit = body.order_type.startsWith("limit");
      const input = {
        username,
        orderType: body.order_type,
        assetId: body.asset_id,
        quantity: body.quantity,
        limitPrice: limit ? body.price ?? undefined : undefined,
        expiresAt: limit ? body.expires_at ?? undefined : undefined,
        correlationId: c.get("requestId"),
      };
      try {
        const { result, replayed } = await idem.run<OrderViewData>(
          commandFrom(c, username, request),
          (record) => placeOrder(ports, input, record),
        );
        outcomes.inc({ order_type: body.order_type, outcome: "201" });
        if (!replayed) countExecution(result);
        return c.json({ data: result }, 201, replayHeaders(replayed));
      } catch (err) {
        outcomes.inc({ order_type: body.order_type, outcome: statusOf(err) });
        if (err instanceof DomainError) rejections.inc({ order_type: body.order_type, code: err.code });
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/orders",
      tags: ["orders"],
      operationId: "listOrders",
      summary: "Your orders, newest first (cursor pagination)",
      security,
      middleware: [auth] as const,
      request: {
        query: z.object({
          asset_id: assetIdSchema.optional(),
          order_type: orderTypeSchema.optional(),
          status: z.enum(ORDER_STATUSES, { error: `status must be one of: ${ORDER_STATUSES.join(", ")}` })
            .optional(),
          ...pageQueryShape,
        }),
      },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({ data: z.array(OrderView), ...pageResponseShape }),
              example: { data: [ORDER_EXAMPLE], has_more: false, next_cursor: null },
            },
          },
          description: "A page of orders",
        },
        ...problems({ 401: AUTH_CODES, 422: ["VALIDATION_ERROR", "INVALID_CURSOR"] }),
      },
    }),
    async (c) => {
      const page = await listOrders(ports, c.get("user").sub, c.req.valid("query"));
      return c.json({ data: page.items, ...pageFields(page) }, 200);
    },
  );

  app.openapi(
    oneOrderRoute(
      "get",
      {
        operationId: "getOrder",
        summary: "One of your orders (another user's id → 404)",
        description: "Order",
        example: { data: ORDER_EXAMPLE },
      },
      auth,
      problems({ 401: AUTH_CODES, 404: ["ORDER_NOT_FOUND"], 422: ["VALIDATION_ERROR"] }),
    ),
    async (c) => {
      const { order_id } = c.req.valid("param");
      return c.json({ data: await getOrder(ports, c.get("user").sub, order_id) }, 200);
    },
  );

  app.openapi(
    oneOrderRoute(
      "delete",
      {
        operationId: "cancelOrder",
        summary: "Cancel your pending limit order, releasing exactly what it held",
        description: "The order, now cancelled",
        example: { data: CANCELLED_EXAMPLE },
      },
      auth,
      problems({
        401: AUTH_CODES,
        404: ["ORDER_NOT_FOUND"],
        409: ["ORDER_NOT_CANCELLABLE", "LOCK_CONTENTION"],
        422: ["VALIDATION_ERROR"],
      }),
    ),
    async (c) => {
      const { order_id } = c.req.valid("param");
      return c.json({ data: await cancelOrder(ports, c.get("user").sub, order_id) }, 200);
    },
  );

  return app;
}
