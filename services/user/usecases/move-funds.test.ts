// The deposit/withdraw use case with in-memory ports: no DynamoDB, Redis or Hono.
import assert from "node:assert/strict";
import { DomainError } from "../../common/domain-error.ts";
import { Big } from "../../common/money.ts";
import type { FundsMove } from "../domain/funds.ts";
import { moveFunds, type MoveFundsPorts } from "./move-funds.ts";

function ports(moves: FundsMove[]): MoveFundsPorts {
  return {
    balances: {
      write: (m) => {
        moves.push(m);
        return Promise.resolve();
      },
    },
    locker: { withLock: (_key, fn) => fn() },
    dailyLimits: { deposit: new Big("10000"), withdraw: new Big("5000") },
    lockWaitMs: 0,
  };
}

Deno.test("move funds: a deposit answers upstream's fields and writes one move for today", async () => {
  const moves: FundsMove[] = [];
  const r = await moveFunds(ports(moves), { username: "alice", kind: "deposit", amount: new Big("100.5") });
  assert.equal(r.success, true);
  assert.equal(r.amount, "100.50");
  assert.equal(r.message, "Successfully deposited $100.50");
  assert.equal(moves.length, 1);
  assert.equal(moves[0].transactionId, r.transaction_id);
  assert.equal(moves[0].day, r.timestamp.slice(0, 10));
  assert.equal(moves[0].dailyLimit.toFixed(), "10000");
});

Deno.test("move funds: more than the daily limit in one go is refused before any write", async () => {
  const moves: FundsMove[] = [];
  await assert.rejects(
    moveFunds(ports(moves), { username: "bob", kind: "withdraw", amount: new Big("5000.01") }),
    (e: unknown) => e instanceof DomainError && e.code === "DAILY_LIMIT_EXCEEDED",
  );
  assert.equal(moves.length, 0);
});
