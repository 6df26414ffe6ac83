// Admin-only catalog changes (role `admin` from the verified JWT; customers get 403):
//   PUT   /admin/assets/{asset_id}/price  {"price_usd": 51000}  → price + history + publish
//   PATCH /admin/assets/{asset_id}        {"is_active": false}  → stop/allow trading
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import { assetIdSchema } from "../../common/catalog.ts";
import { requireRole } from "../../common/roles.ts";
import { decimalSchema } from "../../common/validation.ts";
import type { InventoryDeps } from "../deps.ts";
import { toAssetDetail } from "../domain/asset.ts";
import type { CatalogPorts } from "../usecases/catalog.ts";
import { setAssetActive, setAssetPrice } from "../usecases/catalog.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";
import { ASSET_DETAIL_EXAMPLE, AssetDetailSchema } from "./schemas.ts";

const Detail = {
  content: {
    "application/json": {
      schema: z.object({ data: AssetDetailSchema }),
      example: { data: { ...ASSET_DETAIL_EXAMPLE, price_usd: 51000 } },
    },
  },
  description: "The asset after the change",
};
const errors = problems({
  401: AUTH_CODES,
  403: ["FORBIDDEN"],
  404: ["ASSET_NOT_FOUND"],
  409: ["PRICE_BUSY"],
  422: ["VALIDATION_ERROR"],
});
// Admin routes need the `admin` role (from the user record, carried in the token): the scope says so.
const security = [{ bearerAuth: ["admin"] }];

// Same bounds as an order price (docs/compatibility.md); 8 decimals keep the JSON number exact.
export const adminPriceSchema = decimalSchema({ label: "Price", max: "1000000", maxDp: 8 });

// Long by design: this is the route list of its resource — each entry is a declarative
// createRoute(...) plus a handler of a few lines that calls a use case.
export function adminRoutes(deps: InventoryDeps, ports: CatalogPorts) {
  const { auth, log } = deps;
  const admin = requireRole("admin");
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: "put",
      path: "/admin/assets/{asset_id}/price",
      tags: ["admin"],
      operationId: "setAssetPrice",
      summary: "Set an asset's price (recorded in history and published) — admin only",
      description: "`price_usd`: > 0 and ≤ 1,000,000 with at most 8 decimal places.",
      security,
      middleware: [auth, admin],
      request: {
        params: z.object({ asset_id: assetIdSchema }),
        body: {
          content: {
            "application/json": {
              schema: z.object({ price_usd: adminPriceSchema }),
              example: { price_usd: 51000 },
            },
          },
          required: true,
        },
      },
      responses: { 200: Detail, ...errors },
    }),
    async (c) => {
      const { asset_id } = c.req.valid("param");
      const { price_usd } = c.req.valid("json");
      const { change, asset } = await setAssetPrice(ports, asset_id, price_usd);
      log.info(
        { asset_id, price: change.price, previous: change.previous, by: c.get("user").sub },
        "price set",
      );
      return c.json({ data: toAssetDetail(asset) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/admin/assets/{asset_id}",
      tags: ["admin"],
      operationId: "setAssetActive",
      summary: "Activate or deactivate an asset for trading — admin only",
      security,
      middleware: [auth, admin],
      request: {
        params: z.object({ asset_id: assetIdSchema }),
        body: {
          content: {
            "application/json": {
              schema: z.object({ is_active: z.boolean({ error: "is_active must be a boolean" }) }),
              example: { is_active: false },
            },
          },
          required: true,
        },
      },
      responses: { 200: Detail, ...errors },
    }),
    async (c) => {
      const { asset_id } = c.req.valid("param");
      const { is_active } = c.req.valid("json");
      const item = await setAssetActive(ports, asset_id, is_active);
      log.info({ asset_id, is_active, by: c.get("user").sub }, "asset activation changed");
      return c.json({ data: toAssetDetail(item) }, 200);
    },
  );

  return app;
}
