// The outbox relay against real DynamoDB Local + Redis, in a table of its own: two relay instances
// at once move every event to its user's partition stream (at least once, one user's events in the
// order written) and empty the outbox.
import assert from "node:assert/strict";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { createDocClient, createDynamoClient, type Doc, transactWrite } from "../common/dynamo.ts";
import { newEventId, partitionOf, STREAMS } from "../common/events.ts";
import { fieldsOf } from "../common/dead-letters.ts";
import { createLeases } from "../common/lease.ts";
import { createLogger } from "../common/logger.ts";
import { createRedis } from "../common/redis.ts";
import { createTable } from "../common/testing.ts";
import { Big } from "../common/money.ts";
import { orderView } from "./domain/order.ts";
import { createRelay } from "./relay.ts";
import { eventPut } from "./store/order-items.ts";
import { createOutboxStore, type OutboxStore } from "./store/outbox.ts";

const SHARDS = 4;
const PARTITIONS = 8;
const view = (orderId: string) =>
  orderView({
    orderId,
    orderType: "market_buy",
    assetId: "BTC",
    quantity: new Big("0.1"),
    price: new Big("50000"),
    status: "completed",
    total: new Big("5000"),
    createdAt: new Date().toISOString(),
  });

Deno.test("relay: two instances move 300 events from 10 users, in order per user, then the outbox is empty", async () => {
  const storeCfg = { AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: Deno.env.get("DYNAMODB_ENDPOINT") };
  const dynamo = createDynamoClient(storeCfg);
  const doc = createDocClient(storeCfg);
  const redis = createRedis(Deno.env.get("REDIS_URL")!);
  const table = await createTable(dynamo, "op-relay");
  const users = Array.from({ length: 10 }, (_, i) => `relay_${i}_${crypto.randomUUID().slice(0, 6)}`);
  const relays = [0, 1].map(() =>
    createRelay({
      outbox: createOutboxStore(doc, table),
      redis,
      leases: createLeases(redis, { prefix: `relay:${table}`, ttlMs: 5000 }),
      shards: SHARDS,
      partitions: PARTITIONS,
      maxLen: 100000,
      pollMs: 20,
      batch: 7,
      log: createLogger("test", "silent"),
    })
  );
  try {
    const written = new Map<string, string[]>(users.map((u) => [u, []]));
    // Each user's 30 events one after another (as under the user's lock); users in parallel.
    await Promise.all(users.map(async (u) => {
      for (let i = 0; i < 30; i++) {
        written.get(u)!.push(await writeEvent(doc, table, u));
      }
    }));
    relays.forEach((r) => r.start());
    const outbox = createOutboxStore(doc, table);
    const empty = async () =>
      (await Promise.all(Array.from({ length: SHARDS }, (_, s) => outbox.oldest(s, 1)))).every((x) =>
        !x.length
      );
    for (let i = 0; i < 600 && !(await empty()); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(await empty(), "the outbox is drained");

    for (const u of users) {
      const entries = (await redis.xrange(STREAMS.events(partitionOf(u, PARTITIONS)), "-", "+")) as [
        string,
        string[],
      ][];
      const seen = entries.map(([, f]) => fieldsOf(f)).filter((f) => f.username === u).map((f) => f.event_id);
      // At least once: drop repeats (a consumer does the same by event id), keep first sightings.
      assert.deepEqual([...new Set(seen)], written.get(u), `${u}: every event, in the order written`);
    }
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
    await dynamo.send(new DeleteTableCommand({ TableName: table }));
    redis.disconnect();
    dynamo.destroy();
  }
});

/** Commit one `order.filled` outbox event of `username` (as an order would); returns its event id. */
async function writeEvent(doc: Doc, table: string, username: string): Promise<string> {
  const eventId = newEventId();
  await transactWrite(doc, {
    outbox: eventPut(table, SHARDS, {
      eventId,
      type: "order.filled",
      username,
      view: view(`order_${eventId.slice(4)}`),
      at: new Date().toISOString(),
    }),
  });
  return eventId;
}

/** A relay in a table of its own whose timer never fires in a test: only wake() runs passes. */
async function wakeOnlyRelay(
  name: string,
  wrap = (o: OutboxStore): Pick<OutboxStore, "oldest" | "remove"> => o,
) {
  const storeCfg = { AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: Deno.env.get("DYNAMODB_ENDPOINT") };
  const dynamo = createDynamoClient(storeCfg);
  const doc = createDocClient(storeCfg);
  const redis = createRedis(Deno.env.get("REDIS_URL")!);
  const table = await createTable(dynamo, name);
  const store = createOutboxStore(doc, table);
  const relay = createRelay({
    outbox: wrap(store),
    redis,
    leases: createLeases(redis, { prefix: `relay:${table}`, ttlMs: 120_000 }),
    shards: SHARDS,
    partitions: PARTITIONS,
    maxLen: 100000,
    pollMs: 60_000,
    idleMaxMs: 60_000,
    log: createLogger("test", "silent"),
  });
  const close = async () => {
    await relay.stop();
    await dynamo.send(new DeleteTableCommand({ TableName: table }));
    redis.disconnect();
    dynamo.destroy();
  };
  return { doc, redis, table, store, relay, close };
}

Deno.test("relay: an idle relay (next poll a minute away) relays at once when woken", async () => {
  const { doc, redis, table, relay, close } = await wakeOnlyRelay("op-relay-wake");
  const user = `wake_${crypto.randomUUID().slice(0, 8)}`;
  const stream = STREAMS.events(partitionOf(user, PARTITIONS));
  const mine = async () =>
    ((await redis.xrange(stream, "-", "+")) as [string, string[]][]).map(([, f]) => fieldsOf(f))
      .filter((f) => f.username === user).map((f) => f.event_id);
  try {
    relay.start();
    await relay.relayOnce(); // the start pass has run (or is running): the outbox is empty now
    const eventId = await writeEvent(doc, table, user);
    relay.wake();
    for (let i = 0; i < 600 && !(await mine()).length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await mine(), [eventId]);
  } finally {
    await close();
  }
});

Deno.test("relay: a wake that names a shard reads only that shard; one without a name sweeps them all", async () => {
  const read: number[] = [];
  const { doc, table, store, relay, close } = await wakeOnlyRelay("op-relay-shard", (o) => ({
    oldest: (s, n) => (read.push(s), o.oldest(s, n)),
    remove: o.remove,
  }));
  const user = `shard_${crypto.randomUUID().slice(0, 8)}`;
  const shard = partitionOf(user, SHARDS);
  try {
    relay.start();
    await relay.settled();
    read.length = 0;
    await writeEvent(doc, table, user);
    relay.wake(shard);
    await relay.settled();
    assert.deepEqual(read, [shard]);
    assert.equal(await store.oldest(shard, 10).then((x) => x.length), 0);
    read.length = 0;
    relay.wake();
    await relay.settled();
    assert.deepEqual([...read].sort(), Array.from({ length: SHARDS }, (_, s) => s));
  } finally {
    await close();
  }
});
