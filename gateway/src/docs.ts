// The gateway's API reference and front door: /openapi.json (the services' documents merged under the
// public paths and completed from the route table, src/openapi.ts), /docs rendering it with the UI
// served from the installed package (works offline), and the JSON index at / and /api/v1.
import type { Hono } from "hono";
import type { GatewayEnv } from "./env.ts";
import { apiIndexRoutes } from "./index-route.ts";
import { openApiSource } from "./openapi.ts";
import type { Upstreams } from "./upstreams.ts";

export function mountDocs(app: Hono<GatewayEnv>, upstreams: Upstreams) {
  const mergedOpenApi = openApiSource(upstreams);
  app.get("/openapi.json", async (c) => c.json(await mergedOpenApi()));
  app.route("/", apiIndexRoutes());
}
