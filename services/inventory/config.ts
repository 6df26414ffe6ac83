// Inventory service configuration (validated once at start).
import { z } from "zod";
import { baseConfigShape, loadConfig } from "../common/config.ts";

export const inventoryConfigShape = {
  ...baseConfigShape,
  PORT: z.coerce.number().int().min(1).max(65535).default(8001),
  // seed: fixed seeded prices; simulated: seeded random walk; coingecko: upstream sync loop.
  PRICE_SOURCE: z.enum(["seed", "simulated", "coingecko"]).default("seed"),
  SEED_FILE: z.string().min(1).default(new URL("./data/assets.json", import.meta.url).pathname),
  PRICE_TICK_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  SIMULATION_SEED: z.coerce.number().int().min(0).default(42),
  SIMULATION_VOLATILITY: z.coerce.number().min(0).max(0.2).default(0.002),
  // An http(s) URL, or a file path to a recorded /coins/markets response (tests, offline demos).
  COINGECKO_URL: z.string().min(1).default(
    "https://api.coingecko.com/api/v3/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=250&page=1&sparkline=false&price_change_percentage=7d,30d",
  ),
  COINGECKO_INTERVAL_SECONDS: z.coerce.number().min(1).max(86400).default(300),
};

export const loadInventoryConfig = (env?: Record<string, string | undefined>) =>
  loadConfig(inventoryConfigShape, env);
export type InventoryConfig = ReturnType<typeof loadInventoryConfig>;
