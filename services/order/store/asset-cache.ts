// Asset lookups for the order path, cached in-process and invalidated by the inventory service's
// Redis messages (`prices` on every price change, `assets` on (de)activation). A strongly
// consistent GetItem per order is otherwise the only read on the order path.
// Safety: the cache is used only while the subscription is live — if the subscriber connection
// drops, every lookup reads DynamoDB again until it is back — and entries also expire after
// ASSET_CACHE_MS as a backstop. ASSET_CACHE_MS=0 turns caching off.
import type { Redis } from "ioredis";
import { type Asset, getAsset } from "../../common/catalog.ts";
import type { Doc } from "../../common/dynamo.ts";
import { CHANNELS } from "../../common/events.ts";
import type { Logger } from "../../common/logger.ts";

export const INVALIDATION_CHANNELS = [CHANNELS.prices, CHANNELS.assets] as const;

export interface AssetLookup {
  get(assetId: string): Promise<Asset | undefined>;
  close(): void;
}

export function createAssetCache(
  doc: Doc,
  table: string,
  subscriber: Redis | undefined,
  ttlMs: number,
  log?: Logger,
): AssetLookup {
  if (!subscriber || ttlMs <= 0) return { get: (id) => getAsset(doc, table, id), close: () => {} };
  const entries = new Map<string, { asset: Asset | undefined; at: number }>();
  // Bumped by every invalidation: a read that overlapped one is not cached (it may predate it).
  let generation = 0;
  let live = false;
  const forget = (assetId?: string) => {
    generation++;
    if (assetId === undefined) entries.clear();
    else entries.delete(assetId);
  };

  subscriber.on("message", (_channel: string, message: string) => {
    try {
      forget(String(JSON.parse(message).asset_id));
    } catch {
      forget(); // unreadable message: drop everything rather than risk a stale price
    }
  });
  // Anything published while we were not subscribed is lost: forget everything on (re)subscribe.
  const subscribe = () =>
    subscriber.subscribe(...INVALIDATION_CHANNELS).then(() => {
      forget();
      live = true;
    }).catch((err) => log?.warn({ err: String(err) }, "asset cache: subscribe failed; reading through"));
  subscriber.on("ready", subscribe);
  for (const ev of ["close", "end", "error", "reconnecting"]) {
    subscriber.on(ev, () => {
      live = false;
      forget();
    });
  }
  if (subscriber.status === "ready") subscribe();

  return {
    async get(assetId) {
      const now = Date.now();
      const hit = live ? entries.get(assetId) : undefined;
      if (hit && now - hit.at < ttlMs) return hit.asset;
      const before = generation;
      const asset = await getAsset(doc, table, assetId);
      if (live && generation === before) entries.set(assetId, { asset, at: now });
      return asset;
    },
    close: () => subscriber.disconnect(),
  };
}
