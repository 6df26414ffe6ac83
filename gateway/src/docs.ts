// The gateway's API reference: /openapi.json (the services' documents merged under the public paths,
// src/openapi.ts) and /docs rendering it.
import type { Hono } from "hono";
import { Scalar } from "@scalar/hono-api-reference";
import type { GatewayEnv } from "./env.ts";
import { openApiSource } from "./openapi.ts";
import type { Upstreams } from "./upstreams.ts";

export function mountDocs(app: Hono<GatewayEnv>, upstreams: Upstreams) {
  const mergedOpenApi = openApiSource(upstreams);
  app.get("/openapi.json", async (c) => c.json(await mergedOpenApi()));
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "Order Processor API" }));
}
