// CoinGecko /coins/markets → catalog fields (upstream sync loop, docs/compatibility.md). Pure mapping;
// the caller fetches (live URL or a recorded fixture) and writes.
import { z } from "zod";
import { Big } from "../../common/money.ts";
import { normalisePrice } from "./random-walk.ts";

const n = z.number().finite().nullable().optional();

export const marketCoinSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  name: z.string(),
  image: z.string().nullable().optional(),
  current_price: n,
  market_cap: n,
  market_cap_rank: n,
  total_volume: n,
  high_24h: n,
  low_24h: n,
  price_change_24h: n,
  price_change_percentage_24h: n,
  circulating_supply: n,
  total_supply: n,
  max_supply: n,
  ath: n,
  ath_date: z.string().nullable().optional(),
  atl: n,
  atl_date: z.string().nullable().optional(),
  last_updated: z.string().nullable().optional(),
  price_change_percentage_7d_in_currency: n,
  price_change_percentage_30d_in_currency: n,
}).passthrough();
export type MarketCoin = z.infer<typeof marketCoinSchema>;

/** Market fields of one coin, ready to store (decimals as Big). */
export interface MarketUpdate {
  assetId: string;
  price: Big;
  rank: number | null;
  isActive: boolean;
  fields: Record<string, unknown>;
}

// JSON numbers from CoinGecko are parsed by JSON.parse into floats; String() gives back the
// shortest text that round-trips, which is the decimal CoinGecko sent (≤ 17 digits).
const big = (v: number | null | undefined) => (v === null || v === undefined ? null : new Big(String(v)));

/**
 * Map a markets page. Coins whose symbol is not a valid asset id are skipped; on symbol
 * collisions the better-ranked coin wins (upstream: last one wins, which let obscure tokens
 * overwrite majors).
 */
export function mapMarkets(payload: unknown): MarketUpdate[] {
  const coins = z.array(z.unknown()).parse(payload);
  const byId = new Map<string, MarketUpdate>();
  for (const raw of coins) {
    const parsed = marketCoinSchema.safeParse(raw);
    if (!parsed.success) continue;
    const c = parsed.data;
    const assetId = c.symbol.trim().toUpperCase();
    if (!/^[A-Z0-9]{1,10}$/.test(assetId)) continue;
    const price = big(c.current_price);
    const rank = c.market_cap_rank ?? null;
    const prev = byId.get(assetId);
    if (prev && (prev.rank ?? Infinity) <= (rank ?? Infinity)) continue;
    byId.set(assetId, {
      assetId,
      price: price && price.gt(0) ? normalisePrice(price) : new Big(0),
      rank,
      // Upstream rule: a coin without a price cannot be traded.
      isActive: price !== null && price.gt(0),
      fields: {
        name: c.name,
        image: c.image ?? null,
        market_cap: big(c.market_cap),
        total_volume_24h: big(c.total_volume),
        high_24h: big(c.high_24h),
        low_24h: big(c.low_24h),
        price_change_24h: big(c.price_change_24h),
        price_change_percentage_24h: big(c.price_change_percentage_24h),
        price_change_percentage_7d: big(c.price_change_percentage_7d_in_currency),
        price_change_percentage_30d: big(c.price_change_percentage_30d_in_currency),
        circulating_supply: big(c.circulating_supply),
        total_supply: big(c.total_supply),
        max_supply: big(c.max_supply),
        ath: big(c.ath),
        ath_date: c.ath_date ?? null,
        atl: big(c.atl),
        atl_date: c.atl_date ?? null,
        last_updated: c.last_updated ?? null,
        coingecko_id: c.id,
      },
    });
  }
  return [...byId.values()];
}
