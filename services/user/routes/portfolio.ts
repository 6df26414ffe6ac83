// GET /portfolio and GET /balance/asset/{asset_id} (docs/compatibility.md), priced from the catalog items
// in the same table. Unlike upstream, the portfolio also returns cash and totals.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import { assetIdSchema } from "../../common/catalog.ts";
import type { UserDeps } from "../deps.ts";
import type { UserPorts } from "../ports.ts";
import { holding, portfolio } from "../usecases/portfolio.ts";
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

// Long by design: this is the route list of its resource — each entry is a declarative
// createRoute(...) plus a handler of a few lines that calls a use case.
export function portfolioRoutes(deps: UserDeps, ports: UserPorts) {
  const { auth } = deps;
  const app = new OpenAPIHono<AuthEnv>();

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
    async (c) => c.json(await portfolio(ports, c.get("user").sub), 200),
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
    async (c) => c.json(await holding(ports, c.get("user").sub, c.req.valid("param").asset_id), 200),
  );

  return app;
}
