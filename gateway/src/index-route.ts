// What a newcomer finds at the gateway's root: `GET /` and `GET /api/v1` answer a small JSON index
// pointing at the docs, the OpenAPI document and health, and `/docs` renders the merged document
// with the UI served from the installed package (works offline).
import { Hono } from "hono";
import { docsRoutes } from "../../services/common/docs.ts";
import { API_PREFIX } from "../routes.ts";

/** The public API's version, shown in the index and the merged OpenAPI document. */
export const API_VERSION = "1.0.0";

export function apiIndex() {
  return {
    name: "Order Processor API",
    version: API_VERSION,
    description: "Register, fund an account, trade assets at market price and follow your portfolio.",
    links: {
      api: API_PREFIX,
      docs: "/docs",
      openapi: "/openapi.json",
      health: "/health",
      ready: "/health/ready",
      metrics: "/metrics",
    },
  };
}

export function apiIndexRoutes() {
  const app = new Hono();
  app.get("/", (c) => c.json(apiIndex()));
  app.get(API_PREFIX, (c) => c.json(apiIndex()));
  app.route("/", docsRoutes({ openApiUrl: "/openapi.json", title: "Order Processor API" }));
  return app;
}
