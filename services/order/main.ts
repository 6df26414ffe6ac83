// Order service entrypoint (:8002): config → clients → app → serve.
import { loadConfigOrExit } from "../common/config.ts";
import { createRedis } from "../common/redis.ts";
import { createRuntime } from "../common/runtime.ts";
import { serve } from "../common/service.ts";
import { buildOrderApp } from "./app.ts";
import { loadOrderConfig } from "./config.ts";
import { createAssetCache } from "./store/asset-cache.ts";

const cfg = loadConfigOrExit("order-service", () => loadOrderConfig());
const rt = createRuntime("order-service", cfg);
// A subscriber connection cannot run other commands, hence its own client.
const assets = createAssetCache(
  rt.doc,
  cfg.TABLE_NAME,
  createRedis(cfg.REDIS_URL, "subscriber"),
  cfg.ASSET_CACHE_MS,
  rt.log,
);
serve(buildOrderApp({ cfg, ...rt, assets }), cfg.HOST, cfg.PORT, rt.log, () => {
  assets.close();
  rt.close();
});
