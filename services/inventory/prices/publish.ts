// Every price change goes out on Redis for the order worker (limit-order matching) and live
// dashboards: a capped Stream `prices` (durable, consumer groups, resumable by id), a Pub/Sub
// message on channel `prices` (cheap fan-out; order services invalidate cached assets), and `price:<ID>` (latest price, upstream's key).
// The change is already stored (asset item + history) before this runs, so a Redis outage only
// delays consumers; they can catch up from the history items.
import type { Redis } from "ioredis";
import type { Logger } from "../../common/logger.ts";
import type { PriceChange } from "../store/assets.ts";

import { CHANNELS, latestPriceKey, STREAMS } from "../../common/events.ts";

const STREAM_MAXLEN = 100_000;

export function createPricePublisher(redis: Redis, log: Logger) {
  return async function publishPrice(change: PriceChange): Promise<void> {
    const json = JSON.stringify(change);
    try {
      await redis.multi()
        .xadd(
          STREAMS.prices,
          "MAXLEN",
          "~",
          String(STREAM_MAXLEN),
          "*",
          "asset_id",
          change.asset_id,
          "price",
          change.price,
          "previous",
          change.previous,
          "source",
          change.source,
          "at",
          change.at,
        )
        .publish(CHANNELS.prices, json)
        .set(
          latestPriceKey(change.asset_id),
          JSON.stringify({ asset_id: change.asset_id, price: change.price, updated_at: change.at }),
        )
        .exec();
    } catch (err) {
      log.warn({ err: String(err), asset_id: change.asset_id }, "price change stored but not published");
    }
  };
}

export type PublishPrice = ReturnType<typeof createPricePublisher>;

/** Activation changes go out on channel `assets` (order services drop their cached copy). */
export async function publishAssetChange(
  redis: Redis,
  log: Logger,
  change: { asset_id: string; is_active: boolean; at: string },
): Promise<void> {
  try {
    await redis.publish(CHANNELS.assets, JSON.stringify(change));
  } catch (err) {
    log.warn({ err: String(err), asset_id: change.asset_id }, "asset change stored but not published");
  }
}
