// How the market-order transaction's failures become answers, with a stand-in DynamoDB client
// (the real transaction is exercised end to end by integration_tests/orders).
import assert from "node:assert/strict";
import { ApiError } from "../../common/errors.ts";
import type { Doc } from "../../common/dynamo.ts";
import { Big } from "../../common/money.ts";
import { placeMarketOrder } from "./orders.ts";

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

const input = (doc: Doc, side: "buy" | "sell") => ({
  doc,
  table: "t",
  username: "alice_1",
  orderType: side === "buy" ? "market_buy" as const : "market_sell" as const,
  assetId: "BTC",
  quantity: new Big("0.1"),
  priced: { side, price: new Big("50000"), total: new Big("5000") },
  outboxShards: 4,
  storeWith: () => undefined,
});

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    return e;
  }
  assert.fail("expected a rejection");
}

Deno.test("market order: one transaction of order, balance, holding, ledger, asset txn, outbox", async () => {
  const { doc, sent } = docFailingWith(null);
  const res = await placeMarketOrder(input(doc, "buy"));
  assert.equal(res.status, 201);
  assert.equal(sent.length, 1);
  const items = sent[0].input.TransactItems;
  const keys = items.map((i) => {
    const op = Object.values(i)[0] as { Key?: { SK: string }; Item?: { SK: string; PK: string } };
    return (op.Key?.SK ?? op.Item?.SK ?? "").split("#")[0];
  });
  assert.deepEqual(keys, ["ORDER", "BALANCE", "HOLDING", "TXN", "ATXN", "EVT"]);
  const balance = items[1].Update as { ConditionExpression: string; UpdateExpression: string };
  assert.equal(balance.ConditionExpression, "available >= :total");
  assert.match(balance.UpdateExpression, /ledger_count :one/);
  assert.equal(JSON.parse(res.body).data.total_amount, "5000.00");
});

Deno.test("market order: short balance → 422 with the amounts; short holding → 422", async () => {
  const funds = await failure(
    placeMarketOrder(
      input(
        docFailingWith([{ Code: "None" }, {
          Code: "ConditionalCheckFailed",
          Item: { available: { N: "12.5" } },
        }]).doc,
        "buy",
      ),
    ),
  );
  assert.equal(funds.status, 422);
  assert.equal(funds.code, "INSUFFICIENT_FUNDS");
  assert.match(funds.detail, /Required: \$5000\.00, Available: \$12\.50/);

  const holdings = await failure(
    placeMarketOrder(
      input(
        docFailingWith([{ Code: "None" }, { Code: "None" }, {
          Code: "ConditionalCheckFailed",
          Item: { quantity: { N: "0.05" } },
        }]).doc,
        "sell",
      ),
    ),
  );
  assert.equal(holdings.code, "INSUFFICIENT_HOLDINGS");
  assert.match(holdings.detail, /Required: 0\.1, Available: 0\.05/);
});

Deno.test("market order: transactions that keep conflicting → 409 with Retry-After, never 5xx", async () => {
  const { doc, sent } = docFailingWith([{ Code: "TransactionConflict" }]);
  const busy = await failure(placeMarketOrder(input(doc, "buy")));
  assert.equal(busy.status, 409);
  assert.equal(busy.extras.headers?.["Retry-After"], "1");
  assert.ok(sent.length > 1, "conflicts are retried before giving up");
});
