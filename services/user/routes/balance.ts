// /balance*: balance, deposit, withdraw (atomic, idempotent), newest-first ledger.
// Routes validate, call a use case and answer; the rules live in ../usecases and ../domain.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import { commandFrom, replayHeaders } from "../../common/http-command.ts";
import { usd } from "../../common/money.ts";
import { bearerSecurity as security, idempotencyHeaders, ProblemRef } from "../../common/openapi.ts";
import { pageFields, pageQueryShape, pageResponseShape } from "../../common/pagination.ts";
import { amountSchema } from "../../common/validation.ts";
import type { UserDeps } from "../deps.ts";
import type { UserPorts } from "../ports.ts";
import { type FundsResult, moveFunds } from "../usecases/move-funds.ts";

const FundsResultSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  transaction_id: z.string(),
  amount: z.string(),
  timestamp: z.string(),
}).openapi("FundsResult");

// Long by design: this is the route list of its resource — each entry is a declarative
// createRoute(...) plus a handler of a few lines that calls a use case.
export function balanceRoutes(deps: UserDeps, ports: UserPorts) {
  const { idem, auth } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/balance",
      tags: ["balance"],
      security,
      middleware: [auth] as const,
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({
                current_balance: z.string().openapi({ description: "available + held, USD, 2 dp" }),
                available_balance: z.string(),
                held_balance: z.string(),
                updated_at: z.string(),
              }),
            },
          },
          description: "USD balance",
        },
        401: ProblemRef,
      },
    }),
    async (c) => {
      const b = await ports.balances.get(c.get("user").sub);
      return c.json({
        current_balance: usd(b.available.plus(b.held)),
        available_balance: usd(b.available),
        held_balance: usd(b.held),
        updated_at: b.updatedAt,
      }, 200);
    },
  );

  for (const kind of ["deposit", "withdraw"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/balance/${kind}`,
        tags: ["balance"],
        security,
        middleware: [auth] as const,
        request: {
          headers: idempotencyHeaders,
          body: {
            content: { "application/json": { schema: z.object({ amount: amountSchema }) } },
            required: true,
          },
        },
        responses: {
          201: {
            content: { "application/json": { schema: FundsResultSchema } },
            description: `${kind} done`,
          },
          401: ProblemRef,
          409: ProblemRef,
          422: ProblemRef,
        },
      }),
      async (c) => {
        const { amount } = c.req.valid("json");
        const username = c.get("user").sub;
        const { result, replayed } = await idem.run<FundsResult>(
          commandFrom(c, username, { amount: amount.toFixed() }),
          (record) => moveFunds(ports, { username, kind, amount }, record),
        );
        return c.json(result, 201, replayHeaders(replayed));
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/balance/transactions",
      tags: ["balance"],
      summary: "Ledger, newest first",
      security,
      middleware: [auth] as const,
      request: { query: z.object(pageQueryShape) },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({
                transactions: z.array(z.record(z.string(), z.unknown())),
                total_count: z.number(),
                ...pageResponseShape,
              }),
            },
          },
          description: "A page of ledger entries",
        },
        401: ProblemRef,
        422: ProblemRef,
      },
    }),
    async (c) => {
      const username = c.get("user").sub;
      const [page, balance] = await Promise.all([
        ports.balances.ledger(username, c.req.valid("query")),
        ports.balances.get(username),
      ]);
      return c.json({ transactions: page.items, total_count: balance.ledgerCount, ...pageFields(page) }, 200);
    },
  );

  return app;
}
