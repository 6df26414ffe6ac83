// The dead-letter stream (`events:dead-letters`): messages a consumer group gave up on after N
// deliveries, with the error and delivery count, and their redrive back onto the stream they came
// from (where every group sees them again; groups that already handled them skip them by event id).
import type { Redis } from "ioredis";
import client from "prom-client";
import { STREAMS } from "./events.ts";
import { registry } from "./metrics.ts";

/** Dead letters kept (XADD MAXLEN ~): an operator is expected to look long before this. */
export const DEAD_LETTER_MAXLEN = 10_000;

export interface DeadLetter {
  id: string;
  stream: string;
  message_id: string;
  group: string;
  error: string;
  deliveries: number;
  dead_at: string;
  fields: Record<string, string>;
}

let depthRedis: Redis | undefined;
new client.Gauge({
  name: "dead_letter_depth",
  help: "Messages in the dead-letter stream",
  registers: [registry],
  async collect() {
    if (depthRedis) this.set(await depthRedis.xlen(STREAMS.deadLetters).catch(() => 0));
  },
});
/** Report the dead-letter depth on /metrics from this process, read through `redis`. */
export const reportDeadLetterDepth = (redis: Redis) => void (depthRedis = redis);

const flatOf = (f: Record<string, string>) => Object.entries(f).flat();
/** A stream entry's flat [k, v, k, v, …] list as an object. */
export const fieldsOf = (flat: string[]) => {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]] = flat[i + 1];
  return f;
};

/** Move a message to the dead-letter stream and ack it in its group, atomically. */
export async function deadLetter(
  r: Redis,
  group: string,
  m: { stream: string; id: string; fields: Record<string, string>; deliveries: number },
  error: string,
): Promise<void> {
  await r.multi()
    .xadd(
      STREAMS.deadLetters,
      "MAXLEN",
      "~",
      String(DEAD_LETTER_MAXLEN),
      "*",
      "stream",
      m.stream,
      "message_id",
      m.id,
      "group",
      group,
      "error",
      error.slice(0, 2000),
      "deliveries",
      String(m.deliveries),
      "dead_at",
      new Date().toISOString(),
      "fields",
      JSON.stringify(m.fields),
    )
    .xack(m.stream, group, m.id)
    .hdel(`stream-errors:${group}`, `${m.stream}:${m.id}`)
    .exec();
}

function toDeadLetter([id, flat]: [string, string[]]): DeadLetter {
  const f = fieldsOf(flat);
  return {
    id,
    stream: f.stream,
    message_id: f.message_id,
    group: f.group,
    error: f.error,
    deliveries: Number(f.deliveries),
    dead_at: f.dead_at,
    fields: JSON.parse(f.fields ?? "{}"),
  };
}

export function createDeadLetters(r: Redis) {
  return {
    /** Newest first; `before` (exclusive) pages on. */
    async list(limit: number, before?: string): Promise<{ items: DeadLetter[]; total: number }> {
      const end = before ? `(${before}` : "+";
      const entries = (await r.xrevrange(STREAMS.deadLetters, end, "-", "COUNT", limit)) as [
        string,
        string[],
      ][];
      return { items: entries.map(toDeadLetter), total: await r.xlen(STREAMS.deadLetters) };
    },

    /** Put one dead letter back on its stream; false if there is no such dead letter. */
    async redrive(id: string): Promise<boolean> {
      const [entry] = (await r.xrange(STREAMS.deadLetters, id, id)) as [string, string[]][];
      if (!entry) return false;
      const d = toDeadLetter(entry);
      // XDEL first inside MULTI: two concurrent redrives of one id cannot both re-add it.
      const res = await r.multi().xdel(STREAMS.deadLetters, id).exec();
      if (Number(res?.[0]?.[1]) !== 1) return false;
      await r.xadd(d.stream, "*", ...flatOf(d.fields));
      return true;
    },

    /** Redrive every dead letter (oldest first); returns how many. */
    async redriveAll(): Promise<number> {
      let n = 0;
      for (;;) {
        const entries = (await r.xrange(STREAMS.deadLetters, "-", "+", "COUNT", 100)) as [string, string[]][];
        if (entries.length === 0) return n;
        for (const [id] of entries) if (await this.redrive(id)) n++;
      }
    },
  };
}

export type DeadLetters = ReturnType<typeof createDeadLetters>;
