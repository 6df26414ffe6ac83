// User service configuration (validated once at start; see README configuration table).
import { z } from "zod";
import { baseConfigShape, loadConfig } from "../common/config.ts";

const money = z.string().regex(/^\d+(\.\d{1,2})?$/, "must be a USD amount like 10000 or 10000.00");

export const userConfigShape = {
  ...baseConfigShape,
  PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  DAILY_DEPOSIT_LIMIT: money.default("10000"),
  DAILY_WITHDRAW_LIMIT: money.default("5000"),
  // Below the gateway's route timeout (10 s): a long lock queue answers 409, not 504 (as orders).
  LOCK_WAIT_MS: z.coerce.number().int().min(0).default(8000),
  IDEMPOTENCY_WAIT_MS: z.coerce.number().int().min(0).default(5000),
};

export const loadUserConfig = (env?: Record<string, string | undefined>) => loadConfig(userConfigShape, env);
export type UserConfig = ReturnType<typeof loadUserConfig>;
