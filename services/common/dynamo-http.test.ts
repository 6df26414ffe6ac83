// The lean client against the real DynamoDB Local, side by side with lib-dynamodb's DynamoDBDocumentClient
// configured as the code used it: every operation the code sends answers the same output, numbers stay
// exact NumberValues. Errors, refused connections and the metric: dynamo-http-errors.test.ts.
import assert from "node:assert/strict";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  NumberValue,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { bothClients } from "./testing.ts";

/** An output without $metadata (request ids and attempts differ by nature). */
// deno-lint-ignore no-explicit-any
const body = (o: any) => {
  const { $metadata: _m, ...rest } = o;
  return rest;
};

/** `o` with every "#lean#" in its strings read as "#sdk#" (each client writes its own partitions). */
function asSdk(o: unknown): unknown {
  if (typeof o === "string") return o.replaceAll("#lean#", "#sdk#");
  if (Array.isArray(o)) return o.map(asSdk);
  if (o instanceof Set) return new Set([...o].map(asSdk));
  if (o && typeof o === "object" && !(o instanceof NumberValue)) {
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [asSdk(k), asSdk(v)]));
  }
  return o;
}

Deno.test("lean client: every operation answers what lib-dynamodb answers", async () => {
  const { lean, sdk, table, close } = bothClients();
  try {
    const run = crypto.randomUUID();
    type Key = (name: string) => string;
    // The same command for each client, on its own partitions; the answers must match.
    // deno-lint-ignore no-explicit-any
    const same = async (make: (k: Key) => any, note: string): Promise<any> => {
      const a = await lean.send(make((n) => `LEANTEST#lean#${n}#${run}`));
      const b = await sdk.send(make((n) => `LEANTEST#sdk#${n}#${run}`));
      assert.deepEqual(asSdk(body(a)), body(b), note);
      return a;
    };
    const item = (pk: string, sk: string) => ({
      PK: pk,
      SK: sk,
      n: new NumberValue("12.50"),
      s: "x",
      l: ["a", 1n, true, null],
      m: { deep: { v: new NumberValue("-0.001") } },
      ss: new Set(["b", "a"]),
      ns: new Set([new NumberValue("1"), new NumberValue("2.5")]),
      gone: undefined,
    });
    await same((k) => new PutCommand({ TableName: table, Item: item(k("a"), "1") }), "PutItem");
    const got = await same(
      (k) => new GetCommand({ TableName: table, Key: { PK: k("a"), SK: "1" } }),
      "GetItem",
    );
    assert.ok(got.Item?.n instanceof NumberValue);
    assert.equal(String(got.Item?.n), "12.5"); // DynamoDB stores numbers normalised
    await same((k) => new GetCommand({ TableName: table, Key: { PK: k("a"), SK: "none" } }), "GetItem miss");
    await same((k) =>
      new PutCommand({
        TableName: table,
        Item: item(k("a"), "1"),
        ReturnValues: "ALL_OLD",
        ConditionExpression: "attribute_not_exists(PK) OR s = :s",
        ExpressionAttributeValues: { ":s": "x" },
      }), "PutItem ALL_OLD");
    await same((k) =>
      new UpdateCommand({
        TableName: table,
        Key: { PK: k("a"), SK: "1" },
        UpdateExpression: "SET #c = if_not_exists(#c, :zero) + :one, tags = :tags",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":zero": 0, ":one": 1, ":tags": { k: "v", nested: [1, { x: "y" }] } },
        ReturnValues: "ALL_NEW",
      }), "UpdateItem ALL_NEW");
    for (let i = 0; i < 5; i++) {
      await same((k) => new PutCommand({ TableName: table, Item: item(k("a"), `q${i}`) }), "PutItem");
    }
    const query = (k: Key, start?: Record<string, unknown>) =>
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :q)",
        ExpressionAttributeValues: { ":pk": k("a"), ":q": "q" },
        ScanIndexForward: false,
        Limit: 2,
        ExclusiveStartKey: start,
      });
    const page1 = await same((k) => query(k), "Query page 1");
    assert.equal(page1.Items?.length, 2);
    assert.equal(page1.LastEvaluatedKey?.SK, "q3");
    await same((k) => query(k, { PK: k("a"), SK: "q3" }), "Query page 2 (ExclusiveStartKey)");
    await same((k) =>
      new ScanCommand({
        TableName: table,
        FilterExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": k("a") },
      }), "Scan");
    await same((k) =>
      new BatchWriteCommand({
        RequestItems: {
          [table]: [
            { PutRequest: { Item: item(k("b"), "1") } },
            { PutRequest: { Item: item(k("b"), "2") } },
            { DeleteRequest: { Key: { PK: k("a"), SK: "q0" } } },
          ],
        },
      }), "BatchWriteItem");
    await same((k) =>
      new BatchGetCommand({
        RequestItems: { [table]: { Keys: [{ PK: k("b"), SK: "1" }], ConsistentRead: true } },
      }), "BatchGetItem");
    // Six items, as a market order writes.
    await same((k) =>
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { PK: k("c"), SK: "1", v: new NumberValue("0.1") } } },
          {
            Put: {
              TableName: table,
              Item: { PK: k("c"), SK: "2" },
              ConditionExpression: "attribute_not_exists(PK)",
            },
          },
          {
            Update: {
              TableName: table,
              Key: { PK: k("b"), SK: "1" },
              UpdateExpression: "ADD n :d",
              ExpressionAttributeValues: { ":d": new NumberValue("0.25") },
            },
          },
          {
            ConditionCheck: {
              TableName: table,
              Key: { PK: k("b"), SK: "2" },
              ConditionExpression: "s = :s",
              ExpressionAttributeValues: { ":s": "x" },
            },
          },
          { Delete: { TableName: table, Key: { PK: k("a"), SK: "q1" } } },
          { Put: { TableName: table, Item: { PK: k("c"), SK: "3", gone: undefined } } },
        ],
      }), "TransactWriteItems");
    const tget = await same((k) =>
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: table, Key: { PK: k("b"), SK: "1" } } },
          { Get: { TableName: table, Key: { PK: k("c"), SK: "1" } } },
        ],
      }), "TransactGetItems");
    assert.equal(String(tget.Responses?.[0].Item?.n), "12.75");
    await same(
      (k) => new DeleteCommand({ TableName: table, Key: { PK: k("b"), SK: "2" }, ReturnValues: "ALL_OLD" }),
      "DeleteItem",
    );

    const d = await lean.send(new DescribeTableCommand({ TableName: table }));
    assert.equal(d.Table?.TableName, table);
    assert.equal(d.$metadata.httpStatusCode, 200);
    assert.equal(d.$metadata.attempts, 1);
  } finally {
    close();
  }
});

Deno.test("lean client: numbers are exact NumberValues, never floats (decimals, 38-digit integers)", async () => {
  const { lean, table, close } = bothClients();
  try {
    const key = { PK: `LEANTEST#num#${crypto.randomUUID()}`, SK: "1" };
    const exact = {
      tenth: "0.1",
      money: "1234567.89",
      big: "12345678901234567890123456789012345678", // 38 digits: beyond 2^53 and beyond a double
      tiny: "0.000000000000000000000000000000000001",
      negative: "-9007199254740993",
    };
    const values = Object.fromEntries(Object.entries(exact).map(([k, v]) => [k, new NumberValue(v)]));
    await lean.send(new PutCommand({ TableName: table, Item: { ...key, ...values, plain: 7 } }));
    const r = await lean.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    for (const [k, v] of Object.entries(exact)) {
      assert.ok(r.Item?.[k] instanceof NumberValue, k);
      assert.equal(String(r.Item?.[k]), v, k);
    }
    assert.ok(r.Item?.plain instanceof NumberValue, "a number written as a JS number comes back wrapped too");
    assert.equal(String(r.Item?.plain), "7");
    // Arithmetic in DynamoDB stays exact and comes back exact: 0.1 + 0.2 = 0.3, not 0.30000000000000004.
    const u = await lean.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: "ADD tenth :p",
        ExpressionAttributeValues: { ":p": new NumberValue("0.2") },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    assert.equal(String(u.Attributes?.tenth), "0.3");
  } finally {
    close();
  }
});
