// Dead letters end to end: a consumer group (run here, on a stream of its own) fails a poison event
// N times → it is in the dead-letter stream, the admin route lists it with the error and delivery
// count, customers get 403, and after the route redrives it the (now healthy) consumer handles it.
import assert from "node:assert/strict";
import { createLogger } from "../../services/common/logger.ts";
import { createRedis } from "../../services/common/redis.ts";
import { createStreamConsumer } from "../../services/common/stream-consumer.ts";
import { until } from "../../services/common/testing.ts";
import { assertProblem, skipInBlackBox } from "../helpers.ts";
import { call, newAdmin, newUser, ORDER } from "../orders/support.ts";

type Letter = { id: string; error: string; deliveries: number; fields: Record<string, string> };

Deno.test(
  "dead letters: poison → dead letter after N tries, listed by the admin route, handled after redrive",
  { ignore: skipInBlackBox("writes a poison message to Redis and promotes an admin with scripts/admin.ts") },
  async () => {
    const redis = createRedis(Deno.env.get("REDIS_URL")!);
    const stream = `it-events-${crypto.randomUUID()}`;
    const eventId = `evt_poison_${crypto.randomUUID().slice(0, 8)}`;
    let poisoned = true;
    let handled = 0;
    const consumer = createStreamConsumer({
      redis: redis.duplicate(),
      streams: [stream],
      group: "it-poison",
      consumer: "it-1",
      handle: () => {
        if (poisoned) return Promise.reject(new Error("payload is not an order event"));
        handled++;
        return Promise.resolve();
      },
      maxDeliveries: 3,
      claimIdleMs: 150,
      blockMs: 100,
      log: createLogger("it", "silent"),
    });
    const [admin, customer] = await Promise.all([newAdmin(), newUser()]);
    const listed = async () => {
      const r = await call<{ data: Letter[]; total_count: number }>(
        ORDER,
        "GET",
        "/admin/events/dead-letters?limit=500",
        {
          token: admin.token,
        },
      );
      assert.equal(r.status, 200, r.text);
      return r.body.data.filter((d) => d.fields.event_id === eventId);
    };
    try {
      await consumer.start();
      await redis.xadd(stream, "*", "event_id", eventId, "payload", "{not json");
      await until("the admin route lists the dead letter", async () => (await listed()).length === 1);
      const [letter] = await listed();
      assert.equal(letter.error, "payload is not an order event");
      assert.equal(letter.deliveries, 3);
      assertProblem(await call(ORDER, "GET", "/admin/events/dead-letters", { token: customer.token }), 403);
      assertProblem(
        await call(ORDER, "POST", `/admin/events/dead-letters/${letter.id}/redrive`, {
          token: customer.token,
        }),
        403,
      );

      poisoned = false;
      const redrive = await call(ORDER, "POST", `/admin/events/dead-letters/${letter.id}/redrive`, {
        token: admin.token,
      });
      assert.equal(redrive.status, 200, redrive.text);
      assert.deepEqual(redrive.body, { redriven: 1 });
      assertProblem(
        await call(ORDER, "POST", `/admin/events/dead-letters/${letter.id}/redrive`, { token: admin.token }),
        404,
        "DEAD_LETTER_NOT_FOUND",
      );
      await until("the redriven event is handled", () => handled === 1);
      assert.deepEqual(await listed(), []);
      const all = await call(ORDER, "POST", "/admin/events/dead-letters/redrive", { token: admin.token });
      assert.equal(all.status, 200, all.text);
    } finally {
      await consumer.stop();
      await redis.del(stream);
      redis.disconnect();
    }
  },
);
