// A user's BUY/SELL history for one asset, newest first (upstream: oldest first, no paging).
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Doc } from "../../common/dynamo.ts";
import { fromDdb, usd } from "../../common/money.ts";
import { decodeCursor, encodeCursor } from "../../common/pagination.ts";

export async function listAssetTransactions(
  doc: Doc,
  table: string,
  username: string,
  assetId: string,
  opts: { limit: number; cursor?: string },
) {
  const prefix = `ATXN#${assetId}#`;
  const start = opts.cursor ? decodeCursor(opts.cursor, prefix) : undefined;
  const r = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
      ExpressionAttributeValues: { ":pk": `USER#${username}`, ":prefix": prefix },
      ScanIndexForward: false,
      Limit: opts.limit + 1,
      ExclusiveStartKey: start ? { PK: `USER#${username}`, SK: start } : undefined,
      ConsistentRead: true,
    }),
  );
  const items = r.Items ?? [];
  const page = items.slice(0, opts.limit);
  const hasMore = items.length > opts.limit;
  return {
    data: page.map((t) => ({
      transaction_id: String(t.transaction_id),
      asset_id: String(t.asset_id),
      transaction_type: String(t.transaction_type),
      quantity: fromDdb(t.quantity).toFixed(),
      price: fromDdb(t.price).toFixed(),
      total_amount: usd(fromDdb(t.total_amount)),
      order_id: String(t.order_id),
      status: String(t.status),
      timestamp: String(t.created_at),
    })),
    hasMore,
    nextCursor: hasMore && page.length ? encodeCursor(String(page[page.length - 1].SK)) : null,
  };
}
