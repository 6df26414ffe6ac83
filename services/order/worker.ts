// Order worker entrypoint (:8003): fills pending limit orders when prices cross them, expires them on
// time, relays the outbox to Redis Streams and fans events out to each user's feed (docs/events.md).
// Its own process (deploy.sh starts it like a service) serving /health, /health/ready, /metrics.
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createAssetCache } from "../common/asset-cache.ts";
import { loadConfigOrExit } from "../common/config.ts";
import { reportDeadLetterDepth } from "../common/dead-letters.ts";
import { CHANNELS } from "../common/events.ts";
import { createLeases } from "../common/lease.ts";
import { createRedis, pingRedis } from "../common/redis.ts";
import { createRuntime } from "../common/runtime.ts";
import { createService, serve } from "../common/service.ts";
import { loadWorkerConfig } from "./config.ts";
import { createMatcher } from "./matcher.ts";
import { createIntakeRunner } from "./intake-runner.ts";
import { createNotificationFanOut } from "./notifications.ts";
import { orderPorts } from "./ports.ts";
import { createAcceptedOrderStore } from "./store/accepted-orders.ts";
import { createIntakeQueue } from "./store/intake-queue.ts";
import { createRelay } from "./relay.ts";
import { createLimitOrderStore } from "./store/limit-orders.ts";
import { createOutboxStore } from "./store/outbox.ts";
import { executeAccepted } from "./usecases/async-order.ts";

const cfg = loadConfigOrExit("order-worker", () => loadWorkerConfig());
const rt = createRuntime("order-worker", cfg);
const table = cfg.TABLE_NAME;
// Read through (no cache): fills and async orders always price from the stored item.
const assets = createAssetCache({ doc: rt.doc, table, ttlMs: 0 });
const matcher = createMatcher({
  ports: {
    assets,
    limitOrders: createLimitOrderStore(rt.doc, table, cfg.OUTBOX_SHARDS),
    fillConcurrency: cfg.WORKER_FILL_CONCURRENCY,
  },
  sweepMs: cfg.WORKER_SWEEP_MS,
  log: rt.log,
  onCommit: () => outboxWrote(),
});

// Price changes trigger a match of that asset at once; an outbox write by the order service wakes
// the relay (a subscriber connection runs nothing else).
const subscriber = createRedis(cfg.REDIS_URL, "subscriber");
subscriber.on("error", (err) => rt.log.warn({ err: String(err) }, "price subscription: redis error"));
const outboxWritten = CHANNELS.outboxWritten(table);
/** This worker committed an outbox event: wake its relay, and the others (the shard's lease may be theirs). */
function outboxWrote(): void {
  relay.wake();
  rt.redis.publish(outboxWritten, "").catch(() => {});
}
subscriber.on("message", (channel: string, message: string) => {
  if (channel === outboxWritten) return relay.wake(message === "" ? undefined : Number(message));
  try {
    const assetId = String(JSON.parse(message).asset_id);
    if (/^[A-Z0-9]{1,10}$/.test(assetId)) void matcher.matchSoon(assetId);
  } catch { /* not a price change: ignore */ }
});
subscriber.on("ready", () => {
  subscriber.subscribe(CHANNELS.prices, outboxWritten).catch((err) =>
    rt.log.warn({ err: String(err) }, "price subscription failed; sweeps still settle orders")
  );
});

const consumerName = `worker-${Deno.hostname()}-${Deno.pid}-${crypto.randomUUID().slice(0, 6)}`;
const relay = createRelay({
  outbox: createOutboxStore(rt.doc, table),
  redis: rt.redis,
  leases: createLeases(rt.redis, {
    prefix: `relay:${table}`,
    ttlMs: Math.max(5000, cfg.RELAY_POLL_MS * 10, cfg.RELAY_IDLE_MAX_MS * 2),
  }),
  shards: cfg.OUTBOX_SHARDS,
  partitions: cfg.EVENT_PARTITIONS,
  maxLen: cfg.EVENT_STREAM_MAXLEN,
  pollMs: cfg.RELAY_POLL_MS,
  idleMaxMs: cfg.RELAY_IDLE_MAX_MS,
  log: rt.log,
});
const notifications = createNotificationFanOut({
  redis: rt.redis,
  partitions: cfg.EVENT_PARTITIONS,
  userMaxLen: cfg.USER_EVENTS_MAXLEN,
  maxDeliveries: cfg.EVENT_MAX_DELIVERIES,
  claimIdleMs: cfg.EVENT_CLAIM_IDLE_MS,
  consumer: consumerName,
  log: rt.log,
});
reportDeadLetterDepth(rt.redis);
// Async orders: the same placeOrder use case and ports as the order service's routes.
const accepted = createAcceptedOrderStore(rt.doc, table, cfg.OUTBOX_SHARDS);
const queue = createIntakeQueue(rt.redis, table, cfg.INTAKE_PARTITIONS);
const placePorts = {
  ...orderPorts({ doc: rt.doc, cfg, assets, locker: rt.locker }),
  accepted,
  intake: queue,
};
const intake = createIntakeRunner({
  redis: rt.redis,
  queue,
  leases: createLeases(rt.redis, { prefix: `intake:${table}`, ttlMs: 5000 }),
  execute: async (ref) => {
    const outcome = await executeAccepted(placePorts, ref);
    outboxWrote(); // the execution (or its rejection) wrote an outbox event
    return outcome;
  },
  acceptedBefore: accepted.acceptedBefore,
  requeueAfterMs: cfg.INTAKE_REQUEUE_MS,
  cursorKey: (k) => `intake-cursor:${table}:p${k}`,
  log: rt.log,
});

const app = createService({
  name: "order-worker",
  metricsPrefix: "worker",
  log: rt.log,
  checks: { dynamodb: () => rt.doc.send(new DescribeTableCommand({ TableName: table })) },
  // Without Redis no price events arrive, but the sweep still fills and expires: degraded, not down.
  degradedChecks: { redis: () => pingRedis(rt.redis) },
});
matcher.start();
relay.start();
intake.start();
// Redis may still be starting: the consumer retries its group setup until it can.
void retryStart();
async function retryStart(): Promise<void> {
  for (;;) {
    try {
      return await notifications.start();
    } catch (err) {
      rt.log.warn({ err: String(err) }, "notification consumer not started; retrying");
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
serve(app, cfg.HOST, cfg.PORT, rt.log, async () => {
  await Promise.all([matcher.stop(), relay.stop(), notifications.stop(), intake.stop()]);
  subscriber.disconnect();
  rt.close();
});
