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
import { bearerSecurity as security, idempotencyHeaders, ProblemRef } from "../../common/openapi.ts";
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

const OrderView = orderViewSchema.openapi("Order");

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
});

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
  summary: string,
  description: string,
  auth: OrderDeps["auth"],
  extra: Record<number, typeof ProblemRef> = {},
) =>
  createRoute({
    method,
    path: "/orders/{order_id}",
    tags: ["orders"],
    summary,
    security,
    middleware: [auth] as const,
    request: { params: z.object({ order_id: orderIdSchema }) },
    responses: {
      200: { content: { "application/json": { schema: z.object({ data: OrderView }) } }, description },
      401: ProblemRef,
      404: ProblemRef,
      422: ProblemRef,
      ...extra,
    },
  });

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
      summary:
        "Place an order: market (executes now) or limit (executes now if marketable, else pending with a hold)",
      security,
      middleware: [auth] as const,
      request: {
        headers: idempotencyHeaders,
        body: { content: { "application/json": { schema: CreateOrderBody } }, required: true },
      },
      responses: {
        201: {
          content: { "application/json": { schema: z.object({ data: OrderView }) } },
          description: "Order executed (completed / filled) or accepted as pending",
        },
        401: ProblemRef,
        409: ProblemRef,
        422: ProblemRef,
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
      summary: "Your orders, newest first",
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
            "application/json": { schema: z.object({ data: z.array(OrderView), ...pageResponseShape }) },
          },
          description: "A page of orders",
        },
        401: ProblemRef,
        422: ProblemRef,
      },
    }),
    async (c) => {
      const page = await listOrders(ports, c.get("user").sub, c.req.valid("query"));
      return c.json({ data: page.items, ...pageFields(page) }, 200);
    },
  );

  app.openapi(
    oneOrderRoute("get", "One of your orders (another user's id → 404)", "Order", auth),
    async (c) => {
      const { order_id } = c.req.valid("param");
      return c.json({ data: await getOrder(ports, c.get("user").sub, order_id) }, 200);
    },
  );

  app.openapi(
    oneOrderRoute(
      "delete",
      "Cancel your pending limit order, releasing exactly what it held",
      "The order, now cancelled",
      auth,
      { 409: ProblemRef },
    ),
    async (c) => {
      const { order_id } = c.req.valid("param");
      return c.json({ data: await cancelOrder(ports, c.get("user").sub, order_id) }, 200);
    },
  );

  return app;
}
