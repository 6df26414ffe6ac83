// Routes answered by the gateway itself (route table entries with `local`). Each name in
// routes.ts LocalName must have a handler here — the Record type makes a missing one a compile error.
import { z } from "@hono/zod-openapi";
import type { Handler } from "hono";
import type { createLiveEvents } from "./live-events.ts";
import { ApiError } from "../../services/common/errors.ts";
import { orderEventSchema } from "../../services/common/events.ts";
import { problemResponseJson } from "../../services/common/openapi-errors.ts";
import type { LocalName } from "../routes.ts";
import type { GatewayEnv } from "./env.ts";

export type LocalHandlers = Record<LocalName, Handler<GatewayEnv>>;

/** Each local route's OpenAPI operation (merged into the gateway's /openapi.json like a service's). */
const authProblem = problemResponseJson(401, ["AUTH_REQUIRED", "AUTH_INVALID_HEADER", "AUTH_INVALID_TOKEN"]);
const liveDown = problemResponseJson(503, ["SERVICE_UNAVAILABLE"], ["Retry-After"]);
const EVENT_EXAMPLE = {
  event_id: "evt_0mx0v8t36f621340c05",
  type: "order.filled",
  order_id: "order_0mx0v8t36f621340c05",
  occurred_at: "2026-01-05T10:00:00.000Z",
};
/**
 * The JSON of each live event (an SSE `data:` line, a WebSocket message's `data`): the same schema the
 * outbox validates, so the dashboard's type is generated, not hand-written. Added to the merged
 * document's components (src/openapi.ts).
 */
export const LOCAL_SCHEMAS: Record<string, unknown> = {
  OrderEvent: (({ $schema: _, ...rest }) => rest)(z.toJSONSchema(orderEventSchema, { io: "output" })),
};

export const LOCAL_OPENAPI: Record<LocalName, Record<string, unknown>> = {
  events: {
    tags: ["events"],
    operationId: "streamOrderEvents",
    summary:
      "Your order events, live (Server-Sent Events; id = event id; Last-Event-ID or ?last_event_id= resumes)",
    security: [{ bearerAuth: [] }],
    responses: {
      200: {
        description: "text/event-stream of `order` events, each `data:` an `OrderEvent` " +
          "(`components/schemas/OrderEvent`), + `refetch` when the resume point is too old",
        content: {
          "text/event-stream": {
            schema: { type: "string" },
            example: `id: ${EVENT_EXAMPLE.event_id}\nevent: order\ndata: ${
              JSON.stringify(EVENT_EXAMPLE)
            }\n\n`,
          },
        },
      },
      401: authProblem,
      503: liveDown,
    },
  },
  eventsTicket: {
    tags: ["events"],
    operationId: "createEventsTicket",
    summary: "A single-use WebSocket ticket (short-lived) for GET /api/v1/ws?ticket=…",
    security: [{ bearerAuth: [] }],
    responses: {
      201: {
        description: "The ticket and its lifetime in seconds",
        content: {
          "application/json": {
            schema: {
              type: "object",
              properties: { ticket: { type: "string" }, expires_in: { type: "integer" } },
              required: ["ticket", "expires_in"],
            },
            example: { ticket: "tkt_5f0c1e2d3b4a", expires_in: 30 },
          },
        },
      },
      401: authProblem,
      503: liveDown,
    },
  },
  ws: {
    tags: ["events"],
    operationId: "openEventsWebSocket",
    summary: "Your order events, live, over a WebSocket (authenticated by ?ticket=, never a JWT in the URL)",
    security: [],
    responses: {
      101: {
        description:
          "Switching protocols: WebSocket of JSON messages {id, event, data}; `data` of an `order` " +
          "message is an `OrderEvent` (`components/schemas/OrderEvent`)",
      },
      401: problemResponseJson(401, ["AUTH_REQUIRED", "AUTH_INVALID_TICKET"]),
      426: problemResponseJson(426, ["UPGRADE_REQUIRED"]),
      503: liveDown,
    },
  },
  insights: {
    tags: ["insights"],
    operationId: "getPortfolioInsights",
    summary: "AI portfolio summary: no insights service exists, so always 503 (as upstream without its key)",
    security: [{ bearerAuth: [] }],
    // 401/429/504 and the rest of the 503 codes are added from the route table (openapi-public.ts).
    responses: { 503: problemResponseJson(503, ["SERVICE_UNAVAILABLE"], ["Retry-After"]) },
  },
};

export function localHandlers(live?: ReturnType<typeof createLiveEvents>): LocalHandlers {
  const noLive = () => {
    throw new ApiError(503, "SERVICE_UNAVAILABLE", "Live events are not configured", {
      headers: { "Retry-After": "30" },
    });
  };
  return {
    events: live?.sse ?? noLive,
    eventsTicket: live?.ticket ?? noLive,
    ws: live?.ws ?? noLive,
    // Upstream's AI portfolio summary answered 503 without its API key; no insights service exists here.
    insights: function insightsUnavailable() {
      throw new ApiError(503, "SERVICE_UNAVAILABLE", "The insights service is not available", {
        headers: { "Retry-After": "3600" },
      });
    },
  };
}
