// A table of its own for tests that run their own order processes (worker, order service): only the
// processes started here touch it. Seeds the given assets, funds users through the real stores, and
// spawns entrypoints with the table in their environment.
import { createAssetCache } from "../../services/common/asset-cache.ts";
import { createDocClient, createDynamoClient } from "../../services/common/dynamo.ts";
import { ensureTable } from "../../services/common/table.ts";
import { seedCatalog } from "../../services/inventory/store/assets.ts";
import { seedFileSchema } from "../../services/inventory/domain/asset.ts";
import { loadOrderConfig } from "../../services/order/config.ts";
import { orderPorts } from "../../services/order/ports.ts";
import { startDenoProcess } from "../../services/common/testing.ts";
import { createBalanceStore } from "../../services/user/store/balance.ts";
import { seedFundedUser } from "../../services/user/testing.ts";
import { ROOT } from "../helpers.ts";

const endpoint = Deno.env.get("DYNAMODB_ENDPOINT")!;
const store = { AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: endpoint };
export const dynamo = createDynamoClient(store);
export const doc = createDocClient(store);
const noLock = { withLock: <T>(_k: string, fn: () => Promise<T>) => fn() };

export async function freshTable(assetIds = ["ETH"], prefix = "op-worker") {
  const table = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  await ensureTable(dynamo, table);
  const seeds = seedFileSchema.parse(
    JSON.parse(await Deno.readTextFile(`${ROOT}services/inventory/data/assets.json`)),
  );
  await seedCatalog(doc, table, seeds.assets.filter((a) => assetIds.includes(a.asset_id)));
  const cfg = loadOrderConfig({ JWT_SECRET: "x".repeat(32), TABLE_NAME: table, ASSET_CACHE_MS: "0" });
  const ports = orderPorts({
    doc,
    cfg,
    locker: noLock as never,
    assets: createAssetCache({ doc, table, ttlMs: 0 }),
  });
  return { table, ports, balances: createBalanceStore(doc, table) };
}

export const fundedUser = (table: string, name: string, usd: string) => seedFundedUser(doc, table, name, usd);

/** Spawn an entrypoint (e.g. `services/order/worker.ts`) on `table` and `port`. */
export const startProcess = (entry: string, table: string, port: number, env: Record<string, string> = {}) =>
  startDenoProcess(entry, { TABLE_NAME: table, PORT: String(port), ...env });

export const startWorker = (table: string, port: number) =>
  startProcess("services/order/worker.ts", table, port, { WORKER_SWEEP_MS: "200" });
