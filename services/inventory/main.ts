// Inventory service entrypoint (:8001): config → clients → seed catalog → price source → serve.
import { loadConfigOrExit } from "../common/config.ts";
import { createRuntime, createRuntimeAssetCache } from "../common/runtime.ts";
import { retryOnError } from "../common/retry.ts";
import { serve } from "../common/service.ts";
import { buildInventoryApp } from "./app.ts";
import { loadInventoryConfig } from "./config.ts";
import { seedFileSchema } from "./domain/asset.ts";
import { createPricePublisher, type PublishPrice } from "./prices/publish.ts";
import { startPriceSource } from "./prices/sources.ts";
import { seedCatalog } from "./store/assets.ts";

const cfg = loadConfigOrExit("inventory-service", () => loadInventoryConfig());
const rt = createRuntime("inventory-service", cfg);
const { doc, redis, log } = rt;
const assets = createRuntimeAssetCache(rt, cfg);
const announce = createPricePublisher(redis, log);
// The one writer of assets drops its own cached copy before telling everyone else.
const publish: PublishPrice = (change) => {
  assets.forget(change.asset_id);
  return announce(change);
};

// Seeding is idempotent (insert-if-absent), so every start and every replica may run it; the
// catalog is therefore never empty, whatever the price source (upstream's was, without CoinGecko).
const seeds = seedFileSchema.parse(JSON.parse(await Deno.readTextFile(cfg.SEED_FILE)));
// Retried for a while: in a fresh environment the table may still be being created.
const created = await retryOnError(
  (err) => (log.warn({ err: String(err) }, "catalog seeding failed; retrying"), true),
  { maxAttempts: 30, initialDelayMs: 200, maxDelayMs: 2000 },
  () => seedCatalog(doc, cfg.TABLE_NAME, seeds.assets),
);
log.info({ created, total: seeds.assets.length, price_source: cfg.PRICE_SOURCE }, "catalog seeded");

const stopPrices = startPriceSource({ cfg, doc, redis, log, publish });
serve(buildInventoryApp({ cfg, ...rt, publish, assets }), cfg.HOST, cfg.PORT, log, () => {
  stopPrices();
  assets.close();
  rt.close();
});
