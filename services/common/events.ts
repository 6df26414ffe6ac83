// THE cross-service contracts that travel through Redis or the outbox: event types and their
// shape (zod), stream names and Pub/Sub channel names. Producers and consumers import them from
// here; nothing else spells them.
import { z } from "@hono/zod-openapi";
import type { TransactItem } from "./dynamo.ts";
import { sortableId } from "./ids.ts";
import { keys } from "./keys.ts";

/** Redis Streams (durable, consumer groups, resumable by id). */
export const STREAMS = {
  /** Every price change (inventory → order worker, live dashboards). */
  prices: "prices",
  /** Order events relayed from the outbox, partitioned by user (one user's events in one stream). */
  events: (partition: number) => `events:p${partition}`,
  /** Messages a consumer group gave up on, with the error and delivery count (admin redrive). */
  deadLetters: "events:dead-letters",
  /** One user's recent events (capped), read by live notifications with Last-Event-ID replay. */
  userEvents: (username: string) => `user-events:${username}`,
  /** Async order commands of one table, partitioned by user so each user's commands stay FIFO. */
  intake: (table: string, partition: number) => `orders:intake:${table}:p${partition}`,
} as const;

/** A stable partition for `key` among `n` (FNV-1a): one user always maps to the same stream/shard. */
export function partitionOf(key: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

/** Redis Pub/Sub channels (cheap fan-out, lost when nobody listens). */
export const CHANNELS = {
  /** A price changed: payload is a PriceChange; order services drop their cached asset. */
  prices: "prices",
  /** An asset was (de)activated. */
  assets: "assets",
  /** A user has a new event in their `userEvents` stream (payload: the event id). */
  userEvents: (username: string) => `user-events:${username}`,
  /**
   * Something was written to a table's outbox: relays poll now instead of at their next idle poll.
   * Payload: the outbox shard written (`partitionOf(username, OUTBOX_SHARDS)`), or empty for "any".
   */
  outboxWritten: (table: string) => `outbox-written:${table}`,
  /** A token was revoked (logout): every process adds its jti to its in-memory list. */
  revocations: "revocations",
} as const;

/** Redis keys of revoked tokens: `revoked:<jti>` (value: its exp, epoch seconds; TTL until then). */
export const REVOKED_KEY_PREFIX = "revoked:";
export const revokedKey = (jti: string) => `${REVOKED_KEY_PREFIX}${jti}`;

/** The latest price of an asset as a plain key (upstream's `price:<ID>`). */
export const latestPriceKey = (assetId: string) => `price:${assetId}`;

export const ORDER_EVENT_TYPES = [
  "order.accepted",
  "order.completed",
  "order.filled",
  "order.cancelled",
  "order.expired",
  "order.rejected",
  "balance.changed",
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

// The order vocabulary every service shares (the order domain re-exports it; docs/orders.md).
export const ORDER_TYPES = ["market_buy", "market_sell", "limit_buy", "limit_sell"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
// Market orders: completed (upstream's name). Limit orders: pending → filled | cancelled | expired.
// Async intake: accepted → one of those, or rejected. Final states never change.
export const ORDER_STATUSES = [
  "accepted",
  "pending",
  "completed",
  "filled",
  "cancelled",
  "expired",
  "rejected",
  "failed",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order as the API shows it (decimal strings). */
export const orderViewSchema = z.object({
  order_id: z.string(),
  order_type: z.enum(ORDER_TYPES),
  asset_id: z.string(),
  quantity: z.string(),
  price: z.string(),
  status: z.enum(ORDER_STATUSES),
  total_amount: z.string(),
  created_at: z.string(),
  limit_price: z.string().nullable(),
  filled_price: z.string().nullable(),
  filled_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  /** Only on a `rejected` async order: the problem it was rejected with. */
  rejection: z.object({ code: z.string(), detail: z.string() }).optional(),
});
export type OrderViewData = z.infer<typeof orderViewSchema>;

/** One domain event, as written to the outbox and later relayed to streams. */
export const orderEventSchema = z.object({
  event_id: z.string(),
  type: z.enum(ORDER_EVENT_TYPES),
  username: z.string(),
  order_id: z.string(),
  correlation_id: z.string().optional(),
  order: orderViewSchema,
  occurred_at: z.string(),
});
export type OrderEvent = z.infer<typeof orderEventSchema>;

/** The outbox item for `event`, for the same transaction as the change it reports. */
export function outboxPut(table: string, event: OrderEvent, shards: number): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        // One user's events share a shard, so the relay reads them in the order they were written.
        ...keys.outboxEvent(partitionOf(event.username, shards), event.event_id),
        entity: "outbox_event",
        event_id: event.event_id,
        event_type: event.type,
        aggregate_id: event.order_id,
        username: event.username,
        payload: JSON.stringify(orderEventSchema.parse(event)),
        created_at: event.occurred_at,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

export const newEventId = () => sortableId("evt");
