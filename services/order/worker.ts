// Order worker entrypoint (:8003): fills pending limit orders when prices cross them, expires them on
// time. Its own process (deploy.sh starts it like a service) serving /health, /health/ready, /metrics.
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { getAsset } from "../common/catalog.ts";
import { loadConfigOrExit } from "../common/config.ts";
import { CHANNELS } from "../common/events.ts";
import { createRedis, pingRedis } from "../common/redis.ts";
import { createRuntime } from "../common/runtime.ts";
import { createService, serve } from "../common/service.ts";
import { loadWorkerConfig } from "./config.ts";
import { createMatcher } from "./matcher.ts";
import { createLimitOrderStore } from "./store/limit-orders.ts";

const cfg = loadConfigOrExit("order-worker", () => loadWorkerConfig());
const rt = createRuntime("order-worker", cfg);
const table = cfg.TABLE_NAME;
const matcher = createMatcher({
  ports: {
    assets: { get: (id) => getAsset(rt.doc, table, id) },
    limitOrders: createLimitOrderStore(rt.doc, table, cfg.OUTBOX_SHARDS),
    fillConcurrency: cfg.WORKER_FILL_CONCURRENCY,
  },
  sweepMs: cfg.WORKER_SWEEP_MS,
  log: rt.log,
});

// Price changes trigger a match of that asset at once (a subscriber connection runs nothing else).
const subscriber = createRedis(cfg.REDIS_URL, "subscriber");
subscriber.on("error", (err) => rt.log.warn({ err: String(err) }, "price subscription: redis error"));
subscriber.on("message", (_channel: string, message: string) => {
  try {
    const assetId = String(JSON.parse(message).asset_id);
    if (/^[A-Z0-9]{1,10}$/.test(assetId)) void matcher.matchSoon(assetId);
  } catch { /* not a price change: ignore */ }
});
subscriber.on("ready", () => {
  subscriber.subscribe(CHANNELS.prices).catch((err) =>
    rt.log.warn({ err: String(err) }, "price subscription failed; sweeps still settle orders")
  );
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
serve(app, cfg.HOST, cfg.PORT, rt.log, async () => {
  await matcher.stop();
  subscriber.disconnect();
  rt.close();
});
