// Price sources against the real DynamoDB Local started by scripts/test.sh (skipped without it).
// Each run uses its own throw-away table, so it cannot disturb the services under test.
import assert from "node:assert/strict";
import { createDocClient, createDynamoClient } from "../../common/dynamo.ts";
import { createLogger } from "../../common/logger.ts";
import { ensureTable } from "../../common/table.ts";
import { loadInventoryConfig } from "../config.ts";
import { seedFileSchema } from "../domain/asset.ts";
import { seededRandom } from "../domain/random-walk.ts";
import { getAssetItem, listPriceHistory, seedCatalog } from "../store/assets.ts";
import type { PriceChange } from "../store/assets.ts";
import { fetchMarkets, simulateTick, syncMarkets } from "./sources.ts";
import type { Redis } from "ioredis";

const endpoint = Deno.env.get("DYNAMODB_ENDPOINT");

Deno.test({
  name: "price sources: seed is idempotent; coingecko fixture and simulated ticks store history and publish",
  ignore: !endpoint,
  async fn() {
    const table = `inv-src-${crypto.randomUUID().slice(0, 8)}`;
    const cfg = loadInventoryConfig({
      ...Deno.env.toObject(),
      TABLE_NAME: table,
      JWT_SECRET: "x".repeat(32),
      PRICE_SOURCE: "simulated",
      SIMULATION_VOLATILITY: "0.01",
    });
    const client = createDynamoClient(cfg);
    const doc = createDocClient(cfg);
    try {
      await ensureTable(client, table);
      const seeds = seedFileSchema.parse(JSON.parse(await Deno.readTextFile(cfg.SEED_FILE))).assets;
      assert.equal(await seedCatalog(doc, table, seeds), seeds.length);
      assert.equal(await seedCatalog(doc, table, seeds), 0, "second seeding changes nothing");

      const published: PriceChange[] = [];
      const deps = {
        cfg,
        doc,
        redis: {} as Redis,
        log: createLogger("test", "silent"),
        publish: (c: PriceChange) => Promise.resolve(void published.push(c)),
      };
      const fixture = new URL("../testdata/coingecko-markets.json", import.meta.url).pathname;
      const changed = await syncMarkets(deps, await fetchMarkets(fixture));
      assert.equal(changed, 5); // BTC, ETH, SHIB updated; WBTC and DEAD created
      const btc = (await getAssetItem(doc, table, "BTC"))!;
      assert.equal(String((btc.price_usd as { value: string }).value), "67234.12");
      assert.equal(btc.category, "layer1", "seeded descriptive fields are kept");
      assert.equal((await getAssetItem(doc, table, "DEAD"))!.is_active, false);
      const hist = await listPriceHistory(doc, table, "BTC", { limit: 10 });
      assert.deepEqual(hist.data.map((h) => [h.price_usd, h.source]), [[67234.12, "coingecko"], [
        50000,
        "seed",
      ]]);
      assert.equal(
        await syncMarkets(deps, await fetchMarkets(fixture)),
        0,
        "unchanged prices publish nothing",
      );

      published.length = 0;
      const moved = await simulateTick(deps, seededRandom(42));
      assert.ok(moved > 20);
      assert.equal(published.length, moved);
      const eth = published.find((p) => p.asset_id === "ETH")!;
      assert.equal(eth.previous, "3765.43");
      assert.equal(
        String(((await getAssetItem(doc, table, "ETH"))!.price_usd as { value: string }).value),
        eth.price,
      );
    } finally {
      await client.send(
        new (await import("@aws-sdk/client-dynamodb")).DeleteTableCommand({ TableName: table }),
      )
        .catch(() => {});
      client.destroy();
    }
  },
});
