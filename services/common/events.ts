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
} as const;

/** Redis Pub/Sub channels (cheap fan-out, lost when nobody listens). */
export const CHANNELS = {
  /** A price changed: payload is a PriceChange; order services drop their cached asset. */
  prices: "prices",
  /** An asset was (de)activated. */
  assets: "assets",
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

/** An order as the API shows it (decimal strings). */
export const orderViewSchema = z.object({
  order_id: z.string(),
  order_type: z.string(),
  asset_id: z.string(),
  quantity: z.string(),
  price: z.string(),
  status: z.string(),
  total_amount: z.string(),
  created_at: z.string(),
  limit_price: z.string().nullable(),
  filled_price: z.string().nullable(),
  filled_at: z.string().nullable(),
  expires_at: z.string().nullable(),
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
        ...keys.outboxEvent(Math.floor(Math.random() * shards), event.event_id),
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
