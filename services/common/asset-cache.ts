// Asset reads cached in-process and invalidated by the inventory service's Redis messages
// (`prices` on every price change, `assets` on (de)activation): the order path's price lookup, the
// portfolio's prices and the public catalog listing. Without it each of those is a DynamoDB read per
// request, and DynamoDB (Local, here) is most of a loaded stack's CPU (docs/benchmarks.md § Load).
// Safety: the cache is used only while the subscription is live — if the subscriber connection
// drops, every lookup reads DynamoDB again until it is back — and entries also expire after
// ASSET_CACHE_MS as a backstop. ASSET_CACHE_MS=0 turns caching off. The inventory service, the one
// writer, also calls forget() itself after its own writes, so it never answers with what it replaced.
import type { Redis } from "ioredis";
import { type Asset, getAsset, getAssets, listCatalog } from "./catalog.ts";
import type { Doc } from "./dynamo.ts";
import { CHANNELS } from "./events.ts";
import type { Logger } from "./logger.ts";

export const INVALIDATION_CHANNELS = [CHANNELS.prices, CHANNELS.assets] as const;

export interface AssetLookup {
  get(assetId: string): Promise<Asset | undefined>;
  /** The assets that exist among `ids` (one BatchGet for the ones not cached). */
  getMany(ids: string[]): Promise<Map<string, Asset>>;
  /** Every catalog item (raw, as stored), in rank order; callers must not mutate it. */
  list(): Promise<readonly Record<string, unknown>[]>;
  /** Drop one asset (and the listing), or everything. */
  forget(assetId?: string): void;
  close(): void;
}

export interface AssetCacheOptions {
  doc: Doc;
  table: string;
  /** A connection of its own: a subscribed Redis client can run no other command. */
  subscriber?: Redis;
  ttlMs: number;
  log?: Logger;
}

/** Reads straight from the table every time (no subscriber, or ASSET_CACHE_MS=0). */
function uncached(doc: Doc, table: string): AssetLookup {
  return {
    get: (id) => getAsset(doc, table, id),
    getMany: (ids) => getAssets(doc, table, ids),
    list: () => listCatalog(doc, table),
    forget: () => {},
    close: () => {},
  };
}

// Long by design: one factory closing over the cache state; each function inside is short.
export function createAssetCache(o: AssetCacheOptions): AssetLookup {
  const { doc, table, subscriber, ttlMs } = o;
  if (!subscriber || ttlMs <= 0) return uncached(doc, table);
  const entries = new Map<string, { asset: Asset | undefined; at: number }>();
  let listing: { items: readonly Record<string, unknown>[]; at: number } | undefined;
  // Bumped by every invalidation: a read that overlapped one is not cached (it may predate it).
  let generation = 0;
  let live = false;
  const forget = (assetId?: string) => {
    generation++;
    listing = undefined;
    if (assetId === undefined) entries.clear();
    else entries.delete(assetId);
  };
  const fresh = (at: number, now: number) => now - at < ttlMs;

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
    }).catch((err) => o.log?.warn({ err: String(err) }, "asset cache: subscribe failed; reading through"));
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
      if (hit && fresh(hit.at, now)) return hit.asset;
      const before = generation;
      const asset = await getAsset(doc, table, assetId);
      if (live && generation === before) entries.set(assetId, { asset, at: now });
      return asset;
    },
    async getMany(ids) {
      const now = Date.now();
      const out = new Map<string, Asset>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const hit = live ? entries.get(id) : undefined;
        if (hit && fresh(hit.at, now)) {
          if (hit.asset) out.set(id, hit.asset);
        } else missing.push(id);
      }
      if (missing.length === 0) return out;
      const before = generation;
      const found = await getAssets(doc, table, missing);
      // Only what was found is remembered: an id BatchGet left unprocessed must be asked again.
      for (const [id, asset] of found) {
        out.set(id, asset);
        if (live && generation === before) entries.set(id, { asset, at: now });
      }
      return out;
    },
    async list() {
      const now = Date.now();
      if (live && listing && fresh(listing.at, now)) return listing.items;
      const before = generation;
      const items = await listCatalog(doc, table);
      if (live && generation === before) listing = { items, at: now };
      return items;
    },
    forget,
    close: () => subscriber.disconnect(),
  };
}
