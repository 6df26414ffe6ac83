// The lean client's failures look like the SDK's to the code: the same error names, messages, fault and
// status (side by side with lib-dynamodb against the real DynamoDB Local), a failed transaction
// condition's CancellationReasons, a refused connection retried then surfacing as the outage the error
// handler turns into 503, and one metric observation per call, retries included.
import assert from "node:assert/strict";
import { Hono } from "hono";
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { storeCalls } from "./dynamo-http.ts";
import { createErrorHandler, isDependencyOutage } from "./errors.ts";
import { ConditionFailed, createDocClient, createDynamoClient, transactWrite } from "./dynamo.ts";
import { bothClients } from "./testing.ts";

// deno-lint-ignore no-explicit-any
async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail("expected a failure");
}

/** What the code reads from a store error. */
// deno-lint-ignore no-explicit-any
const visible = (e: any) => ({
  name: e.name,
  message: e.message,
  fault: e.$fault,
  status: e.$metadata?.httpStatusCode,
  attempts: e.$metadata?.attempts,
  reasons: e.CancellationReasons,
  item: e.Item,
  outage: isDependencyOutage(e),
});

Deno.test("lean client errors: same name, message, fault, status and members as the SDK's", async () => {
  const { lean, sdk, table, close } = bothClients();
  try {
    const pk = `LEANTEST#err#${crypto.randomUUID()}`;
    await lean.send(new PutCommand({ TableName: table, Item: { PK: pk, SK: "1", qty: 5, owner: "ann" } }));
    // Takes 9 of the 5 held: fails its condition, alone or inside a transaction.
    const takeNine = {
      TableName: table,
      Key: { PK: pk, SK: "1" },
      UpdateExpression: "SET qty = qty - :q",
      ConditionExpression: "qty >= :q",
      ExpressionAttributeValues: { ":q": 9 },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    };
    const cases = {
      conditionFailedWithOldItem: () => new UpdateCommand(takeNine),
      transactionCancelled: () =>
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: table, Item: { PK: `${pk}#new`, SK: "1" } } }, {
            Update: takeNine,
          }],
        }),
      missingTable: () => new GetCommand({ TableName: `${table}-missing`, Key: { PK: pk, SK: "1" } }),
      invalidExpression: () =>
        new UpdateCommand({ TableName: table, Key: { PK: pk, SK: "1" }, UpdateExpression: "SET = oops" }),
    };
    for (const [what, make] of Object.entries(cases)) {
      const [mine, theirs] = [
        await failure(lean.send(make() as never)),
        await failure(sdk.send(make() as never)),
      ];
      assert.deepEqual(visible(mine), visible(theirs), what);
      assert.equal(mine.$metadata.httpStatusCode, 400, what);
    }
    const e = await failure(lean.send(cases.transactionCancelled() as never));
    assert.equal(e.name, "TransactionCanceledException");
    assert.deepEqual(e.CancellationReasons.map((r: { Code: string }) => r.Code), [
      "None",
      "ConditionalCheckFailed",
    ]);
    // The old item comes back as raw attribute values (the SDK does not unmarshall error members).
    assert.deepEqual(e.CancellationReasons[1].Item.qty, { N: "5" });
    const c = await failure(lean.send(cases.conditionFailedWithOldItem() as never));
    assert.equal(c.name, "ConditionalCheckFailedException");
    assert.deepEqual(c.Item.owner, { S: "ann" });
    assert.equal((await failure(lean.send(cases.missingTable() as never))).name, "ResourceNotFoundException");
    assert.equal((await failure(lean.send(cases.invalidExpression() as never))).name, "ValidationException");
  } finally {
    close();
  }
});

Deno.test("lean client errors: transactWrite names the failed item and gives its old value", async () => {
  const { lean, table, close } = bothClients();
  try {
    const pk = `LEANTEST#tx#${crypto.randomUUID()}`;
    await lean.send(new PutCommand({ TableName: table, Item: { PK: pk, SK: "BAL", usd: "10.00" } }));
    const err = await failure(transactWrite(lean, {
      order: { Put: { TableName: table, Item: { PK: `${pk}#o`, SK: "1" } } },
      balance: {
        Update: {
          TableName: table,
          Key: { PK: pk, SK: "BAL" },
          UpdateExpression: "SET usd = :v",
          ConditionExpression: "usd = :old",
          ExpressionAttributeValues: { ":v": "0", ":old": "99" },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
    }));
    assert.ok(err instanceof ConditionFailed);
    assert.equal(err.itemName, "balance");
    assert.equal(err.item?.usd, "10.00");
  } finally {
    close();
  }
});

/** A loopback port nothing listens on. */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function observations(operation: string): Promise<number> {
  const m = (await storeCalls.get()).values.find((v) =>
    v.metricName === "dynamodb_request_duration_seconds_count" && v.labels.operation === operation
  );
  return m?.value ?? 0;
}

Deno.test("lean client: a refused connection is retried (3 attempts), then a 503 outage; one observation", async () => {
  const store = { AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: `http://127.0.0.1:${closedPort()}` };
  const doc = createDocClient(store);
  const get = () => new GetCommand({ TableName: "t", Key: { PK: "a", SK: "b" } });
  const before = await observations("GetItem");
  const err = await failure(doc.send(get()));
  assert.equal(await observations("GetItem"), before + 1, "one observation per call, retries included");
  // As the SDK's (node:http) failure reads: the code the retry and outage checks go by, the attempts.
  const sdk = createDynamoClient(store);
  const theirs = await failure(DynamoDBDocumentClient.from(sdk).send(get()));
  sdk.destroy();
  assert.deepEqual([err.code, err.$metadata.attempts], [theirs.code, theirs.$metadata.attempts]);
  assert.equal(err.code, "ECONNREFUSED");
  assert.match(err.message, /connect ECONNREFUSED 127\.0\.0\.1:\d+/);
  assert.equal(err.$metadata.attempts, 3);
  assert.ok(isDependencyOutage(err));

  // What a route answers when the store is down: 503 problem JSON, retryable.
  const app = new Hono();
  app.get(
    "/balance",
    async (c) => c.json(await doc.send(new GetCommand({ TableName: "t", Key: { PK: "a" } }))),
  );
  app.onError(createErrorHandler());
  const res = await app.request("/balance");
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal((await res.json()).code, "DEPENDENCY_UNAVAILABLE");
});

Deno.test("lean client: the metric counts every call by DynamoDB operation name", async () => {
  const { lean, table, close } = bothClients();
  try {
    const [gets, puts] = [await observations("GetItem"), await observations("PutItem")];
    const Key = { PK: `LEANTEST#metric#${crypto.randomUUID()}`, SK: "1" };
    await lean.send(new PutCommand({ TableName: table, Item: Key }));
    await lean.send(new GetCommand({ TableName: table, Key }));
    await lean.send(new GetCommand({ TableName: table, Key }));
    await failure(lean.send(new GetCommand({ TableName: `${table}-missing`, Key })));
    assert.equal(await observations("PutItem"), puts + 1);
    assert.equal(await observations("GetItem"), gets + 3, "failed calls are observed too");
  } finally {
    close();
  }
});
