// Everything the user service's routes need, built once in main.ts and passed in (tests build their own).
import type { MiddlewareHandler } from "hono";
import type { Redis } from "ioredis";
import type { AuthVars } from "../common/auth.ts";
import type { Doc } from "../common/dynamo.ts";
import type { Idempotency } from "../common/idempotency.ts";
import type { Locker } from "../common/lock.ts";
import type { Logger } from "../common/logger.ts";
import type { Tokens } from "../common/jwt.ts";
import type { UserConfig } from "./config.ts";

export interface UserDeps {
  cfg: UserConfig;
  doc: Doc;
  redis: Redis;
  tokens: Tokens;
  auth: MiddlewareHandler<{ Variables: AuthVars }>;
  locker: Locker;
  idem: Idempotency;
  log: Logger;
}
