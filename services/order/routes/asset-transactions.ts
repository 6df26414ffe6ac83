// GET /assets/{asset_id}/transactions: your BUY/SELL history for one asset, newest first.
// Unknown asset → 404 and lower-case ids work (upstream answered 500 to both).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthVars, requireAuth } from "../../common/auth.ts";
import { assetIdSchema } from "../../common/catalog.ts";
import { notFound } from "../../common/errors.ts";
import type { OrderDeps } from "../deps.ts";
import { listAssetTransactions } from "../store/asset-transactions.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";

export function assetTransactionRoutes(deps: OrderDeps) {
  const { doc, cfg, tokens } = deps;
  const table = cfg.TABLE_NAME;
  const auth = requireAuth(tokens, { checkRevoked: cfg.REVOCATION_CHECK });
  const app = new OpenAPIHono<{ Variables: AuthVars }>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/assets/{asset_id}/transactions",
      tags: ["orders"],
      operationId: "listAssetTransactions",
      summary: "Your asset transactions for one asset, newest first",
      security: [{ bearerAuth: [] }],
      middleware: [auth] as const,
      request: {
        params: z.object({ asset_id: assetIdSchema }),
        query: z.object({
          limit: z.coerce.number({ error: "limit must be an integer" }).int("limit must be an integer")
            .min(1, "limit must be between 1 and 100").max(100, "limit must be between 1 and 100").default(
              50,
            ),
          cursor: z.string().max(512).optional(),
          offset: z.coerce.number().int().min(0).optional(), // accepted for upstream clients, ignored
        }),
      },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({
                data: z.array(z.record(z.string(), z.unknown())),
                has_more: z.boolean(),
                next_cursor: z.string().nullable(),
              }),
              example: {
                data: [{
                  transaction_type: "BUY",
                  asset_id: "BTC",
                  quantity: "0.01",
                  price: "50000",
                  total_amount: "500.00",
                  order_id: "ord_01JH3K9V6Q2Z4X8Y7W5T3R1P0N",
                  status: "COMPLETED",
                  created_at: "2026-01-05T10:00:00.000Z",
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
      if (!(await deps.assets.get(asset_id))) {
        throw notFound(`Asset '${asset_id}' not found`, "ASSET_NOT_FOUND");
      }
      const page = await listAssetTransactions(doc, table, c.get("user").sub, asset_id, { limit, cursor });
      return c.json({ data: page.data, has_more: page.hasMore, next_cursor: page.nextCursor }, 200);
    },
  );

  return app;
}
