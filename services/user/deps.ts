// Everything the user service's routes need, built once in main.ts and passed in (tests build their own).
import type { AssetLookup } from "../common/asset-cache.ts";
import type { ServiceDeps } from "../common/runtime.ts";
import type { UserConfig } from "./config.ts";

export interface UserDeps extends ServiceDeps {
  cfg: UserConfig;
  assets: AssetLookup;
}
