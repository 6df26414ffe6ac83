// The async order queue in Redis: one stream per intake partition of the table
// (`orders:intake:<table>:p<k>`, k = hash(username)), so each user's commands are FIFO in one
// stream. Entries only point at the `accepted` order item, which holds the command.
import type { Redis } from "ioredis";
import { partitionOf, STREAMS } from "../../common/events.ts";

export function createIntakeQueue(redis: Redis, table: string, partitions: number) {
  const streamOf = (username: string) => STREAMS.intake(table, partitionOf(username, partitions));
  return {
    partitions,
    stream: (k: number) => STREAMS.intake(table, k),
    /** Never trimmed by length (a command must not be dropped): the worker trims what it executed. */
    async enqueue(username: string, orderId: string): Promise<void> {
      await redis.xadd(streamOf(username), "*", "username", username, "order_id", orderId);
    },
    /** Entries waiting in every partition (the last executed one may still be counted). */
    async depth(): Promise<number> {
      const lens = await Promise.all(
        Array.from({ length: partitions }, (_, k) => redis.xlen(STREAMS.intake(table, k))),
      );
      return lens.reduce((a, b) => a + b, 0);
    },
  };
}

export type IntakeQueue = ReturnType<typeof createIntakeQueue>;
