// The store's own ceiling for a benchmark: bare TransactWriteItems of `items` Puts straight to
// DynamoDB Local at `concurrency`, no HTTP, no lock — what no service can exceed. Returns per second.
import { type Doc, transactWrite } from "../../services/common/dynamo.ts";

export async function bareTransactionRate(
  doc: Doc,
  table: string,
  opts: { items: number; total: number; concurrency: number },
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, async () => {
    while (next < opts.total) {
      const i = next++;
      await transactWrite(
        doc,
        Object.fromEntries(Array.from({ length: opts.items }, (_, j) => [`item${j}`, {
          Put: { TableName: table, Item: { PK: `BENCH#${i % 50}`, SK: `ITEM#${i}#${j}`, n: i } },
        }])),
      );
    }
  }));
  return opts.total / ((performance.now() - started) / 1000);
}
