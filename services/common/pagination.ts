// Opaque cursors: base64url of the last returned sort key. Only cursors under the expected
// prefix are accepted, so a cursor cannot be used to read another key range.
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Doc } from "./dynamo.ts";
import { unprocessable } from "./errors.ts";

export function encodeCursor(sortKey: string): string {
  return btoa(sortKey).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string, expectedPrefix: string): string {
  try {
    const padded = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const key = atob(padded + "=".repeat((4 - (padded.length % 4)) % 4));
    if (key.startsWith(expectedPrefix)) return key;
  } catch { /* fall through to the 422 below */ }
  throw unprocessable("INVALID_CURSOR", "cursor: is not a valid pagination cursor", [
    { field: "cursor", message: "is not a valid pagination cursor" },
  ]);
}

export interface PartitionPageQuery {
  table: string;
  /** Partition key value, e.g. `USER#alice`. */
  pk: string;
  /** Sort-key prefix of the item kind, e.g. `TXN#`; cursors are only accepted under it. */
  prefix: string;
  limit: number;
  cursor?: string;
  /** Compatibility paging for upstream clients (`?offset=`); ignored when a cursor is given. */
  offset?: number;
  /** Optional server-side filter (DynamoDB FilterExpression). */
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

export interface Page {
  items: Record<string, unknown>[];
  hasMore: boolean;
  nextCursor: string | null;
}

/**
 * One newest-first page of a partition's items under a sort-key prefix — the shape of every list
 * here (ledger, orders, asset transactions). Reads one item past the page to know `has_more`.
 */
export async function queryNewestFirst(doc: Doc, q: PartitionPageQuery): Promise<Page> {
  const skip = q.cursor ? 0 : q.offset ?? 0;
  const want = skip + q.limit + 1;
  const start = q.cursor ? decodeCursor(q.cursor, q.prefix) : undefined;
  const items: Record<string, unknown>[] = [];
  let lastKey: Record<string, unknown> | undefined = start ? { PK: q.pk, SK: start } : undefined;
  do {
    const r = await doc.send(
      new QueryCommand({
        TableName: q.table,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
        FilterExpression: q.filter?.expression,
        ExpressionAttributeNames: q.filter?.names,
        ExpressionAttributeValues: { ":pk": q.pk, ":prefix": q.prefix, ...q.filter?.values },
        ScanIndexForward: false,
        // With a filter DynamoDB's Limit counts items read, not matched: read generously.
        Limit: q.filter ? Math.max(100, want) : want - items.length,
        ExclusiveStartKey: lastKey,
        ConsistentRead: true,
      }),
    );
    items.push(...(r.Items ?? []));
    lastKey = r.LastEvaluatedKey;
  } while (lastKey && items.length < want);

  const page = items.slice(skip, skip + q.limit);
  const hasMore = items.length > skip + q.limit;
  return {
    items: page,
    hasMore,
    nextCursor: hasMore && page.length ? encodeCursor(String(page[page.length - 1].SK)) : null,
  };
}
