// Executes async orders in the worker (docs/events.md). Per intake partition, one worker at a time
// (a Redis lease) reads the stream in order from a cursor kept in Redis and runs each command to a
// final state before the next — a transient failure is retried in place — so each user's orders
// execute in the order accepted. A crash between executing and moving the cursor runs a command
// again, which has no effect (the order is no longer `accepted`). Orders left `accepted` too long
// (a lost queue entry) are re-queued.
import type { Redis } from "ioredis";
import client from "prom-client";
import { fieldsOf } from "../common/dead-letters.ts";
import type { Leases } from "../common/lease.ts";
import type { Logger } from "../common/logger.ts";
import { registry } from "../common/metrics.ts";
import type { IntakeQueue } from "./store/intake-queue.ts";
import type { Execution } from "./usecases/async-order.ts";

const executions = new client.Counter({
  name: "async_orders_total",
  help: "Async order commands handled by the worker",
  labelNames: ["outcome"], // executed | rejected | skipped | retried
  registers: [registry],
});
let depthOf: (() => Promise<number>) | undefined;
new client.Gauge({
  name: "intake_queue_depth",
  help: "Async order commands waiting in the intake streams",
  registers: [registry],
  async collect() {
    if (depthOf) this.set(await depthOf().catch(() => 0));
  },
});

export interface IntakeRunnerOptions {
  redis: Redis;
  queue: IntakeQueue;
  leases: Pick<Leases, "hold" | "release">;
  execute(ref: { username: string; orderId: string }): Promise<Execution>;
  /** Orders accepted before this ISO time and still accepted. */
  acceptedBefore(before: string, limit: number): Promise<{ username: string; orderId: string }[]>;
  requeueAfterMs: number;
  cursorKey: (k: number) => string;
  log: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The id just after `id`, so XTRIM MINID drops `id` itself. */
const after = (id: string) => {
  const [ms, seq] = id.split("-");
  return `${ms}-${BigInt(seq) + 1n}`;
};

// Long by design: a factory closing over the partition loops' state; each function inside is short.
export function createIntakeRunner(o: IntakeRunnerOptions) {
  let stopped = false;
  const loops: Promise<void>[] = [];
  depthOf = o.queue.depth;

  /** Run one command to a final state; retried while it fails transiently and we hold the lease. */
  async function runToEnd(k: number, ref: { username: string; orderId: string }): Promise<boolean> {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        executions.inc({ outcome: await o.execute(ref) });
        return true;
      } catch (err) {
        executions.inc({ outcome: "retried" });
        o.log.warn({ err: String(err), order_id: ref.orderId, attempt }, "async order failed; retrying");
        await sleep(Math.min(2000, 50 * 2 ** attempt));
        if (!(await o.leases.hold(`intake:${k}`))) return false;
      }
    }
    return false;
  }

  /** Hold the partition's lease, read the next commands after the cursor and run them in order. */
  async function step(k: number, reader: Redis, stream: string): Promise<void> {
    if (!(await o.leases.hold(`intake:${k}`))) return void (await sleep(500));
    const cursor = (await o.redis.get(o.cursorKey(k))) ?? "0-0";
    const res = (await reader.xread("COUNT", 20, "BLOCK", 500, "STREAMS", stream, cursor)) as
      | [string, [string, string[]][]][]
      | null;
    for (const [id, flat] of res?.[0]?.[1] ?? []) {
      const f = fieldsOf(flat);
      if (!(await runToEnd(k, { username: f.username, orderId: f.order_id }))) break;
      await o.redis.set(o.cursorKey(k), id);
      await o.redis.xtrim(stream, "MINID", after(id));
    }
  }

  async function runPartition(k: number) {
    const reader = o.redis.duplicate(); // XREAD BLOCK holds its connection
    const stream = o.queue.stream(k);
    while (!stopped) {
      // A Redis outage fails a step: log it and go round again (the loop must outlive outages).
      await step(k, reader, stream).catch(async (err) => {
        o.log.warn({ err: String(err), partition: k }, "intake step failed; retrying");
        await sleep(500);
      });
    }
    reader.disconnect();
  }

  /** Put orders left accepted too long back on their queue (duplicates are harmless). */
  async function requeueStale(): Promise<number> {
    if (!(await o.leases.hold("intake:requeue"))) return 0;
    const stale = await o.acceptedBefore(new Date(Date.now() - o.requeueAfterMs).toISOString(), 100);
    for (const s of stale) await o.queue.enqueue(s.username, s.orderId);
    if (stale.length) o.log.warn({ count: stale.length }, "re-queued orders left accepted");
    return stale.length;
  }

  return {
    requeueStale,
    start() {
      for (let k = 0; k < o.queue.partitions; k++) loops.push(runPartition(k));
      loops.push((async () => {
        while (!stopped) {
          await requeueStale().catch((err) => o.log.warn({ err: String(err) }, "requeue failed"));
          // Short naps so stop() is not held up by the period.
          for (let t = 0; t < o.requeueAfterMs / 4 && !stopped; t += 500) await sleep(500);
        }
      })());
    },
    async stop() {
      stopped = true;
      await Promise.all(loops);
      for (let k = 0; k < o.queue.partitions; k++) await o.leases.release(`intake:${k}`);
    },
  };
}
