// Routes answered by the gateway itself (route table entries with `local`). Each name in
// routes.ts LocalName must have a handler here — the Record type makes a missing one a compile error.
import type { Handler } from "hono";
import { ApiError } from "../../services/common/errors.ts";
import { problemResponseJson } from "../../services/common/openapi-errors.ts";
import type { LocalName } from "../routes.ts";
import type { GatewayEnv } from "./env.ts";

export type LocalHandlers = Record<LocalName, Handler<GatewayEnv>>;

/** Each local route's OpenAPI operation (merged into the gateway's /openapi.json like a service's). */
export const LOCAL_OPENAPI: Record<LocalName, Record<string, unknown>> = {
  insights: {
    tags: ["insights"],
    operationId: "getPortfolioInsights",
    summary: "AI portfolio summary: no insights service exists, so always 503 (as upstream without its key)",
    security: [{ bearerAuth: [] }],
    // 401/429/504 and the rest of the 503 codes are added from the route table (openapi-public.ts).
    responses: { 503: problemResponseJson(503, ["SERVICE_UNAVAILABLE"], ["Retry-After"]) },
  },
};

export function localHandlers(): LocalHandlers {
  return {
    // Upstream's AI portfolio summary answered 503 without its API key; no insights service exists here.
    insights: function insightsUnavailable() {
      throw new ApiError(503, "SERVICE_UNAVAILABLE", "The insights service is not available");
    },
  };
}
