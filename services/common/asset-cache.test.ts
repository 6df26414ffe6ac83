// The asset cache against the real DynamoDB Local and Redis: a table of its own, invalidations
// published on the real `prices` / `assets` channels. Reads are counted by a pass-through wrapper
// around the real document client.
import assert from "node:assert/strict";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { createAssetCache } from "./asset-cache.ts";
import { CATALOG_PARTITION, catalogSortKey } from "./catalog.ts";
import { createDynamoClient, type Doc } from "./dynamo.ts";
import { CHANNELS } from "./events.ts";
import { keys } from "./keys.ts";
import { createRedis } from "./redis.ts";
import { createTable, testInfra, until } from "./testing.ts";

const infra = testInfra();
const table = await createTable(
  createDynamoClient({ AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: Deno.env.get("DYNAMODB_ENDPOINT")! }),
  "asset-cache",
);

/** Stores one catalog asset (price as an exact DynamoDB number). */
function putAsset(assetId: string, price: string, rank: number, isActive = true) {
  return infra.doc.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...keys.asset(assetId),
        GSI1PK: CATALOG_PARTITION,
        GSI1SK: catalogSortKey(rank, assetId),
        asset_id: assetId,
        name: assetId,
        price_usd: price,
        is_active: isActive,
      },
    }),
  );
}

/** The real client, counting calls; `beforeReturn` runs after DynamoDB answered, before the caller sees it. */
function countingDoc(hooks: { reads: number; beforeReturn?: () => void }): Doc {
  return {
    send: async (cmd: Parameters<Doc["send"]>[0]) => {
      hooks.reads++;
      const out = await infra.doc.send(cmd);
      hooks.beforeReturn?.();
      return out;
    },
  } as unknown as Doc;
}

/** A cache on a live subscription: waits (by signal, bounded) until a repeated read is a hit. */
async function liveCache(hooks: { reads: number; beforeReturn?: () => void }) {
  const subscriber = createRedis(Deno.env.get("REDIS_URL")!, "subscriber");
  const cache = createAssetCache({ doc: countingDoc(hooks), table, subscriber, ttlMs: 60_000 });
  await until("the cache is subscribed", async () => {
    await cache.get("BTC");
    const before = hooks.reads;
    await cache.get("BTC");
    return hooks.reads === before;
  });
  return cache;
}

const publish = (channel: string, assetId: string) =>
  infra.redis.publish(channel, JSON.stringify({ asset_id: assetId }));

Deno.test("asset cache: hits while subscribed, a published price change invalidates, a dropped subscription reads through", async () => {
  await putAsset("BTC", "50000", 1);
  const hooks = { reads: 0 };
  const cache = await liveCache(hooks);
  try {
    const reads = hooks.reads;
    assert.equal((await cache.get("BTC"))!.price.toFixed(), "50000");
    assert.equal(hooks.reads, reads, "a hit");

    await putAsset("BTC", "51000.25", 1);
    await publish(CHANNELS.prices, "BTC");
    await until("the change is seen", async () => (await cache.get("BTC"))!.price.toFixed() === "51000.25");

    cache.close(); // the subscription is gone: nothing may be served from memory any more
    await until("the subscriber is closed", async () => {
      const before = hooks.reads;
      await cache.get("BTC");
      return hooks.reads === before + 1;
    });
    const before = hooks.reads;
    await cache.get("BTC");
    await cache.get("BTC");
    assert.equal(hooks.reads, before + 2, "no caching without a live subscription");
  } finally {
    cache.close();
  }
});

Deno.test("asset cache: getMany reads only the ids it does not hold, in one BatchGet", async () => {
  await putAsset("BTC", "50000", 1);
  await putAsset("ETH", "3000.5", 2);
  const hooks = { reads: 0 };
  const cache = await liveCache(hooks); // BTC is cached now
  try {
    const before = hooks.reads;
    const got = await cache.getMany(["BTC", "ETH", "NOPE", "ETH"]);
    assert.deepEqual([...got.keys()].sort(), ["BTC", "ETH"]);
    assert.equal(got.get("ETH")!.price.toFixed(), "3000.5");
    assert.equal(hooks.reads, before + 1, "one BatchGet for ETH and NOPE");
    await cache.getMany(["BTC", "ETH"]);
    assert.equal(hooks.reads, before + 1, "both hits now");
    await cache.getMany(["NOPE"]);
    assert.equal(
      hooks.reads,
      before + 2,
      "an unknown id is asked again (BatchGet may have left it unprocessed)",
    );
  } finally {
    cache.close();
  }
});

Deno.test("asset cache: the catalog listing is cached; an activation message or the writer's forget() drops it", async () => {
  await putAsset("BTC", "50000", 1);
  await putAsset("SOL", "150", 5);
  const hooks = { reads: 0 };
  const cache = await liveCache(hooks);
  try {
    const first = await cache.list();
    assert.ok(first.some((a) => a.asset_id === "SOL" && a.is_active === true));
    const before = hooks.reads;
    assert.equal(await cache.list(), first, "a hit returns the same list");
    assert.equal(hooks.reads, before);

    await putAsset("SOL", "150", 5, false);
    await publish(CHANNELS.assets, "SOL");
    await until(
      "the deactivation is seen",
      async () => (await cache.list()).some((a) => a.asset_id === "SOL" && a.is_active === false),
    );

    await putAsset("SOL", "151", 5, true);
    cache.forget("SOL"); // the inventory service, after its own write, before it answers
    assert.ok((await cache.list()).some((a) => a.asset_id === "SOL" && String(a.price_usd) === "151"));
  } finally {
    cache.close();
  }
});

Deno.test("asset cache: a read that overlaps an invalidation is not cached", async () => {
  await putAsset("BTC", "50000", 1);
  const hooks: { reads: number; beforeReturn?: () => void } = { reads: 0 };
  const cache = await liveCache(hooks);
  try {
    cache.forget("BTC");
    // The change lands (and is announced) while our read is in flight: its result may be stale.
    hooks.beforeReturn = () => cache.forget("BTC");
    await cache.get("BTC");
    hooks.beforeReturn = undefined;
    await putAsset("BTC", "52000", 1);
    assert.equal((await cache.get("BTC"))!.price.toFixed(), "52000", "the overlapped read was not kept");
  } finally {
    cache.close();
  }
});

Deno.test("asset cache: ASSET_CACHE_MS=0 always reads", async () => {
  await putAsset("BTC", "1", 1);
  const hooks = { reads: 0 };
  const subscriber = createRedis(Deno.env.get("REDIS_URL")!, "subscriber");
  const cache = createAssetCache({ doc: countingDoc(hooks), table, subscriber, ttlMs: 0 });
  try {
    await cache.get("BTC");
    await cache.get("BTC");
    await cache.list();
    await cache.list();
    assert.equal(hooks.reads, 4);
  } finally {
    subscriber.disconnect();
  }
});

globalThis.addEventListener("unload", () => infra.close());
