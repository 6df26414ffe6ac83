// The dashboard process's configuration (frontend/server.ts), read once at start and validated:
// a bad value fails fast naming the variable. deploy_tests/ check every deployment's env against it.
import { z } from "zod";
import { baseConfigShape, loadConfig } from "../services/common/config.ts";

const usd = z.string().regex(/^\d+(\.\d{1,2})?$/, "must be a USD amount");

export const frontendConfigShape = {
  HOST: baseConfigShape.HOST,
  LOG_LEVEL: baseConfigShape.LOG_LEVEL,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Where `/api/*` is proxied to (no trailing slash needed).
  GATEWAY_URL: z.url().default("http://127.0.0.1:8080").transform((u) => u.replace(/\/$/, "")),
  // The production build to serve; default frontend/dist beside this file (the images put it there).
  FRONTEND_DIST: z.string().min(1).optional(),
  // Limits the dashboard shows beside its forms: the same variables (and defaults) the services read.
  MAX_ORDER_VALUE: usd.default("10000"),
  DAILY_DEPOSIT_LIMIT: usd.default("10000"),
  DAILY_WITHDRAW_LIMIT: usd.default("5000"),
};

export const loadFrontendConfig = (env?: Record<string, string | undefined>) =>
  loadConfig(frontendConfigShape, env);
export type FrontendConfig = ReturnType<typeof loadFrontendConfig>;
