// Typed configuration read once from the environment at start-up and validated with zod.
// A bad or missing variable fails fast with a message naming it.
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** Settings every process shares. Services extend this with their own keys. */
export const baseConfigShape = {
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  // Set for DynamoDB Local; unset in AWS (the SDK finds the regional endpoint and IAM credentials).
  DYNAMODB_ENDPOINT: z.url().optional(),
  TABLE_NAME: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/).default("order-processor"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").default(
    "redis://127.0.0.1:6379",
  ),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters"),
  JWT_ISSUER: z.string().min(1).default("order-processor"),
  JWT_AUDIENCE: z.string().min(1).default("order-processor-api"),
  JWT_EXPIRES_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(3600),
  REVOCATION_CHECK: bool.default(true),
  // Asset items and the catalog listing cached in-process, invalidated by the inventory's Redis
  // messages (services/common/asset-cache.ts); 0 = read DynamoDB every time.
  ASSET_CACHE_MS: z.coerce.number().int().min(0).max(60000).default(5000),
} as const;

export class ConfigError extends Error {
  /** One line per bad variable: `NAME: what is wrong`. */
  readonly problems: string[];
  constructor(message: string, problems?: string[]) {
    super(message);
    this.name = "ConfigError";
    this.problems = problems ?? message.split("\n").slice(1).map((l) => l.trim()).filter(Boolean);
  }
}

/**
 * Load a process's configuration, or print one plain line per bad variable to stderr and exit 78
 * (EX_CONFIG) — no stack trace, no colour codes: an operator reads it in a terminal or a log.
 */
export function loadConfigOrExit<T>(processName: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) console.error(`${processName}: configuration error: ${p}`);
    Deno.exit(78);
  }
}

/** Parse `env` against `shape`; throws ConfigError naming each bad variable. */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Record<string, string | undefined> = Deno.env.toObject(),
): z.infer<z.ZodObject<S>> {
  // Empty strings mean "unset" so `FOO=` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const name = i.path.join(".");
      const missing = i.code === "invalid_type" && cleaned[name] === undefined;
      if (missing) return `${name}: required but not set`;
      // Echo the bad value to help, except for secrets.
      const shown = /SECRET|PASSWORD|TOKEN|KEY/.test(name) ? "" : ` (got ${JSON.stringify(cleaned[name])})`;
      return `${name}: ${i.message.replace(/^Invalid input: /, "")}${shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`, problems);
  }
  return result.data;
}

export const baseConfigSchema = z.object(baseConfigShape);
export type BaseConfig = z.infer<typeof baseConfigSchema>;
