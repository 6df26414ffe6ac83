// Pluggable price sources (PRICE_SOURCE): `seed` keeps the seeded prices fixed, `simulated` runs a
// seeded random walk every PRICE_TICK_SECONDS, `coingecko` runs upstream's sync loop against
// COINGECKO_URL (an http(s) URL, or a file path to a recorded response — there is no internet here).
// With several inventory replicas only the holder of a short Redis lease ticks, so prices do not
// move N times per interval.
import type { Redis } from "ioredis";
import type { Doc } from "../../common/dynamo.ts";
import type { Logger } from "../../common/logger.ts";
import type { InventoryConfig } from "../config.ts";
import { mapMarkets } from "../domain/coingecko.ts";
import { nextPrice, seededRandom } from "../domain/random-walk.ts";
import { listCatalog } from "../../common/catalog.ts";
import { applyMarketUpdate, setPrice } from "../store/assets.ts";
import { fromDdb } from "../../common/money.ts";
import type { PublishPrice } from "./publish.ts";

export interface SourceDeps {
  cfg: InventoryConfig;
  doc: Doc;
  redis: Redis;
  log: Logger;
  publish: PublishPrice;
}

/** Read a markets payload from an http(s) URL or a local file (recorded fixture). */
export async function fetchMarkets(source: string, timeoutMs = 30_000): Promise<unknown> {
  if (/^https?:\/\//.test(source)) {
    const r = await fetch(source, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
    if (!r.ok) throw new Error(`market data source answered ${r.status}`);
    return await r.json();
  }
  return JSON.parse(await Deno.readTextFile(source.replace(/^file:\/\//, "")));
}

/** One CoinGecko sync: upsert every coin, publish each price change. Returns how many changed. */
export async function syncMarkets(deps: SourceDeps, payload: unknown): Promise<number> {
  let changed = 0;
  for (const update of mapMarkets(payload)) {
    const change = await applyMarketUpdate(deps.doc, deps.cfg.TABLE_NAME, update, "coingecko");
    if (change) {
      changed++;
      await deps.publish(change);
    }
  }
  return changed;
}

/** One simulated tick over every active asset. */
export async function simulateTick(deps: SourceDeps, rand: () => number): Promise<number> {
  let changed = 0;
  for (const item of await listCatalog(deps.doc, deps.cfg.TABLE_NAME)) {
    if (item.is_active !== true) continue;
    const price = fromDdb(item.price_usd);
    const next = nextPrice(price, rand, deps.cfg.SIMULATION_VOLATILITY);
    if (next.eq(price)) continue;
    const change = await setPrice(deps.doc, deps.cfg.TABLE_NAME, String(item.asset_id), next, "simulated");
    await deps.publish(change);
    changed++;
  }
  return changed;
}

/** Hold the ticker lease for one interval; false if another replica holds it. Redis down → tick anyway. */
async function takeLease(redis: Redis, ms: number): Promise<boolean> {
  try {
    return (await redis.set(
      "lease:price-ticker",
      crypto.randomUUID(),
      "PX",
      Math.max(ms - 100, 100),
      "NX",
    )) === "OK";
  } catch {
    return true;
  }
}

/** Start the configured source. Returns a stop function. */
export function startPriceSource(deps: SourceDeps): () => void {
  const { cfg, log } = deps;
  if (cfg.PRICE_SOURCE === "seed") return () => {};
  const intervalMs =
    (cfg.PRICE_SOURCE === "simulated" ? cfg.PRICE_TICK_SECONDS : cfg.COINGECKO_INTERVAL_SECONDS) *
    1000;
  const rand = seededRandom(cfg.SIMULATION_SEED);
  let running = false;
  const tick = async () => {
    if (running || !(await takeLease(deps.redis, intervalMs))) return;
    running = true;
    try {
      const changed = cfg.PRICE_SOURCE === "simulated"
        ? await simulateTick(deps, rand)
        : await syncMarkets(deps, await fetchMarkets(cfg.COINGECKO_URL));
      log.debug({ source: cfg.PRICE_SOURCE, changed }, "prices updated");
    } catch (err) {
      // Upstream kept the old prices when CoinGecko failed; so do we (and say so).
      log.warn({ err: String(err), source: cfg.PRICE_SOURCE }, "price update failed; keeping current prices");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  if (cfg.PRICE_SOURCE === "coingecko") tick();
  return () => clearInterval(timer);
}
