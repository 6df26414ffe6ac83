// Public catalog (docs/compatibility.md): list by market-cap rank, one asset, and its price history.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { assetIdSchema } from "../../common/catalog.ts";
import type { InventoryDeps } from "../deps.ts";
import { byRank, toAssetData, toAssetDetail } from "../domain/asset.ts";
import { type CatalogPorts, findAsset, priceHistory } from "../usecases/catalog.ts";
import { problems } from "../../common/openapi-errors.ts";
import {
  ASSET_DETAIL_EXAMPLE,
  ASSET_EXAMPLE,
  AssetDetailSchema,
  AssetSchema,
  PricePointSchema,
} from "./schemas.ts";

const json = <T extends z.ZodType>(schema: T, description: string, example: unknown) => ({
  content: { "application/json": { schema, example } },
  description,
});

export { ASSET_EXAMPLE };

// FastAPI's bool parsing, which upstream clients rely on.
const queryBool = z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
  error: "must be a boolean (true/false)",
}).transform((v) => ["true", "1", "yes", "on"].includes(v));

export const assetParams = z.object({ asset_id: assetIdSchema });

// Long by design: this is the route list of its resource — each entry is a declarative
// createRoute(...) plus a handler of a few lines that calls a use case.
export function assetRoutes(deps: InventoryDeps, ports: CatalogPorts) {
  const app = new OpenAPIHono();

  app.openapi(
    createRoute({
      method: "get",
      path: "/inventory/assets",
      tags: ["inventory"],
      operationId: "listAssets",
      summary: "Assets sorted by market-cap rank",
      request: {
        query: z.object({
          active_only: queryBool.default(true),
          limit: z.coerce.number({ error: "limit must be an integer" }).int("limit must be an integer")
            .min(1, "limit must be between 1 and 250").max(250, "limit must be between 1 and 250").default(
              50,
            ),
        }),
      },
      responses: {
        200: json(
          z.object({
            data: z.array(AssetSchema),
            total_count: z.number().openapi({ description: "All assets in the catalog" }),
            active_count: z.number().openapi({ description: "Active assets in the returned page" }),
          }),
          "A page of the catalog",
          { data: [ASSET_EXAMPLE], total_count: 1, active_count: 1 },
        ),
        ...problems({ 422: ["VALIDATION_ERROR"] }),
      },
    }),
    async (c) => {
      const { active_only, limit } = c.req.valid("query");
      const all = [...await deps.assets.list()].sort(byRank); // a copy: the cached list is shared
      const page = all.filter((a) => !active_only || a.is_active === true).slice(0, limit).map(toAssetData);
      return c.json({
        data: page,
        total_count: all.length,
        active_count: page.filter((a) => a.is_active).length,
      }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/inventory/assets/{asset_id}",
      tags: ["inventory"],
      operationId: "getAsset",
      summary: "One asset (id is case-insensitive)",
      request: { params: assetParams },
      responses: {
        200: json(z.object({ data: AssetDetailSchema }), "Asset detail", { data: ASSET_DETAIL_EXAMPLE }),
        ...problems({ 404: ["ASSET_NOT_FOUND"], 422: ["VALIDATION_ERROR"] }),
      },
    }),
    async (c) => {
      const { asset_id } = c.req.valid("param");
      return c.json({ data: toAssetDetail(await findAsset(ports, asset_id)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/inventory/assets/{asset_id}/price-history",
      tags: ["inventory"],
      operationId: "getAssetPriceHistory",
      summary: "Price history points, newest first (for charts)",
      request: {
        params: assetParams,
        query: z.object({
          limit: z.coerce.number().int().min(1, "limit must be between 1 and 1000").max(
            1000,
            "limit must be between 1 and 1000",
          ).default(100),
          cursor: z.string().max(512).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({
            data: z.array(PricePointSchema),
            has_more: z.boolean(),
            next_cursor: z.string().nullable(),
          }),
          "History page",
          {
            data: [{
              price_usd: 51000,
              previous_price_usd: 50000,
              source: "admin",
              timestamp: "2026-01-05T10:00:00.000Z",
            }],
            has_more: false,
            next_cursor: null,
          },
        ),
        ...problems({ 404: ["ASSET_NOT_FOUND"], 422: ["VALIDATION_ERROR", "INVALID_CURSOR"] }),
      },
    }),
    async (c) => {
      const { asset_id } = c.req.valid("param");
      const page = await priceHistory(ports, asset_id, c.req.valid("query"));
      return c.json({ data: page.data, has_more: page.hasMore, next_cursor: page.nextCursor }, 200);
    },
  );

  return app;
}
