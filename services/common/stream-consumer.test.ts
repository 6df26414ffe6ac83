// The consumer-group library against the real Redis that scripts/test.sh starts: duplicates have one
// effect, a dead consumer's pending messages are reclaimed, a poison message is dead-lettered after
// N deliveries and handled after redrive. Ordered by signals (bounded polls), never by wall clock.
import assert from "node:assert/strict";
import { createDeadLetters } from "./dead-letters.ts";
import { STREAMS } from "./events.ts";
import { createLogger } from "./logger.ts";
import { createStreamConsumer, type StreamMessage } from "./stream-consumer.ts";
import { testInfra, until } from "./testing.ts";

const log = createLogger("test", "silent");

function consumerOn(
  redis: ReturnType<typeof testInfra>["redis"],
  stream: string,
  group: string,
  handle: (m: StreamMessage) => Promise<void>,
  extra: { maxDeliveries?: number; claimIdleMs?: number } = {},
) {
  return createStreamConsumer({
    redis: redis.duplicate(),
    streams: [stream],
    group,
    consumer: `c-${crypto.randomUUID().slice(0, 6)}`,
    handle,
    maxDeliveries: extra.maxDeliveries ?? 3,
    claimIdleMs: extra.claimIdleMs ?? 300,
    blockMs: 100,
    log,
  });
}

const shuffle = <T>(xs: T[]) => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
};

Deno.test("consumer: every event delivered 3× and shuffled → exactly one effect per event", async () => {
  const { redis, close } = testInfra();
  const stream = `test-events-${crypto.randomUUID()}`;
  const effects = new Map<string, number>();
  const handle = (m: StreamMessage) => {
    effects.set(m.fields.event_id, (effects.get(m.fields.event_id) ?? 0) + 1);
    return Promise.resolve();
  };
  // Two consumers of one group share the work, so duplicates also race across consumers.
  const a = consumerOn(redis, stream, "g", handle);
  const b = consumerOn(redis, stream, "g", handle);
  try {
    await Promise.all([a.start(), b.start()]);
    const tag = crypto.randomUUID().slice(0, 8);
    const ids = Array.from({ length: 200 }, (_, i) => `evt_${tag}_${i}`);
    for (const id of shuffle([...ids, ...ids, ...ids])) await redis.xadd(stream, "*", "event_id", id);
    await until("all 600 deliveries are acked", async () => {
      const pending = (await redis.xpending(stream, "g")) as [number];
      const info = (await redis.xinfo("GROUPS", stream)) as unknown[][];
      return effects.size === 200 && pending[0] === 0 && String(info[0]).includes("600");
    });
    assert.deepEqual([...effects.values()].filter((n) => n !== 1), []);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await redis.del(stream);
    close();
  }
});

Deno.test("consumer: messages pending on a dead consumer are reclaimed and processed once", async () => {
  const { redis, close } = testInfra();
  const stream = `test-events-${crypto.randomUUID()}`;
  const effects = new Map<string, number>();
  const live = consumerOn(redis, stream, "g", (m) => {
    effects.set(m.fields.event_id, (effects.get(m.fields.event_id) ?? 0) + 1);
    return Promise.resolve();
  });
  try {
    await live.ensureGroups();
    const tag = crypto.randomUUID().slice(0, 8);
    for (let i = 0; i < 20; i++) await redis.xadd(stream, "*", "event_id", `evt_${tag}_${i}`);
    // A consumer reads everything, then dies without acking: all 20 stay pending on it.
    const taken = await redis.xreadgroup("GROUP", "g", "dead", "COUNT", 100, "STREAMS", stream, ">");
    assert.equal((taken as [string, unknown[]][])[0][1].length, 20);
    await live.start();
    await until("the live consumer reclaimed and acked all 20", async () => {
      const pending = (await redis.xpending(stream, "g")) as [number];
      return effects.size === 20 && pending[0] === 0;
    });
    assert.deepEqual([...effects.values()].filter((n) => n !== 1), []);
  } finally {
    await live.stop();
    await redis.del(stream);
    close();
  }
});

Deno.test("consumer: a poison message is dead-lettered after N deliveries, then handled after redrive", async () => {
  const { redis, close } = testInfra();
  const stream = `test-events-${crypto.randomUUID()}`;
  const eventId = `evt_poison_${crypto.randomUUID().slice(0, 8)}`;
  let poisoned = true;
  let attempts = 0;
  let handled = 0;
  const c = consumerOn(redis, stream, "g", (m) => {
    if (m.fields.event_id !== eventId) return Promise.resolve();
    attempts++;
    if (poisoned) return Promise.reject(new Error("cannot parse this event"));
    handled++;
    return Promise.resolve();
  }, { maxDeliveries: 3, claimIdleMs: 150 });
  const dead = createDeadLetters(redis);
  const mine = async () => (await dead.list(100)).items.filter((d) => d.fields.event_id === eventId);
  try {
    await c.start();
    await redis.xadd(stream, "*", "event_id", eventId);
    await until("the poison message is dead-lettered", async () => (await mine()).length === 1);
    const [letter] = await mine();
    assert.equal(attempts, 3);
    assert.equal(letter.deliveries, 3);
    assert.equal(letter.error, "cannot parse this event");
    assert.equal(letter.stream, stream);
    assert.equal(handled, 0);

    poisoned = false;
    assert.equal(await dead.redrive(letter.id), true);
    assert.equal(await dead.redrive(letter.id), false, "a dead letter is redriven once");
    await until("the redriven message is handled", () => handled === 1);
    assert.deepEqual(await mine(), []);
  } finally {
    await c.stop();
    await redis.del(stream);
    close();
  }
});

Deno.test("dead letters: redrive-all puts every one back on its stream", async () => {
  const { redis, close } = testInfra();
  const stream = `test-events-${crypto.randomUUID()}`;
  const tag = crypto.randomUUID().slice(0, 8);
  try {
    const { deadLetter } = await import("./dead-letters.ts");
    for (let i = 0; i < 3; i++) {
      await deadLetter(redis, "g", {
        stream,
        id: `1-${i}`,
        fields: { event_id: `${tag}_${i}` },
        deliveries: 5,
      }, "x");
    }
    assert.ok((await createDeadLetters(redis).redriveAll()) >= 3);
    const back = (await redis.xrange(stream, "-", "+")) as [string, string[]][];
    assert.deepEqual(back.map(([, f]) => f[1]), [`${tag}_0`, `${tag}_1`, `${tag}_2`]);
    const left = (await redis.xrange(STREAMS.deadLetters, "-", "+")) as [string, string[]][];
    assert.deepEqual(left.filter(([, f]) => f.join(" ").includes(tag)), []);
  } finally {
    await redis.del(stream);
    close();
  }
});

Deno.test("consumer: Redis back without its data (stream and group gone) → the group is made again, new events handled", async () => {
  const { redis, close } = testInfra();
  const stream = `test-events-${crypto.randomUUID()}`;
  const seen: string[] = [];
  const c = consumerOn(redis, stream, "g", (m) => (seen.push(m.fields.event_id), Promise.resolve()));
  try {
    await c.start();
    await redis.xadd(stream, "*", "event_id", "before");
    await until("the first event is handled", () => seen.includes("before"));
    await redis.del(stream); // what a restart without persistence leaves: no stream, no group
    await until(
      "the consumer has made its group again",
      async () => String(await redis.xinfo("GROUPS", stream).catch(() => [])).includes("g"),
    );
    await redis.xadd(stream, "*", "event_id", "after");
    await until("the event after the loss is handled", () => seen.includes("after"));
  } finally {
    await c.stop();
    await redis.del(stream);
    close();
  }
});
