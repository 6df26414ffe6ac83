// The live pipeline through the running stack: an order's outbox event is relayed by the worker to
// its partition stream and fanned out to the user's own feed (user-events:<username>), in order;
// another user's feed gets none of it.
import assert from "node:assert/strict";
import { fieldsOf } from "../../services/common/dead-letters.ts";
import { STREAMS } from "../../services/common/events.ts";
import { createRedis } from "../../services/common/redis.ts";
import { until } from "../../services/common/testing.ts";
import { skipInBlackBox } from "../helpers.ts";
import { deposit, newUser, order } from "../orders/support.ts";

Deno.test(
  "events: three orders of A reach A's feed in order (order.filled ×2, order.accepted); B's feed stays empty",
  { ignore: skipInBlackBox("reads the users' event streams in Redis") },
  async () => {
    const redis = createRedis(Deno.env.get("REDIS_URL")!);
    try {
      const [a, b] = await Promise.all([newUser(), newUser()]);
      await Promise.all([deposit(a, 10000), deposit(b, 100)]);
      const ids: string[] = [];
      for (
        const body of [
          { order_type: "market_buy", asset_id: "BTC", quantity: 0.01 },
          { order_type: "market_sell", asset_id: "BTC", quantity: 0.005 },
          { order_type: "limit_buy", asset_id: "BTC", quantity: 0.01, price: 1000 },
        ]
      ) {
        const r = await order(a, body);
        assert.equal(r.status, 201, r.text);
        ids.push(r.body.data.order_id);
      }
      const feed = async (u: string) =>
        ((await redis.xrange(STREAMS.userEvents(u), "-", "+")) as [string, string[]][])
          .map(([, f]) => JSON.parse(fieldsOf(f).payload));
      await until("A's three events are in A's feed", async () => (await feed(a.username)).length >= 3);
      const events = await feed(a.username);
      assert.deepEqual(events.map((e) => e.order_id), ids);
      assert.deepEqual(events.map((e) => e.type), ["order.filled", "order.filled", "order.accepted"]);
      assert.ok(events.every((e) => e.username === a.username && e.event_id && e.occurred_at));
      assert.equal((await feed(b.username)).length, 0);
    } finally {
      redis.disconnect();
    }
  },
);

Deno.test("events: the worker reports the pipeline's metrics", {
  ignore: skipInBlackBox("reads the worker's own /metrics"),
}, async () => {
  const r = await fetch(`${Deno.env.get("WORKER_URL")}/metrics`);
  const text = await r.text();
  for (
    const name of [
      "events_published_total",
      "relay_lag_seconds",
      "events_consumed_total",
      "events_redeliveries_total",
      "dead_letter_depth",
      "async_orders_total",
      "intake_queue_depth",
    ]
  ) assert.match(text, new RegExp(`^# TYPE ${name} `, "m"), name);
});
