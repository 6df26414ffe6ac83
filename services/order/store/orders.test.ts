// How the market-order transaction's failures become domain rejections, with a stand-in DynamoDB
// client (the real transaction is exercised end to end by integration_tests/orders).
import assert from "node:assert/strict";
import { DomainError } from "../../common/domain-error.ts";
import type { Doc } from "../../common/dynamo.ts";
import { httpAnswer } from "../../common/http-errors.ts";
import { Big } from "../../common/money.ts";
import { newOrder } from "../domain/order.ts";
import { createOrderStore } from "./orders.ts";

type Sent = { input: { TransactItems: Record<string, Record<string, unknown>>[] } };

function docFailingWith(reasons: { Code: string; Item?: Record<string, unknown> }[] | null) {
  const sent: Sent[] = [];
  const doc = {
    send: (cmd: Sent) => {
      sent.push(cmd);
      if (!reasons) return Promise.resolve({});
      return Promise.reject(Object.assign(new Error("cancelled"), {
        name: "TransactionCanceledException",
        CancellationReasons: reasons,
      }));
    },
  } as unknown as Doc;
  return { doc, sent };
}

const order = (side: "buy" | "sell") =>
  newOrder(
    {
      username: "alice_1",
      orderType: side === "buy" ? "market_buy" : "market_sell",
      assetId: "BTC",
      quantity: new Big("0.1"),
    },
    { kind: "execute", side, price: new Big("50000"), total: new Big("5000") },
  );

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    return { ...e, code: e.code, detail: e.detail, ...httpAnswer(e) };
  }
  assert.fail("expected a rejection");
}

const write = (doc: Doc, side: "buy" | "sell") =>
  createOrderStore(doc, "t", 4).writeNewOrder(order(side), {});

Deno.test("market order: one transaction of order, balance, holding, ledger, asset txn, outbox", async () => {
  const { doc, sent } = docFailingWith(null);
  await write(doc, "buy");
  assert.equal(sent.length, 1);
  const items = sent[0].input.TransactItems;
  const keys = items.map((i) => {
    const op = Object.values(i)[0] as { Key?: { SK: string }; Item?: { SK: string; PK: string } };
    return (op.Key?.SK ?? op.Item?.SK ?? "").split("#")[0];
  });
  assert.deepEqual(keys, ["ORDER", "BALANCE", "HOLDING", "TXN", "ATXN", "EVT"]);
  const balance = items[1].Update as { ConditionExpression: string; UpdateExpression: string };
  assert.equal(balance.ConditionExpression, "available >= :required");
  assert.match(balance.UpdateExpression, /ledger_count :entries/);
  const stored = (items[0].Put as { Item: Record<string, unknown> }).Item;
  assert.equal(stored.status, "completed");
});

Deno.test("market order: short balance → 422 with the amounts; short holding → 422", async () => {
  const funds = await failure(
    write(
      docFailingWith([{ Code: "None" }, {
        Code: "ConditionalCheckFailed",
        Item: { available: { N: "12.5" } },
      }]).doc,
      "buy",
    ),
  );
  assert.equal(funds.status, 422);
  assert.equal(funds.code, "INSUFFICIENT_FUNDS");
  assert.match(funds.detail, /Required: \$5000\.00, Available: \$12\.50/);

  const holdings = await failure(
    write(
      docFailingWith([{ Code: "None" }, { Code: "None" }, {
        Code: "ConditionalCheckFailed",
        Item: { quantity: { N: "0.05" } },
      }]).doc,
      "sell",
    ),
  );
  assert.equal(holdings.code, "INSUFFICIENT_HOLDINGS");
  assert.match(holdings.detail, /Required: 0\.1, Available: 0\.05/);
});

Deno.test("market order: transactions that keep conflicting → 409 with Retry-After, never 5xx", async () => {
  const { doc, sent } = docFailingWith([{ Code: "TransactionConflict" }]);
  const busy = await failure(write(doc, "buy"));
  assert.equal(busy.status, 409);
  assert.equal(busy.headers?.["Retry-After"], "1");
  assert.ok(sent.length > 1, "conflicts are retried before giving up");
});
