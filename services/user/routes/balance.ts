// /balance*: balance, deposit, withdraw (atomic, idempotent), newest-first ledger.
// Routes validate, call a use case and answer; the rules live in ../usecases and ../domain.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import { commandFrom, replayHeaders } from "../../common/http-command.ts";
import { LEDGER_STATUS, LEDGER_TYPES } from "../../common/account-items.ts";
import { usd } from "../../common/money.ts";
import { bearerSecurity as security, idempotencyHeaders } from "../../common/openapi.ts";
import { pageFields, pageQueryShape, pageResponseShape } from "../../common/pagination.ts";
import { amountSchema } from "../../common/validation.ts";
import type { UserDeps } from "../deps.ts";
import type { UserPorts } from "../ports.ts";
import { type FundsResult, moveFunds } from "../usecases/move-funds.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";

const FundsResultSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  transaction_id: z.string(),
  amount: z.string(),
  timestamp: z.string(),
}).openapi("FundsResult", {
  example: {
    success: true,
    message: "Successfully deposited $100.00",
    transaction_id: "txn_0mx0v8sze265c011575",
    amount: "100.00",
    timestamp: "2026-01-05T10:00:00.000Z",
  },
});

const LEDGER_EXAMPLE = {
  transaction_id: "txn_0mx0v8t36f621340c06",
  transaction_type: "order_payment",
  amount: "-500.00",
  status: "completed",
  description: "Payment for buy order order_0mx0v8t36f621340c05",
  reference_id: "order_0mx0v8t36f621340c05",
  created_at: "2026-01-05T10:00:00.000Z",
};

// What store/balance.ts sends for each entry written by account-items.ts ledgerEntryPut.
const LedgerEntrySchema = z.object({
  transaction_id: z.string(),
  transaction_type: z.enum(LEDGER_TYPES),
  amount: z.string().openapi({ description: "Signed USD, 2 dp: credits positive, debits negative" }),
  status: z.literal(LEDGER_STATUS).openapi({ description: "An entry is written with its balance change" }),
  description: z.string(),
  reference_id: z.string().optional().openapi({ description: "The order of a trade, hold or release" }),
  created_at: z.string(),
}).openapi("LedgerEntry", { example: LEDGER_EXAMPLE });

// OpenAPI text and error codes of deposit / withdraw (the two routes share one definition below).
const FUNDS_DOCS = {
  deposit: {
    operationId: "deposit",
    summary: "Add USD to your balance (atomic, idempotent, daily limit)",
    description: "`amount`: a JSON number (or numeric string) > 0 and ≤ 1,000,000 with at most 2 decimal " +
      "places; at most DAILY_DEPOSIT_LIMIT (10,000) USD per UTC day. Send an `Idempotency-Key` to make " +
      "retries safe.",
  },
  withdraw: {
    operationId: "withdraw",
    summary: "Take USD from your available balance (atomic, idempotent, daily limit)",
    description: "`amount`: a JSON number (or numeric string) > 0 and ≤ 1,000,000 with at most 2 decimal " +
      "places, at most the available balance and DAILY_WITHDRAW_LIMIT (5,000) USD per UTC day. Send an " +
      "`Idempotency-Key` to make retries safe.",
  },
};
const IDEMPOTENCY_422 = ["IDEMPOTENCY_KEY_REUSED", "INVALID_IDEMPOTENCY_KEY"];
const fundsErrors = (rules: string[]) =>
  problems({
    401: AUTH_CODES,
    404: ["BALANCE_NOT_FOUND"],
    409: ["IDEMPOTENCY_IN_FLIGHT", "LOCK_CONTENTION"],
    422: ["VALIDATION_ERROR", ...rules, ...IDEMPOTENCY_422],
  });
const FUNDS_ERRORS = {
  deposit: fundsErrors(["DAILY_LIMIT_EXCEEDED"]),
  withdraw: fundsErrors(["INSUFFICIENT_FUNDS", "DAILY_LIMIT_EXCEEDED"]),
};

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
        ...FUNDS_DOCS[kind],
        security,
        middleware: [auth] as const,
        request: {
          headers: idempotencyHeaders,
          body: {
            content: {
              "application/json": { schema: z.object({ amount: amountSchema }), example: { amount: 100 } },
            },
            required: true,
          },
        },
        responses: {
          201: {
            content: { "application/json": { schema: FundsResultSchema } },
            description: `${kind} done`,
          },
          ...FUNDS_ERRORS[kind],
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
      operationId: "listBalanceTransactions",
      summary: "Your USD ledger, newest first (cursor pagination)",
      security,
      middleware: [auth] as const,
      request: { query: z.object(pageQueryShape) },
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({
                transactions: z.array(LedgerEntrySchema),
                total_count: z.number(),
                ...pageResponseShape,
              }),
              example: {
                transactions: [{
                  transaction_id: "txn_0mx0v8sze265c011575",
                  transaction_type: "deposit",
                  amount: "100.00",
                  status: "completed",
                  description: "Deposit",
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
