// Everything the inventory routes need, built once in main.ts (tests build their own).
import type { MiddlewareHandler } from "hono";
import type { Redis } from "ioredis";
import type { AuthVars } from "../common/auth.ts";
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
  auth: MiddlewareHandler<{ Variables: AuthVars }>;
  log: Logger;
  publish: PublishPrice;
}
