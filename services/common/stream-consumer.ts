// A Redis Streams consumer-group worker (docs/events.md): XREADGROUP, explicit XACK after the handler
// succeeds, at most one effect per message id (a Redis claim key per dedupe id: SET NX while
// processing, "done" with a TTL after), XAUTOCLAIM of messages left pending past `claimIdleMs` (a
// dead consumer's, or ones whose handler failed), and after `maxDeliveries` deliveries the message
// moves to the dead-letter stream with its last error and delivery count.
import type { Redis } from "ioredis";
import client from "prom-client";
import { deadLetter, fieldsOf } from "./dead-letters.ts";
import type { Logger } from "./logger.ts";
import { registry } from "./metrics.ts";

export interface StreamMessage {
  stream: string;
  id: string;
  fields: Record<string, string>;
  /** 1 on the first delivery; counts reclaims too. */
  deliveries: number;
}

export interface ConsumerOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it. */
  redis: Redis;
  streams: string[];
  group: string;
  consumer: string;
  handle(msg: StreamMessage): Promise<void>;
  /** What makes two messages "the same" (default: the `event_id` field, else the message id). */
  dedupeId?(msg: StreamMessage): string;
  maxDeliveries: number;
  claimIdleMs: number;
  dedupeTtlSeconds?: number;
  blockMs?: number;
  count?: number;
  log: Logger;
}

const consumed = new client.Counter({
  name: "events_consumed_total",
  help: "Stream messages handled by consumer groups",
  labelNames: ["group", "outcome"], // ok | duplicate | failed | dead_letter
  registers: [registry],
});
const redeliveries = new client.Counter({
  name: "events_redeliveries_total",
  help: "Messages reclaimed (XAUTOCLAIM) after being left pending past the claim timeout",
  labelNames: ["group"],
  registers: [registry],
});

export const errorsKey = (group: string) => `stream-errors:${group}`;

// Long by design: a factory closing over the consumer's loop state; each function inside is short.
export function createStreamConsumer(o: ConsumerOptions) {
  const r = o.redis;
  const ttl = o.dedupeTtlSeconds ?? 7 * 24 * 3600;
  const dedupeKey = (m: StreamMessage) =>
    `consumed:${o.group}:${o.dedupeId?.(m) ?? m.fields.event_id ?? `${m.stream}:${m.id}`}`;
  const ack = (m: StreamMessage) => r.xack(m.stream, o.group, m.id);

  async function ensureGroups() {
    for (const s of o.streams) {
      await r.xgroup("CREATE", s, o.group, "0", "MKSTREAM").catch((err: Error) => {
        if (!String(err.message).includes("BUSYGROUP")) throw err;
      });
    }
  }

  /** Handle one message at most once in effect; failures stay pending for a later reclaim. */
  async function process(m: StreamMessage): Promise<void> {
    const key = dedupeKey(m);
    const claimed = await r.set(key, `processing:${o.consumer}`, "PX", o.claimIdleMs, "NX");
    if (claimed !== "OK") {
      // Done already → just ack the duplicate; still being processed elsewhere → leave it pending.
      if ((await r.get(key)) === "done") {
        await ack(m);
        consumed.inc({ group: o.group, outcome: "duplicate" });
      }
      return;
    }
    try {
      await o.handle(m);
    } catch (err) {
      await r.del(key);
      await r.hset(errorsKey(o.group), `${m.stream}:${m.id}`, String((err as Error)?.message ?? err));
      consumed.inc({ group: o.group, outcome: "failed" });
      o.log.warn(
        { err: String(err), stream: m.stream, id: m.id, deliveries: m.deliveries },
        "handler failed",
      );
      return;
    }
    await r.multi().set(key, "done", "EX", ttl).xack(m.stream, o.group, m.id)
      .hdel(errorsKey(o.group), `${m.stream}:${m.id}`).exec();
    consumed.inc({ group: o.group, outcome: "ok" });
  }

  /** New messages for this consumer (blocks up to blockMs). */
  async function readNew(): Promise<StreamMessage[]> {
    const res = (await r.xreadgroup(
      "GROUP",
      o.group,
      o.consumer,
      "COUNT",
      o.count ?? 100,
      "BLOCK",
      o.blockMs ?? 500,
      "STREAMS",
      ...o.streams,
      ...o.streams.map(() => ">"),
    )) as [string, [string, string[]][]][] | null;
    return (res ?? []).flatMap(([stream, entries]) =>
      entries.map(([id, flat]) => ({ stream, id, fields: fieldsOf(flat), deliveries: 1 }))
    );
  }

  /** Take over messages idle past claimIdleMs: reprocess them, or dead-letter them after N deliveries. */
  async function reclaim(): Promise<number> {
    let n = 0;
    for (const stream of o.streams) {
      const [, entries] =
        (await r.xautoclaim(stream, o.group, o.consumer, o.claimIdleMs, "0-0", "COUNT", 100)) as [
          string,
          [string, string[] | null][],
        ];
      for (const [id, flat] of entries) {
        if (!flat) continue; // trimmed away while pending: nothing left to deliver
        const pending = (await r.xpending(stream, o.group, id, id, 1)) as [string, string, number, number][];
        const m = { stream, id, fields: fieldsOf(flat), deliveries: Number(pending[0]?.[3] ?? 1) };
        redeliveries.inc({ group: o.group });
        n++;
        if (m.deliveries > o.maxDeliveries) {
          const error = (await r.hget(errorsKey(o.group), `${stream}:${id}`)) ?? "not acknowledged in time";
          await deadLetter(r, o.group, { ...m, deliveries: m.deliveries - 1 }, error);
          consumed.inc({ group: o.group, outcome: "dead_letter" });
        } else await process(m);
      }
    }
    return n;
  }

  let stopped = false;
  let running: Promise<void> | undefined;
  async function loop() {
    let lastReclaim = 0;
    while (!stopped) {
      try {
        if (Date.now() - lastReclaim >= o.claimIdleMs / 2) {
          lastReclaim = Date.now();
          await reclaim();
        }
        // Sequential on purpose: a partition stream holds each user's events in order.
        for (const m of await readNew()) await process(m);
      } catch (err) {
        if (stopped) break;
        o.log.warn({ err: String(err), group: o.group }, "consumer loop error; retrying");
        // Redis came back empty (restarted without its data): the group is gone, make it again.
        if (String(err).includes("NOGROUP")) await ensureGroups().catch(() => {});
        await new Promise((res) => setTimeout(res, 500));
      }
    }
  }

  return {
    ensureGroups,
    process,
    reclaim,
    async start() {
      await ensureGroups();
      running = loop();
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}

export type StreamConsumer = ReturnType<typeof createStreamConsumer>;
