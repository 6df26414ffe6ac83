// GET /assets/{asset_id}/transactions: your BUY/SELL history for one asset, newest first.
// Unknown asset → 404 and lower-case ids work (upstream answered 500 to both).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import { assetIdSchema } from "../../common/catalog.ts";
import { bearerSecurity as security } from "../../common/openapi.ts";
import { pageFields, pageQueryShape, pageResponseShape } from "../../common/pagination.ts";
import type { OrderDeps } from "../deps.ts";
import type { OrderPorts } from "../ports.ts";
import { listAssetTransactions } from "../usecases/order-queries.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";

const AssetTransactionSchema = z.object({
  transaction_id: z.string(),
  asset_id: z.string(),
  transaction_type: z.enum(["BUY", "SELL"]),
  quantity: z.string(),
  price: z.string(),
  total_amount: z.string(),
  order_id: z.string(),
  status: z.literal("COMPLETED").openapi({ description: "Recorded with its execution, never before" }),
  timestamp: z.string(),
}).openapi("AssetTransaction");

export function assetTransactionRoutes(deps: OrderDeps, ports: OrderPorts) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/assets/{asset_id}/transactions",
      tags: ["orders"],
      operationId: "listAssetTransactions",
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
              schema: z.object({ data: z.array(AssetTransactionSchema), ...pageResponseShape }),
              example: {
                data: [{
                  transaction_id: "atxn_0mx0vi1t96e729df590",
                  transaction_type: "BUY",
                  asset_id: "BTC",
                  quantity: "0.01",
                  price: "50000",
                  total_amount: "500.00",
                  order_id: "order_0mx0v8t36f621340c05",
                  status: "COMPLETED",
                  timestamp: "2026-01-05T10:00:00.000Z",
                }],
                has_more: false,
                next_cursor: null,
              },
            },
          },
          description: "A page of asset transactions",
        },
        ...problems({
          401: AUTH_CODES,
          404: ["ASSET_NOT_FOUND"],
          422: ["VALIDATION_ERROR", "INVALID_CURSOR"],
        }),
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
