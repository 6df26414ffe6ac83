// Limit-order fill benchmark for scripts/bench-fills.sh: ORDERS pending limit buys across 50 users,
// one crossing price move announced on Redis, the order worker (a real process) fills them all.
// Reported as fills/s and as a ratio to bare DynamoDB Local transactions of a fill's size measured
// in the same run at the same concurrency (the worker settles one order at a time). Bounded by counts.
// Env: DYNAMODB_ENDPOINT, REDIS_URL, ORDERS, DOC, COMMAND, ENV_TEXT.
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { getAsset } from "../../services/common/catalog.ts";
import { createDocClient, createDynamoClient, transactWrite } from "../../services/common/dynamo.ts";
import { CHANNELS } from "../../services/common/events.ts";
import { Big } from "../../services/common/money.ts";
import { createRedis } from "../../services/common/redis.ts";
import { ensureTable } from "../../services/common/table.ts";
import { seedFileSchema } from "../../services/inventory/domain/asset.ts";
import { seedCatalog, setPrice } from "../../services/inventory/store/assets.ts";
import { loadOrderConfig } from "../../services/order/config.ts";
import { orderPorts } from "../../services/order/ports.ts";
import { placeOrder } from "../../services/order/usecases/place-order.ts";
import { createBalanceStore } from "../../services/user/store/balance.ts";
import { createUser } from "../../services/user/store/users.ts";
import { moveFunds } from "../../services/user/usecases/move-funds.ts";
import { writeSection } from "./doc-section.ts";

const env = (k: string, d?: string) =>
  Deno.env.get(k) ?? d ?? (() => {
    throw new Error(`${k} is required`);
  })();
const ORDERS = Number(env("ORDERS", "1000"));
const USERS = 50;
const ROOT = new URL("../../", import.meta.url).pathname;
const dynamo = createDynamoClient({ AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: env("DYNAMODB_ENDPOINT") });
const doc = createDocClient(dynamo);
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
  const now = new Date().toISOString();
  const funds = { balances: createBalanceStore(doc, table), locker: noLock, lockWaitMs: 0 };
  await Promise.all(users.map(async (username) => {
    await createUser(doc, table, {
      username,
      email: `${username}@example.com`,
      password_hash: "x",
      first_name: "B",
      last_name: "F",
      phone: "",
      date_of_birth: null,
      marketing_emails_consent: false,
      role: "customer",
      created_at: now,
      updated_at: now,
    });
    const amount = new Big(1000000);
    await moveFunds({ ...funds, dailyLimits: { deposit: amount, withdraw: amount } }, {
      username,
      kind: "deposit",
      amount,
    });
  }));
  const cfg = loadOrderConfig({ JWT_SECRET: "x".repeat(32), TABLE_NAME: table });
  const ports = orderPorts({
    doc,
    cfg,
    locker: noLock as never,
    assets: { get: (id) => getAsset(doc, table, id), close() {} },
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

/** Bare 8-item TransactWriteItems (a buy fill's size), one at a time like the worker. */
async function bareRate(total: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    await transactWrite(
      doc,
      Object.fromEntries(Array.from({ length: 8 }, (_, j) => [`item${j}`, {
        Put: { TableName: table, Item: { PK: `BENCH#${i % 50}`, SK: `ITEM#${i}#${j}`, n: i } },
      }])),
    );
  }
  return total / ((performance.now() - started) / 1000);
}

async function waitReady(port: number) {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
      await r.body?.cancel();
      if (r.ok) return;
    } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error("worker did not start");
}

const ports = await setUp();
const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const port = (l.addr as Deno.NetAddr).port;
l.close();
const worker = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "--allow-net",
    "--allow-env",
    "--allow-read",
    "--allow-sys",
    `${ROOT}services/order/worker.ts`,
  ],
  // A long sweep period: the fills measured come from the price event, not from a sweep.
  env: { TABLE_NAME: table, PORT: String(port), WORKER_SWEEP_MS: "60000", LOG_LEVEL: "warn" },
  stdout: "null",
  stderr: "inherit",
}).spawn();
try {
  await waitReady(port);
  const redis = createRedis(env("REDIS_URL"));
  const started = performance.now();
  await setPrice(doc, table, "ETH", new Big("2400"), "bench");
  await redis.publish(CHANNELS.prices, JSON.stringify({ asset_id: "ETH", price: "2400" }));
  for (let i = 0; (await ports.limitOrders.pending()).length > 0; i++) {
    if (i > 100_000) throw new Error("fills did not finish");
    await sleep(20);
  }
  const fillSeconds = (performance.now() - started) / 1000;
  redis.disconnect();
  const fillRate = ORDERS / fillSeconds;
  const bare = await bareRate(500);
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
| bare 8-item \`TransactWriteItems\`/s, one at a time, same DynamoDB Local, same run | ${bare.toFixed(0)} |
| ratio fills ÷ bare transactions | ${(fillRate / bare).toFixed(2)} |

The worker settles one order at a time (each fill re-checks \`status = pending\`, so a fill racing a
cancel has one winner); the ratio is the share of the store's sequential transaction rate it keeps
after the reads (one index query for the crossing range, one price read) and event handling.
`;
  console.log(section);
  await writeSection(env("DOC"), "Limit-order fills", section);
} finally {
  worker.kill("SIGTERM");
  await worker.status;
  await dynamo.send(new DeleteTableCommand({ TableName: table })).catch(() => {});
  dynamo.destroy();
}
