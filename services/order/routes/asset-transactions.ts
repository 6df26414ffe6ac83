// GET /assets/{asset_id}/transactions: your BUY/SELL history for one asset, newest first.
// Unknown asset → 404 and lower-case ids work (upstream answered 500 to both).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import { assetIdSchema } from "../../common/catalog.ts";
import { bearerSecurity as security, ProblemRef } from "../../common/openapi.ts";
import { pageFields, pageQueryShape, pageResponseShape } from "../../common/pagination.ts";
import type { OrderDeps } from "../deps.ts";
import type { OrderPorts } from "../ports.ts";
import { listAssetTransactions } from "../usecases/order-queries.ts";

export function assetTransactionRoutes(deps: OrderDeps, ports: OrderPorts) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/assets/{asset_id}/transactions",
      tags: ["orders"],
      summary: "Your asset transactions for one asset, newest first",
      security,
      middleware: [deps.auth] as const,
      request: {
        params: z.object({ asset_id: assetIdSchema }),
        // `offset` is accepted for upstream clients and ignored here.
        query: z.object(pageQueryShape),
      },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({ data: z.array(z.record(z.string(), z.unknown())), ...pageResponseShape }),
            },
          },
          description: "A page of asset transactions",
        },
        401: ProblemRef,
        404: ProblemRef,
        422: ProblemRef,
      },
    }),
    async (c) => {
      const { asset_id } = c.req.valid("param");
      const { limit, cursor } = c.req.valid("query");
      const page = await listAssetTransactions(ports, c.get("user").sub, asset_id, { limit, cursor });
      return c.json({ data: page.items, ...pageFields(page) }, 200);
    },
  );

  return app;
}
