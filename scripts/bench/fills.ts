// Limit-order fill benchmark for scripts/bench-fills.sh: ORDERS pending limit buys across 50 users,
// one crossing price move announced on Redis, the order worker (a real process) fills them all.
// Reported as fills/s and as a ratio to bare DynamoDB Local transactions of a fill's size measured
// in the same run at the same concurrency (the worker settles one order at a time). Bounded by counts.
// Env: DYNAMODB_ENDPOINT, REDIS_URL, ORDERS, DOC, COMMAND, ENV_TEXT.
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { createAssetCache } from "../../services/common/asset-cache.ts";
import { createDocClient, createDynamoClient } from "../../services/common/dynamo.ts";
import { startDenoProcess, waitReady } from "../../services/common/testing.ts";
import { CHANNELS } from "../../services/common/events.ts";
import { Big } from "../../services/common/money.ts";
import { createRedis } from "../../services/common/redis.ts";
import { ensureTable } from "../../services/common/table.ts";
import { seedFileSchema } from "../../services/inventory/domain/asset.ts";
import { seedCatalog, setPrice } from "../../services/inventory/store/assets.ts";
import { loadOrderConfig } from "../../services/order/config.ts";
import { orderPorts } from "../../services/order/ports.ts";
import { placeOrder } from "../../services/order/usecases/place-order.ts";
import { seedFundedUser } from "../../services/user/testing.ts";
import { bareTransactionRate } from "./bare-transactions.ts";
import { writeSection } from "./doc-section.ts";
import { env } from "./env.ts";

const ORDERS = Number(env("ORDERS", "1000"));
const CONCURRENCY = Number(env("CONCURRENCY", "8"));
const USERS = 50;
const ROOT = new URL("../../", import.meta.url).pathname;
const store = { AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: env("DYNAMODB_ENDPOINT") };
const dynamo = createDynamoClient(store);
const doc = createDocClient(store);
const table = `op-bench-fills-${crypto.randomUUID().slice(0, 8)}`;
const noLock = { withLock: <T>(_k: string, fn: () => Promise<T>) => fn() };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setUp() {
  await ensureTable(dynamo, table);
  const seeds = seedFileSchema.parse(
    JSON.parse(await Deno.readTextFile(`${ROOT}services/inventory/data/assets.json`)),
  );
  await seedCatalog(doc, table, seeds.assets.filter((a) => a.asset_id === "ETH"));
  const users = Array.from({ length: USERS }, (_, i) => `fill${i}_${crypto.randomUUID().slice(0, 6)}`);
  await Promise.all(users.map((u) => seedFundedUser(doc, table, u, "1000000")));
  const cfg = loadOrderConfig({ JWT_SECRET: "x".repeat(32), TABLE_NAME: table });
  const ports = orderPorts({
    doc,
    cfg,
    locker: noLock as never,
    assets: createAssetCache({ doc, table, ttlMs: 0 }),
  });
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < ORDERS) {
      const i = next++;
      await placeOrder(ports, {
        username: users[i % USERS],
        orderType: "limit_buy",
        assetId: "ETH",
        quantity: new Big("0.01"),
        limitPrice: new Big(2500 + (i % 100)),
      });
    }
  }));
  return ports;
}

const ports = await setUp();
const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const port = (l.addr as Deno.NetAddr).port;
l.close();
// A long sweep period: the fills measured come from the price event, not from a sweep.
const worker = startDenoProcess("services/order/worker.ts", {
  TABLE_NAME: table,
  PORT: String(port),
  WORKER_SWEEP_MS: "60000",
  WORKER_FILL_CONCURRENCY: String(CONCURRENCY),
});
try {
  await waitReady(port);
  const redis = createRedis(env("REDIS_URL"));
  const started = performance.now();
  await setPrice(doc, table, "ETH", new Big("2400"), "admin"); // a direct price set, as an admin makes
  await redis.publish(CHANNELS.prices, JSON.stringify({ asset_id: "ETH", price: "2400" }));
  // One single-item read per check, so waiting does not compete with the fills it waits for.
  for (let i = 0; await ports.limitOrders.anyPending(); i++) {
    if (i > 100_000) throw new Error("fills did not finish");
    await sleep(50);
  }
  const fillSeconds = (performance.now() - started) / 1000;
  redis.disconnect();
  const fillRate = ORDERS / fillSeconds;
  const bare = await bareTransactionRate(doc, table, { items: 8, total: 500, concurrency: CONCURRENCY });
  const section = `## Limit-order fills

${ORDERS} pending \`limit_buy\` orders (ETH, limits $2,500–$2,599, 50 users) in DynamoDB Local; one
price move to $2,400 (stored, then announced on Redis \`prices\`) crosses all of them and the order
worker — a real process — fills them, each ONE conditional 8-item \`TransactWriteItems\` (order,
balance, holding, two ledger entries, asset transaction, outbox), best price first. Timed from the
price change until the open book is empty. Loopback only; bounded by the order count.

- Command: \`${env("COMMAND")}\`
- Environment: ${env("ENV_TEXT")}
- Date: ${new Date().toISOString()}

| Measure | Result |
|---|---|
| fills/s after one crossing move | ${fillRate.toFixed(0)} (${ORDERS} in ${fillSeconds.toFixed(2)} s) |
| bare 8-item \`TransactWriteItems\`/s, ${CONCURRENCY} at a time, same DynamoDB Local, same run | ${
    bare.toFixed(0)
  } |
| ratio fills ÷ bare transactions | ${(fillRate / bare).toFixed(2)} |

The worker fills ${CONCURRENCY} users at a time (\`WORKER_FILL_CONCURRENCY\`; one user's orders one after
another, since they share a balance item), each fill re-checking \`status = pending\` so a fill racing
a cancel has one winner. The ratio is the share of the store's transaction rate at the same
concurrency that the worker keeps after its reads (one index query for the crossing range, one price
read) and event handling.
`;
  console.log(section);
  await writeSection(env("DOC"), "Limit-order fills", section);
} finally {
  worker.kill("SIGTERM");
  await worker.status;
  await dynamo.send(new DeleteTableCommand({ TableName: table })).catch(() => {});
  dynamo.destroy();
}
