// GET /portfolio and GET /balance/asset/{asset_id} (reference §2.2), priced from the catalog items
// in the same table. Unlike upstream, the portfolio also returns cash and totals.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthVars, requireAuth } from "../../common/auth.ts";
import { assetIdSchema, getAsset, getAssets } from "../../common/catalog.ts";
import { notFound } from "../../common/errors.ts";
import { usd, ZERO } from "../../common/money.ts";
import type { UserDeps } from "../deps.ts";
import { portfolioView } from "../domain/portfolio.ts";
import { getBalance } from "../store/balance.ts";
import { getHolding, listHoldings } from "../store/holdings.ts";
import { bearerSecurity as security } from "../../common/openapi.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";

const PortfolioAsset = z.object({
  asset_id: z.string(),
  asset_name: z.string(),
  quantity: z.string().openapi({ description: "Owned: available + held" }),
  available_quantity: z.string(),
  held_quantity: z.string().openapi({ description: "Reserved by pending limit sells" }),
  current_price: z.string(),
  market_value: z.string(),
  percentage: z.string().openapi({ description: "Share of cash + holdings, %" }),
});

export function portfolioRoutes(deps: UserDeps) {
  const { doc, cfg, tokens } = deps;
  const table = cfg.TABLE_NAME;
  const auth = requireAuth(tokens, { checkRevoked: cfg.REVOCATION_CHECK });
  const app = new OpenAPIHono<{ Variables: AuthVars }>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/portfolio",
      tags: ["portfolio"],
      operationId: "getPortfolio",
      summary: "Holdings at current prices, allocation, cash and totals",
      security,
      middleware: [auth] as const,
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({
                assets: z.array(PortfolioAsset),
                cash_balance: z.string(),
                cash_percentage: z.string(),
                total_market_value: z.string(),
                total_value: z.string(),
              }),
              example: {
                assets: [{
                  asset_id: "BTC",
                  asset_name: "Bitcoin",
                  quantity: "0.01",
                  available_quantity: "0.01",
                  held_quantity: "0",
                  current_price: "50000",
                  market_value: "500.00",
                  percentage: "50.00",
                }],
                cash_balance: "500.00",
                cash_percentage: "50.00",
                total_market_value: "500.00",
                total_value: "1000.00",
              },
            },
          },
          description: "Portfolio",
        },
        ...problems({ 401: AUTH_CODES }),
      },
    }),
    async (c) => {
      const username = c.get("user").sub;
      const [holdings, balance] = await Promise.all([
        listHoldings(doc, table, username),
        getBalance(doc, table, username),
      ]);
      const assets = await getAssets(doc, table, holdings.map((h) => h.assetId));
      const view = portfolioView(
        holdings.map((h) => ({
          assetId: h.assetId,
          assetName: assets.get(h.assetId)?.name ?? h.assetId,
          quantity: h.quantity,
          held: h.held,
          price: assets.get(h.assetId)?.price ?? ZERO,
        })),
        balance.available.plus(balance.held),
      );
      return c.json(view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/balance/asset/{asset_id}",
      tags: ["portfolio"],
      operationId: "getAssetBalance",
      summary: "Your holding of one asset (not held → 404)",
      security,
      middleware: [auth] as const,
      request: { params: z.object({ asset_id: assetIdSchema }) },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({
                asset_id: z.string(),
                asset_name: z.string(),
                quantity: z.string(),
                available_quantity: z.string(),
                held_quantity: z.string(),
                current_price: z.string(),
                total_value: z.string(),
                created_at: z.string(),
                updated_at: z.string(),
              }),
              example: {
                asset_id: "BTC",
                asset_name: "Bitcoin",
                quantity: "0.01",
                available_quantity: "0.01",
                held_quantity: "0",
                current_price: "50000",
                total_value: "500.00",
                created_at: "2026-01-05T10:00:00.000Z",
                updated_at: "2026-01-05T10:00:00.000Z",
              },
            },
          },
          description: "Holding",
        },
        ...problems({ 401: AUTH_CODES, 404: ["HOLDING_NOT_FOUND"], 422: ["VALIDATION_ERROR"] }),
      },
    }),
    async (c) => {
      const { asset_id } = c.req.valid("param");
      const username = c.get("user").sub;
      const [holding, asset] = await Promise.all([
        getHolding(doc, table, username, asset_id),
        getAsset(doc, table, asset_id),
      ]);
      const owned = holding ? holding.quantity.plus(holding.held) : ZERO;
      if (!holding || owned.lte(0)) throw notFound(`You hold no ${asset_id}`, "HOLDING_NOT_FOUND");
      const price = asset?.price ?? ZERO;
      return c.json({
        asset_id,
        asset_name: asset?.name ?? asset_id,
        quantity: owned.toFixed(),
        available_quantity: holding.quantity.toFixed(),
        held_quantity: holding.held.toFixed(),
        current_price: price.toFixed(),
        total_value: usd(owned.times(price)),
        created_at: holding.createdAt,
        updated_at: holding.updatedAt,
      }, 200);
    },
  );

  return app;
}
