// Opaque cursors: base64url of the last returned sort key. Only cursors under the expected
// prefix are accepted, so a cursor cannot be used to read another key range.
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Doc } from "./dynamo.ts";
import { z } from "@hono/zod-openapi";
import { field, rejected } from "./domain-error.ts";

export function encodeCursor(sortKey: string): string {
  return btoa(sortKey).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string, expectedPrefix: string): string {
  try {
    const padded = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const key = atob(padded + "=".repeat((4 - (padded.length % 4)) % 4));
    if (key.startsWith(expectedPrefix)) return key;
  } catch { /* fall through to the 422 below */ }
  throw rejected(
    "INVALID_CURSOR",
    "cursor: is not a valid pagination cursor",
    field("cursor", "is not a valid pagination cursor"),
  );
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

export interface Page<T = Record<string, unknown>> {
  items: T[];
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

const LIMIT_MESSAGE = "limit must be between 1 and 100";

/** The paging query every list accepts: `limit` (1-100), an opaque `cursor`, compatibility `offset`. */
export const pageQueryShape = {
  limit: z.coerce.number({ error: "limit must be an integer" }).int("limit must be an integer")
    .min(1, LIMIT_MESSAGE).max(100, LIMIT_MESSAGE).default(50),
  cursor: z.string().max(512).optional(),
  offset: z.coerce.number({ error: "offset must be an integer" }).int("offset must be an integer").min(0)
    .max(10000).optional(),
};

/** The paging fields every list answers with. */
export const pageResponseShape = { has_more: z.boolean(), next_cursor: z.string().nullable() };

export const pageFields = (p: Page<unknown>) => ({ has_more: p.hasMore, next_cursor: p.nextCursor });
