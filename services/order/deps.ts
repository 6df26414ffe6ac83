// Everything the order routes need, built once in main.ts (tests build their own).
import type { ServiceDeps } from "../common/runtime.ts";
import type { OrderConfig } from "./config.ts";
import type { AssetLookup } from "../common/asset-cache.ts";

export interface OrderDeps extends ServiceDeps {
  cfg: OrderConfig;
  assets: AssetLookup;
}
