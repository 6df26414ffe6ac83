// Everything the inventory routes need, built once in main.ts (tests build their own).
import type { Redis } from "ioredis";
import type { Doc } from "../common/dynamo.ts";
import type { Logger } from "../common/logger.ts";
import type { Tokens } from "../common/jwt.ts";
import type { InventoryConfig } from "./config.ts";
import type { PublishPrice } from "./prices/publish.ts";

export interface InventoryDeps {
  cfg: InventoryConfig;
  doc: Doc;
  redis: Redis;
  tokens: Tokens;
  log: Logger;
  publish: PublishPrice;
}
