// Everything the inventory routes need, built once in main.ts (tests build their own).
import type { AssetLookup } from "../common/asset-cache.ts";
import type { ServiceDeps } from "../common/runtime.ts";
import type { InventoryConfig } from "./config.ts";
import type { PublishPrice } from "./prices/publish.ts";

export interface InventoryDeps extends Omit<ServiceDeps, "locker" | "idem"> {
  cfg: InventoryConfig;
  publish: PublishPrice;
  assets: AssetLookup;
}
