// /balance*: balance, deposit, withdraw (atomic, idempotent), newest-first ledger.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthVars, requireAuth } from "../../common/auth.ts";
import { Big, usd } from "../../common/money.ts";
import { amountSchema } from "../../common/validation.ts";
import type { UserDeps } from "../deps.ts";
import { getBalance, listLedger, moveFunds } from "../store/balance.ts";
import type { FundsKind } from "../domain/funds.ts";
import { bearerSecurity as security } from "../../common/openapi.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";

const idempotencyHeader = z.object({
  "idempotency-key": z.string().optional().openapi({
    description: "Replays the first response for 48 h; same key with another body → 422; in flight → 409",
  }),
});

const FundsResult = z.object({
  success: z.boolean(),
  message: z.string(),
  transaction_id: z.string(),
  amount: z.string(),
  timestamp: z.string(),
}).openapi("FundsResult", {
  example: {
    success: true,
    message: "Deposit of $100.00 completed",
    transaction_id: "0b6a8d6e-3c1f-4f2a-9d57-2f1f0a6c9b11",
    amount: "100.00",
    timestamp: "2026-01-05T10:00:00.000Z",
  },
});

export function balanceRoutes(deps: UserDeps) {
  const { doc, cfg, tokens, locker, idem } = deps;
  const table = cfg.TABLE_NAME;
  const auth = requireAuth(tokens, { checkRevoked: cfg.REVOCATION_CHECK });
  const limits: Record<FundsKind, Big> = {
    deposit: new Big(cfg.DAILY_DEPOSIT_LIMIT),
    withdraw: new Big(cfg.DAILY_WITHDRAW_LIMIT),
  };
  const app = new OpenAPIHono<{ Variables: AuthVars }>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/balance",
      tags: ["balance"],
      operationId: "getBalance",
      summary: "Your USD balance: available, held by pending orders, and their sum",
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
              example: {
                current_balance: "1000.00",
                available_balance: "1000.00",
                held_balance: "0.00",
                updated_at: "2026-01-05T10:00:00.000Z",
              },
            },
          },
          description: "USD balance",
        },
        ...problems({ 401: AUTH_CODES, 404: ["BALANCE_NOT_FOUND"] }),
      },
    }),
    async (c) => {
      const b = await getBalance(doc, table, c.get("user").sub);
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
        operationId: kind,
        summary: kind === "deposit"
          ? "Add USD to your balance (atomic, idempotent, daily limit)"
          : "Take USD from your available balance (atomic, idempotent, daily limit)",
        description: "`amount`: a JSON number (or numeric string) > 0 and ≤ 1,000,000 with at most 2 " +
          `decimal places; at most ${
            kind === "deposit" ? "DAILY_DEPOSIT_LIMIT (10,000)" : "DAILY_WITHDRAW_LIMIT (5,000)"
          } ` +
          "USD per UTC day. Send an `Idempotency-Key` to make retries safe.",
        security,
        middleware: [auth] as const,
        request: {
          headers: idempotencyHeader,
          body: {
            content: {
              "application/json": { schema: z.object({ amount: amountSchema }), example: { amount: 100 } },
            },
            required: true,
          },
        },
        responses: {
          201: { content: { "application/json": { schema: FundsResult } }, description: `${kind} done` },
          ...problems({
            401: AUTH_CODES,
            404: ["BALANCE_NOT_FOUND"],
            409: ["IDEMPOTENCY_IN_FLIGHT", "LOCK_CONTENTION"],
            422: kind === "deposit"
              ? [
                "VALIDATION_ERROR",
                "DAILY_LIMIT_EXCEEDED",
                "IDEMPOTENCY_KEY_REUSED",
                "INVALID_IDEMPOTENCY_KEY",
              ]
              : [
                "VALIDATION_ERROR",
                "INSUFFICIENT_FUNDS",
                "DAILY_LIMIT_EXCEEDED",
                "IDEMPOTENCY_KEY_REUSED",
                "INVALID_IDEMPOTENCY_KEY",
              ],
          }),
        },
      }),
      async (c) => {
        const { amount } = c.req.valid("json");
        const username = c.get("user").sub;
        const raw = { amount: amount.toFixed() };
        const res = await idem.handle(
          c,
          username,
          raw,
          (storeWith) =>
            locker.withLock(
              `user:${username}`,
              () => moveFunds({ doc, table, username, kind, amount, dailyLimit: limits[kind], storeWith }),
              {
                waitMs: cfg.LOCK_WAIT_MS,
              },
            ),
        );
        return res as never;
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/balance/transactions",
      tags: ["balance"],
      operationId: "listBalanceTransactions",
      summary: "Your USD ledger, newest first (cursor pagination)",
      security,
      middleware: [auth] as const,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(512).optional(),
          offset: z.coerce.number().int().min(0).max(10000).optional(),
        }),
      },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({
                transactions: z.array(z.record(z.string(), z.unknown())),
                total_count: z.number(),
                has_more: z.boolean(),
                next_cursor: z.string().nullable(),
              }),
              example: {
                transactions: [{
                  transaction_id: "0b6a8d6e-3c1f-4f2a-9d57-2f1f0a6c9b11",
                  transaction_type: "deposit",
                  amount: "100.00",
                  balance_after: "100.00",
                  status: "completed",
                  created_at: "2026-01-05T10:00:00.000Z",
                }],
                total_count: 1,
                has_more: false,
                next_cursor: null,
              },
            },
          },
          description: "A page of ledger entries",
        },
        ...problems({ 401: AUTH_CODES, 422: ["VALIDATION_ERROR", "INVALID_CURSOR"] }),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const username = c.get("user").sub;
      const [page, balance] = await Promise.all([
        listLedger(doc, table, username, q),
        getBalance(doc, table, username),
      ]);
      return c.json({
        transactions: page.transactions,
        total_count: balance.ledgerCount,
        has_more: page.hasMore,
        next_cursor: page.nextCursor,
      }, 200);
    },
  );

  return app;
}
