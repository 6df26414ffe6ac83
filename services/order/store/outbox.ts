// The outbox as the relay sees it: the oldest unpublished events of one shard, and their removal
// once they are on a Redis Stream (retention: none in DynamoDB — the stream and the orders, ledger
// and asset transactions are the record; docs/events.md).
import { BatchWriteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Doc } from "../../common/dynamo.ts";
import { keys, PREFIX } from "../../common/keys.ts";
import { retryOnError } from "../../common/retry.ts";

/** Some deletes were throttled: retry those. */
class Unprocessed extends Error {}

export interface OutboxEntry {
  shard: number;
  eventId: string;
  username: string;
  type: string;
  payload: string;
  createdAt: string;
}

export function createOutboxStore(doc: Doc, table: string) {
  return {
    /** Up to `limit` events of `shard`, oldest first (event ids sort by time). */
    async oldest(shard: number, limit: number): Promise<OutboxEntry[]> {
      const pk = keys.outboxEvent(shard, "").PK;
      const r = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :evt)",
          ExpressionAttributeValues: { ":pk": pk, ":evt": PREFIX.outboxEvent },
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => ({
        shard,
        eventId: String(i.event_id),
        username: String(i.username),
        type: String(i.event_type),
        payload: String(i.payload),
        createdAt: String(i.created_at),
      }));
    },

    /** Delete published events (25 per batch; unprocessed items retried, deleting twice is harmless). */
    async remove(entries: OutboxEntry[]): Promise<void> {
      for (let i = 0; i < entries.length; i += 25) {
        let requests: Record<string, unknown[]> = {
          [table]: entries.slice(i, i + 25).map((e) => ({
            DeleteRequest: { Key: keys.outboxEvent(e.shard, e.eventId) },
          })),
        };
        await retryOnError(
          (e) => e instanceof Unprocessed,
          { maxAttempts: 8, initialDelayMs: 20, maxDelayMs: 500 },
          async () => {
            const r = await doc.send(new BatchWriteCommand({ RequestItems: requests as never }));
            const left = r.UnprocessedItems ?? {};
            if (Object.keys(left).length === 0) return;
            requests = left as never;
            throw new Unprocessed();
          },
        );
      }
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
