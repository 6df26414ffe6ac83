// GET /portfolio and GET /balance/asset/{asset_id} (docs/compatibility.md), priced from the catalog items
// in the same table. Unlike upstream, the portfolio also returns cash and totals.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import { assetIdSchema } from "../../common/catalog.ts";
import type { UserDeps } from "../deps.ts";
import type { UserPorts } from "../ports.ts";
import { holding, portfolio } from "../usecases/portfolio.ts";
import { bearerSecurity as security, ProblemRef } from "../../common/openapi.ts";

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
            },
          },
          description: "Portfolio",
        },
        401: ProblemRef,
      },
    }),
    async (c) => c.json(await portfolio(ports, c.get("user").sub), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/balance/asset/{asset_id}",
      tags: ["portfolio"],
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
            },
          },
          description: "Holding",
        },
        401: ProblemRef,
        404: ProblemRef,
        422: ProblemRef,
      },
    }),
    async (c) => c.json(await holding(ports, c.get("user").sub, c.req.valid("param").asset_id), 200),
  );

  return app;
}
