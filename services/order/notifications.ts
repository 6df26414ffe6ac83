// The notification fan-out: a consumer group ("notifications") over the event partition streams
// that copies each user's events into their own capped stream `user-events:<username>` (the live
// feed the gateway's SSE/WebSocket endpoints read, with Last-Event-ID replay over its window) and
// pings the user's Pub/Sub channel so a listening gateway wakes at once.
import type { Redis } from "ioredis";
import { CHANNELS, orderEventSchema, STREAMS } from "../common/events.ts";
import type { Logger } from "../common/logger.ts";
import { createStreamConsumer, type StreamMessage } from "../common/stream-consumer.ts";

export const NOTIFICATIONS_GROUP = "notifications";

export interface NotificationOptions {
  redis: Redis;
  partitions: number;
  /** Events kept per user (XADD MAXLEN ~): the replay window. */
  userMaxLen: number;
  maxDeliveries: number;
  claimIdleMs: number;
  consumer: string;
  log: Logger;
}

/** Copy one event into its user's feed; a malformed event throws (→ retried, then dead-lettered). */
export async function fanOut(redis: Redis, userMaxLen: number, m: StreamMessage): Promise<void> {
  const event = orderEventSchema.parse(JSON.parse(m.fields.payload ?? ""));
  const stream = STREAMS.userEvents(event.username);
  await redis.multi()
    .xadd(
      stream,
      "MAXLEN",
      "~",
      String(userMaxLen),
      "*",
      "event_id",
      event.event_id,
      "payload",
      m.fields.payload,
    )
    .publish(CHANNELS.userEvents(event.username), event.event_id)
    .exec();
}

export function createNotificationFanOut(o: NotificationOptions) {
  // The blocking reads get their own connection; the writes use the shared one.
  const reader = o.redis.duplicate();
  const consumer = createStreamConsumer({
    redis: reader,
    streams: Array.from({ length: o.partitions }, (_, k) => STREAMS.events(k)),
    group: NOTIFICATIONS_GROUP,
    consumer: o.consumer,
    handle: (m) => fanOut(o.redis, o.userMaxLen, m),
    maxDeliveries: o.maxDeliveries,
    claimIdleMs: o.claimIdleMs,
    log: o.log,
  });
  return {
    start: () => consumer.start(),
    async stop() {
      await consumer.stop();
      reader.disconnect();
    },
  };
}
