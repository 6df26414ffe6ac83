// Gateway configuration, read once at start and validated (a bad value fails fast naming the variable).
// Every threshold is configurable because the integration suites of all teams share one gateway
// from 127.0.0.1: test.sh raises the per-IP limits; tests that need tight limits start their own gateway.
import { z } from "zod";
import { baseConfigShape, ConfigError, loadConfig } from "../services/common/config.ts";

const posInt = z.coerce.number().int().min(1);
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const csv = z.string().transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));

export const gatewayConfigShape = {
  ...baseConfigShape,
  // The gateway verifies tokens in-process; with JWT_JWKS_URL set it verifies RS256/EdDSA tokens
  // against that key set instead, so JWT_SECRET is only required when no JWKS is configured.
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ALGORITHMS: csv.pipe(z.array(z.enum(["HS256", "RS256", "EdDSA", "ES256"])).min(1)).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  // Unset means "not deployed yet": its routes answer 503 and readiness does not wait for it.
  USER_URL: z.url().optional(),
  INVENTORY_URL: z.url().optional(),
  ORDER_URL: z.url().optional(),
  // Peers whose X-Forwarded-For is believed: IPs, IPv4 CIDRs, or the word "loopback". Empty = socket only.
  TRUSTED_PROXIES: csv.default([]),
  CORS_ORIGINS: csv.default(["http://localhost:3000", "http://127.0.0.1:3000"]),
  BODY_LIMIT_BYTES: posInt.default(1024 * 1024),
  BODY_READ_TIMEOUT_MS: posInt.default(10_000),
  // Per-route timeout groups (ms).
  TIMEOUT_DEFAULT_MS: posInt.default(10_000),
  TIMEOUT_FAST_MS: posInt.default(5_000),
  TIMEOUT_SLOW_MS: posInt.default(30_000),
  // Live notifications (docs/events.md): heartbeat comment period; WebSocket ticket lifetime.
  LIVE_HEARTBEAT_MS: posInt.default(15_000),
  WS_TICKET_TTL_SECONDS: posInt.default(30),
  // Circuit breaker per upstream: consecutive failures to open, then a half-open probe after the delay
  // (2 s: a restarted service gets traffic back about 2 s after it answers again, not 10 s).
  BREAKER_FAILURES: posInt.default(5),
  BREAKER_HALF_OPEN_AFTER_MS: posInt.default(2_000),
  // Rate limits: requests per RATE_LIMIT_WINDOW_SECONDS, per client IP and per user, per route group.
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_WINDOW_SECONDS: posInt.default(60),
  // "local": decided in process, counts synced to Redis every RATE_LIMIT_SYNC_MS (instances share one
  // budget with a bounded overshoot, docs/gateway.md); "redis": one exact Redis script per request.
  RATE_LIMIT_MODE: z.enum(["local", "redis"]).default("local"),
  RATE_LIMIT_SYNC_MS: posInt.default(100),
  RATE_LIMIT_DEFAULT_IP: posInt.default(10_000),
  RATE_LIMIT_DEFAULT_USER: posInt.default(3_000),
  RATE_LIMIT_WRITE_IP: posInt.default(3_000),
  RATE_LIMIT_WRITE_USER: posInt.default(600),
  RATE_LIMIT_AUTH_IP: posInt.default(600),
  RATE_LIMIT_AUTH_USER: posInt.default(60),
  // Login brute-force guard (per IP and per account): N failures within the window → blocked.
  LOGIN_MAX_FAILURES_IP: posInt.default(5),
  LOGIN_MAX_FAILURES_USER: posInt.default(5),
  LOGIN_FAILURE_WINDOW_SECONDS: posInt.default(300),
  LOGIN_BLOCK_SECONDS: posInt.default(300),
};

export function loadGatewayConfig(env?: Record<string, string | undefined>) {
  const cfg = loadConfig(gatewayConfigShape, env);
  if (!cfg.JWT_SECRET && !cfg.JWT_JWKS_URL) {
    throw new ConfigError("Invalid configuration:\n  JWT_SECRET: required unless JWT_JWKS_URL is set");
  }
  return cfg;
}
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
