// Inventory service entrypoint (:8001): config → clients → seed catalog → price source → serve.
import { loadConfigOrExit } from "../common/config.ts";
import { createRuntime } from "../common/runtime.ts";
import { serve } from "../common/service.ts";
import { buildInventoryApp } from "./app.ts";
import { loadInventoryConfig } from "./config.ts";
import { seedFileSchema } from "./domain/asset.ts";
import { createPricePublisher } from "./prices/publish.ts";
import { startPriceSource } from "./prices/sources.ts";
import { seedCatalog } from "./store/assets.ts";

const cfg = loadConfigOrExit("inventory-service", () => loadInventoryConfig());
const rt = createRuntime("inventory-service", cfg);
const { doc, redis, log } = rt;
const publish = createPricePublisher(redis, log);

// Seeding is idempotent (insert-if-absent), so every start and every replica may run it; the
// catalog is therefore never empty, whatever the price source (upstream's was, without CoinGecko).
const seeds = seedFileSchema.parse(JSON.parse(await Deno.readTextFile(cfg.SEED_FILE)));
// Retried for a while: in a fresh environment the table may still be being created.
let created = 0;
for (let attempt = 1;; attempt++) {
  try {
    created = await seedCatalog(doc, cfg.TABLE_NAME, seeds.assets);
    break;
  } catch (err) {
    if (attempt >= 30) throw err;
    log.warn({ err: String(err), attempt }, "catalog seeding failed; retrying");
    await new Promise((r) => setTimeout(r, 1000));
  }
}
log.info({ created, total: seeds.assets.length, price_source: cfg.PRICE_SOURCE }, "catalog seeded");

const stopPrices = startPriceSource({ cfg, doc, redis, log, publish });
serve(buildInventoryApp({ cfg, ...rt, publish }), cfg.HOST, cfg.PORT, log, () => {
  stopPrices();
  rt.close();
});
