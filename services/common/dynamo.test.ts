// Transactions are built from named items and a failed condition is reported by name, against the
// real DynamoDB Local: adding items before or after the failing one never changes the answer.
import assert from "node:assert/strict";
import { ConditionFailed, failedItem, type NamedItems, transactWrite } from "./dynamo.ts";
import { testInfra } from "./testing.ts";

const put = (table: string, pk: string, guard = false) => ({
  Put: {
    TableName: table,
    Item: { PK: pk, SK: "T" },
    ...(guard ? { ConditionExpression: "attribute_not_exists(PK)" } : {}),
  },
});

async function failingName(p: Promise<void>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ConditionFailed, String(err));
    return err.itemName;
  }
  assert.fail("expected the transaction to fail");
}

Deno.test("transaction: a failure maps by item name, whatever items are added around it", async () => {
  const infra = testInfra();
  try {
    const id = `TXTEST#${crypto.randomUUID()}`;
    await transactWrite(infra.doc, { existing: put(infra.table, `${id}#taken`) });
    const clash = () => put(infra.table, `${id}#taken`, true); // its condition fails: the item exists
    const fresh = (n: string) => put(infra.table, `${id}#${n}-${crypto.randomUUID()}`, true);

    const base: NamedItems = { first: fresh("a"), holding: clash() };
    assert.equal(await failingName(transactWrite(infra.doc, base)), "holding");
    // One item added in front (say a hold) and one behind (say idempotency): still "holding".
    const grown: NamedItems = { hold: fresh("h"), ...base, holding: clash(), idempotency: fresh("i") };
    assert.equal(await failingName(transactWrite(infra.doc, grown)), "holding");
    // Optional items left undefined are skipped, not counted.
    const sparse: NamedItems = { skipped: undefined, ...base, holding: clash() };
    assert.equal(await failingName(transactWrite(infra.doc, sparse)), "holding");
  } finally {
    infra.close();
  }
});

Deno.test("transaction: the cancellation reason's position names the item in write order", () => {
  const names = ["order", "balance", "holding", "idempotency"];
  const at = (i: number) => names.map((_, j) => ({ Code: j === i ? "ConditionalCheckFailed" : "None" }));
  assert.equal(failedItem(names, at(1))?.itemName, "balance");
  assert.equal(failedItem(names, at(3))?.itemName, "idempotency");
  assert.equal(failedItem(names, [{ Code: "TransactionConflict" }]), undefined);
});
