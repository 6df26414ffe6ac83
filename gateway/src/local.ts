// Routes answered by the gateway itself (route table entries with `local`). Each name in
// routes.ts LocalName must have a handler here — the Record type makes a missing one a compile error.
import type { Handler } from "hono";
import type { createLiveEvents } from "./live-events.ts";
import { ApiError } from "../../services/common/errors.ts";
import { problemResponseJson } from "../../services/common/openapi-errors.ts";
import type { LocalName } from "../routes.ts";
import type { GatewayEnv } from "./env.ts";

export type LocalHandlers = Record<LocalName, Handler<GatewayEnv>>;

/** Each local route's OpenAPI operation (merged into the gateway's /openapi.json like a service's). */
const problem = { description: "Problem details (RFC 9457)" };
export const LOCAL_OPENAPI: Record<LocalName, Record<string, unknown>> = {
  events: {
    tags: ["events"],
    summary:
      "Your order events, live (Server-Sent Events; id = event id; Last-Event-ID or ?last_event_id= resumes)",
    security: [{ bearerAuth: [] }],
    responses: { 200: { description: "text/event-stream of `order` events (+ `refetch`)" }, 401: problem },
  },
  eventsTicket: {
    tags: ["events"],
    summary: "A single-use WebSocket ticket (short-lived) for GET /api/v1/ws?ticket=…",
    security: [{ bearerAuth: [] }],
    responses: { 201: { description: "{ticket, expires_in}" }, 401: problem },
  },
  ws: {
    tags: ["events"],
    summary: "Your order events, live, over a WebSocket (authenticated by ?ticket=, never a JWT in the URL)",
    responses: {
      101: { description: "WebSocket: JSON messages {id, event, data}" },
      401: problem,
      426: problem,
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
    throw new ApiError(503, "SERVICE_UNAVAILABLE", "Live events are not configured");
  };
  return {
    events: live?.sse ?? noLive,
    eventsTicket: live?.ticket ?? noLive,
    ws: live?.ws ?? noLive,
    // Upstream's AI portfolio summary answered 503 without its API key; no insights service exists here.
    insights: function insightsUnavailable() {
      throw new ApiError(503, "SERVICE_UNAVAILABLE", "The insights service is not available");
    },
  };
}
