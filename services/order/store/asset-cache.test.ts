import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import type { Doc } from "../../common/dynamo.ts";
import { createAssetCache } from "./asset-cache.ts";

/** A doc client whose asset price is whatever `state.price` says; counts reads. */
function fakeDoc(state: { price: string; reads: number; beforeReturn?: () => void }) {
  return {
    send: () => {
      state.reads++;
      const item = { asset_id: "BTC", price_usd: { value: state.price }, is_active: true };
      state.beforeReturn?.();
      return Promise.resolve({ Item: item });
    },
  } as unknown as Doc;
}

function fakeSubscriber() {
  const em = new EventEmitter() as EventEmitter & { status: string; subscribe: () => Promise<void> };
  em.status = "ready";
  em.subscribe = () => Promise.resolve();
  return em;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("asset cache: hits while subscribed, a published change invalidates, a dropped subscription reads through", async () => {
  const state = { price: "50000", reads: 0 };
  const sub = fakeSubscriber();
  const cache = createAssetCache(fakeDoc(state), "t", sub as unknown as Redis, 60_000);
  await tick();
  assert.equal((await cache.get("BTC"))!.price.toFixed(), "50000");
  await cache.get("BTC");
  assert.equal(state.reads, 1, "second lookup is a hit");

  state.price = "51000";
  sub.emit("message", "prices", JSON.stringify({ asset_id: "BTC", price: "51000" }));
  assert.equal((await cache.get("BTC"))!.price.toFixed(), "51000");
  assert.equal(state.reads, 2);

  sub.emit("close");
  await cache.get("BTC");
  await cache.get("BTC");
  assert.equal(state.reads, 4, "no caching without a live subscription");
});

Deno.test("asset cache: a read that overlaps an invalidation is not cached", async () => {
  const state: { price: string; reads: number; beforeReturn?: () => void } = { price: "50000", reads: 0 };
  const sub = fakeSubscriber();
  const cache = createAssetCache(fakeDoc(state), "t", sub as unknown as Redis, 60_000);
  await tick();
  // The change lands (and is announced) while our read is in flight: its result may be stale.
  state.beforeReturn = () => sub.emit("message", "prices", JSON.stringify({ asset_id: "BTC" }));
  await cache.get("BTC");
  state.beforeReturn = undefined;
  state.price = "52000";
  assert.equal((await cache.get("BTC"))!.price.toFixed(), "52000");
  assert.equal(state.reads, 2);
});

Deno.test("asset cache: ASSET_CACHE_MS=0 always reads", async () => {
  const state = { price: "1", reads: 0 };
  const cache = createAssetCache(fakeDoc(state), "t", fakeSubscriber() as unknown as Redis, 0);
  await cache.get("BTC");
  await cache.get("BTC");
  assert.equal(state.reads, 2);
});
