// Order service entrypoint (:8002): config → clients → app → serve.
import { loadConfigOrExit } from "../common/config.ts";
import { createRuntime, createRuntimeAssetCache } from "../common/runtime.ts";
import { serve } from "../common/service.ts";
import { buildOrderApp } from "./app.ts";
import { loadOrderConfig } from "./config.ts";

const cfg = loadConfigOrExit("order-service", () => loadOrderConfig());
const rt = createRuntime("order-service", cfg);
const assets = createRuntimeAssetCache(rt, cfg);
serve(buildOrderApp({ cfg, ...rt, assets }), cfg.HOST, cfg.PORT, rt.log, () => {
  assets.close();
  rt.close();
});
