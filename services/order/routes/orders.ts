// /orders: place a market order (atomic, idempotent), list newest first, get one (reference §2.4).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import client from "prom-client";
import { type AuthVars, requireAuth } from "../../common/auth.ts";
import { assetIdSchema } from "../../common/catalog.ts";
import { ApiError } from "../../common/errors.ts";
import { registry } from "../../common/metrics.ts";
import { Big } from "../../common/money.ts";
import type { OrderDeps } from "../deps.ts";
import {
  ORDER_STATUSES,
  orderIdSchema,
  orderPriceSchema,
  orderTypeSchema,
  priceMarketOrder,
  quantitySchema,
} from "../domain/order.ts";
import { getOrder, listOrders, placeMarketOrder } from "../store/orders.ts";
import { bearerSecurity as security } from "../../common/openapi.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";

const OrderView = z.object({
  order_id: z.string(),
  order_type: z.string(),
  asset_id: z.string(),
  quantity: z.string(),
  price: z.string(),
  status: z.string(),
  total_amount: z.string(),
  created_at: z.string(),
}).openapi("Order", {
  example: {
    order_id: "ord_01JH3K9V6Q2Z4X8Y7W5T3R1P0N",
    order_type: "market_buy",
    asset_id: "BTC",
    quantity: "0.01",
    price: "50000",
    status: "completed",
    total_amount: "500.00",
    created_at: "2026-01-05T10:00:00.000Z",
  },
});

export const CreateOrderBody = z.object({
  order_type: orderTypeSchema,
  asset_id: assetIdSchema,
  quantity: quantitySchema,
  // Ignored for market orders (they execute at the inventory price), validated anyway like upstream.
  price: orderPriceSchema.nullish(),
}).openapi({ example: { order_type: "market_buy", asset_id: "BTC", quantity: 0.01 } });

const ORDER_EXAMPLE = {
  order_id: "ord_01JH3K9V6Q2Z4X8Y7W5T3R1P0N",
  order_type: "market_buy",
  asset_id: "BTC",
  quantity: "0.01",
  price: "50000",
  status: "completed",
  total_amount: "500.00",
  created_at: "2026-01-05T10:00:00.000Z",
};

const outcomes = new client.Counter({
  name: "order_outcomes_total",
  help: "Order placement outcomes",
  labelNames: ["order_type", "outcome"],
  registers: [registry],
});

export function orderRoutes(deps: OrderDeps) {
  const { doc, cfg, tokens, locker, idem } = deps;
  const table = cfg.TABLE_NAME;
  const auth = requireAuth(tokens, { checkRevoked: cfg.REVOCATION_CHECK });
  const limits = { maxOrderValue: new Big(cfg.MAX_ORDER_VALUE) };
  const app = new OpenAPIHono<{ Variables: AuthVars }>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/orders",
      tags: ["orders"],
      operationId: "placeOrder",
      summary: "Place a market order (executes immediately at the current inventory price)",
      description: "`market_buy` / `market_sell` execute at once (status `completed`) as one DynamoDB " +
        "transaction; the order value may not exceed MAX_ORDER_VALUE (10,000 USD). Limit orders answer " +
        "422 `LIMIT_ORDERS_UNSUPPORTED` until they are built. Send an `Idempotency-Key` to make retries safe.",
      security,
      middleware: [auth] as const,
      request: {
        headers: z.object({
          "idempotency-key": z.string().optional().openapi({
            description:
              "Replays the first response for 48 h; same key with another body → 422; in flight → 409",
          }),
        }),
        body: { content: { "application/json": { schema: CreateOrderBody } }, required: true },
      },
      responses: {
        201: {
          content: {
            "application/json": { schema: z.object({ data: OrderView }), example: { data: ORDER_EXAMPLE } },
          },
          description: "Order executed",
        },
        ...problems({
          401: AUTH_CODES,
          404: ["BALANCE_NOT_FOUND"],
          409: ["IDEMPOTENCY_IN_FLIGHT", "LOCK_CONTENTION"],
          422: [
            "VALIDATION_ERROR",
            "ASSET_NOT_FOUND",
            "ASSET_NOT_TRADEABLE",
            "LIMIT_ORDERS_UNSUPPORTED",
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
      const fingerprinted = {
        order_type: body.order_type,
        asset_id: body.asset_id,
        quantity: body.quantity.toFixed(),
        price: body.price?.toFixed() ?? null,
      };
      try {
        const res = await idem.handle(c, username, fingerprinted, async (storeWith) => {
          const asset = await deps.assets.get(body.asset_id);
          const priced = priceMarketOrder(
            { orderType: body.order_type, assetId: body.asset_id, quantity: body.quantity, asset },
            limits,
          );
          // The lock only keeps one user's orders (and deposits: same key) from fighting over the
          // balance item; the transaction's conditions are what make the order correct.
          return await locker.withLock(
            `user:${username}`,
            () =>
              placeMarketOrder({
                doc,
                table,
                username,
                orderType: body.order_type,
                assetId: body.asset_id,
                quantity: body.quantity,
                priced,
                outboxShards: cfg.OUTBOX_SHARDS,
                storeWith,
              }),
            { waitMs: cfg.LOCK_WAIT_MS },
          );
        });
        outcomes.inc({ order_type: body.order_type, outcome: String(res.status) });
        return res as never;
      } catch (err) {
        outcomes.inc({
          order_type: body.order_type,
          outcome: err instanceof ApiError ? String(err.status) : "error",
        });
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
          limit: z.coerce.number({ error: "limit must be an integer" }).int("limit must be an integer")
            .min(1, "limit must be between 1 and 100").max(100, "limit must be between 1 and 100").default(
              50,
            ),
          cursor: z.string().max(512).optional(),
          offset: z.coerce.number().int().min(0).max(10000).optional(),
        }),
      },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({
                data: z.array(OrderView),
                has_more: z.boolean(),
                next_cursor: z.string().nullable(),
              }),
              example: { data: [ORDER_EXAMPLE], has_more: false, next_cursor: null },
            },
          },
          description: "A page of orders",
        },
        ...problems({ 401: AUTH_CODES, 422: ["VALIDATION_ERROR", "INVALID_CURSOR"] }),
      },
    }),
    async (c) => {
      const page = await listOrders(doc, table, c.get("user").sub, c.req.valid("query"));
      return c.json({ data: page.data, has_more: page.hasMore, next_cursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/orders/{order_id}",
      tags: ["orders"],
      operationId: "getOrder",
      summary: "One of your orders (another user's id → 404)",
      security,
      middleware: [auth] as const,
      request: { params: z.object({ order_id: orderIdSchema }) },
      responses: {
        200: {
          content: {
            "application/json": { schema: z.object({ data: OrderView }), example: { data: ORDER_EXAMPLE } },
          },
          description: "Order",
        },
        ...problems({ 401: AUTH_CODES, 404: ["ORDER_NOT_FOUND"], 422: ["VALIDATION_ERROR"] }),
      },
    }),
    async (c) => {
      const { order_id } = c.req.valid("param");
      return c.json({ data: await getOrder(doc, table, c.get("user").sub, order_id) }, 200);
    },
  );

  return app;
}
