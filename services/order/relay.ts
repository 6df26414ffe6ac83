// The outbox relay (runs inside the order worker): moves outbox events from DynamoDB to the Redis
// Streams `events:p<k>` (k = hash(username) mod EVENT_PARTITIONS), then deletes them from the outbox.
// Per shard: one relay at a time (a Redis lease per shard), oldest first, so one user's events —
// always in one shard and one stream — keep their order. A crash between XADD and the delete
// publishes those events again: delivery is at-least-once and consumers dedupe by event_id.
import client from "prom-client";
import type { Redis } from "ioredis";
import { partitionOf, STREAMS } from "../common/events.ts";
import type { Leases } from "../common/lease.ts";
import type { Logger } from "../common/logger.ts";
import { registry } from "../common/metrics.ts";
import { createWakeLoop, type Timers } from "../common/wake-loop.ts";
import type { OutboxEntry, OutboxStore } from "./store/outbox.ts";

const published = new client.Counter({
  name: "events_published_total",
  help: "Outbox events relayed to Redis Streams",
  labelNames: ["type"],
  registers: [registry],
});
const polls = new client.Counter({
  name: "relay_polls_total",
  help: "Relay passes over the outbox shards (idle backoff keeps this low when nothing happens)",
  registers: [registry],
});
const oldestUnpublished = new Map<number, number>(); // shard → created_at (ms) of its oldest event
new client.Gauge({
  name: "relay_lag_seconds",
  help: "Age of the oldest unpublished outbox event (as of the last poll of its shard)",
  registers: [registry],
  collect() {
    const oldest = Math.min(...oldestUnpublished.values());
    this.set(Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0);
  },
});

export interface RelayOptions {
  outbox: Pick<OutboxStore, "oldest" | "remove">;
  redis: Redis;
  leases: Pick<Leases, "hold" | "release">;
  shards: number;
  partitions: number;
  /** Approximate cap of each partition stream (XADD MAXLEN ~). */
  maxLen: number;
  /** Poll period while busy (and the first idle wait). */
  pollMs: number;
  /** Idle backoff cap: with nothing to relay the period doubles up to this. */
  idleMaxMs?: number;
  timers?: Timers;
  batch?: number;
  log: Logger;
}

/** XADD every entry to its user's partition stream in one round trip; throws if any failed. */
async function publish(o: RelayOptions, entries: OutboxEntry[]): Promise<void> {
  const pipe = o.redis.pipeline();
  for (const e of entries) {
    pipe.xadd(
      STREAMS.events(partitionOf(e.username, o.partitions)),
      "MAXLEN",
      "~",
      String(o.maxLen),
      "*",
      "event_id",
      e.eventId,
      "type",
      e.type,
      "username",
      e.username,
      "payload",
      e.payload,
    );
  }
  const results = (await pipe.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed || results.length !== entries.length) throw failed?.[0] ?? new Error("XADD pipeline aborted");
}

// Long by design: a factory closing over the relay's loop state; each function inside is short.
export function createRelay(o: RelayOptions) {
  const batch = o.batch ?? 100;

  /** Relay one shard until it is empty (or the lease is lost); returns how many were published. */
  async function drainShard(shard: number): Promise<number> {
    let count = 0;
    while (await o.leases.hold(`outbox:${shard}`)) {
      const entries = await o.outbox.oldest(shard, batch);
      if (entries.length === 0) {
        oldestUnpublished.delete(shard);
        break;
      }
      oldestUnpublished.set(shard, Date.parse(entries[0].createdAt));
      await publish(o, entries);
      await o.outbox.remove(entries);
      for (const e of entries) published.inc({ type: e.type });
      count += entries.length;
      if (entries.length < batch) {
        oldestUnpublished.delete(shard);
        break;
      }
    }
    return count;
  }

  const allShards = Array.from({ length: o.shards }, (_, shard) => shard);
  // Shards a commit named since the last pass. A woken pass reads only these (one query per write
  // instead of one per shard: the store's busiest caller under load was the relay); a timed pass
  // (idle backoff, or after a wake without a shard) sweeps them all, so a lost hint costs latency only.
  let named = new Set<number>();
  let sweepAll = false;

  /** One pass over the named shards, or every shard; errors are logged and the next pass retries. */
  async function relayOnce(): Promise<number> {
    polls.inc();
    const shards = sweepAll || named.size === 0 ? allShards : [...named];
    named = new Set();
    sweepAll = false;
    const counts = await Promise.all(
      shards.map((shard) =>
        drainShard(shard).catch((err) => {
          o.log.warn({ err: String(err), shard }, "relay pass failed; retrying next poll");
          return 0;
        })
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  // Woken by commits (wake()); between them, polls back off while idle (a missed wake costs at most
  // idleMaxMs of latency).
  const loop = createWakeLoop({
    run: relayOnce,
    minMs: o.pollMs,
    maxMs: Math.max(o.pollMs, o.idleMaxMs ?? o.pollMs),
    timers: o.timers,
  });
  return {
    relayOnce,
    start: loop.start,
    /**
     * Something was committed to the outbox: relay now rather than at the next poll — only `shard`
     * when the writer said which (`partitionOf(username, shards)`), else every shard.
     */
    wake(shard?: number) {
      if (shard !== undefined && Number.isInteger(shard) && shard >= 0 && shard < o.shards) named.add(shard);
      else sweepAll = true;
      loop.wake();
    },
    settled: loop.settled,
    async stop() {
      await loop.stop();
      await Promise.all(allShards.map((s) => o.leases.release(`outbox:${s}`)));
    },
  };
}
