// User service entrypoint (:8000): config → clients → app → serve.
import { loadConfigOrExit } from "../common/config.ts";
import { createRuntime, createRuntimeAssetCache } from "../common/runtime.ts";
import { serve } from "../common/service.ts";
import { buildUserApp } from "./app.ts";
import { loadUserConfig } from "./config.ts";

const cfg = loadConfigOrExit("user-service", () => loadUserConfig());
const rt = createRuntime("user-service", cfg);
const assets = createRuntimeAssetCache(rt, cfg);
serve(buildUserApp({ cfg, ...rt, assets }), cfg.HOST, cfg.PORT, rt.log, () => {
  assets.close();
  rt.close();
});
