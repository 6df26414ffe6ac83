// Pure catalog rules: the seed file's shape, seed → stored item, stored item → API views.
// Numbers stay exact decimals (big.js) until the last step; the API prints market fields as JSON
// numbers like upstream, and prices are capped at 15 significant digits so that print is exact.
import { z } from "zod";
import { CATALOG_PARTITION, catalogSortKey } from "../../common/catalog.ts";
import { Big, dec, fromDdb } from "../../common/money.ts";

const decimalText = z.string().regex(/^\d+(\.\d+)?$/, "must be a non-negative decimal string");

export const seedAssetSchema = z.object({
  asset_id: z.string().regex(/^[A-Z0-9]{1,10}$/),
  name: z.string().min(1),
  category: z.string().min(1),
  description: z.string().min(1),
  price_usd: decimalText,
  market_cap_rank: z.number().int().positive(),
  circulating_supply: decimalText,
  total_supply: decimalText.nullable(),
  max_supply: decimalText.nullable(),
  total_volume_24h: decimalText,
  price_change_percentage_24h: z.string().regex(/^-?\d+(\.\d+)?$/),
  price_change_percentage_7d: z.string().regex(/^-?\d+(\.\d+)?$/),
  price_change_percentage_30d: z.string().regex(/^-?\d+(\.\d+)?$/),
  ath: decimalText,
  ath_date: z.string(),
  atl: decimalText,
  atl_date: z.string(),
  image: z.string().nullable().optional(),
});
export type SeedAsset = z.infer<typeof seedAssetSchema>;

export const seedFileSchema = z.object({ assets: z.array(seedAssetSchema).min(1) });

/** Decimal attributes of an asset item (everything else is text, boolean or null). */
export const NUMERIC_FIELDS = [
  "price_usd",
  "market_cap",
  "total_volume_24h",
  "circulating_supply",
  "total_supply",
  "max_supply",
  "price_change_24h",
  "price_change_percentage_24h",
  "price_change_percentage_7d",
  "price_change_percentage_30d",
  "high_24h",
  "low_24h",
  "ath",
  "atl",
] as const;

const round = (v: Big, dp: number) => v.round(dp, Big.roundHalfUp);

/** The stored item for a seed entry. Market cap, 24h change and high/low are derived so they agree. */
export function seedToItem(s: SeedAsset, now: string): Record<string, unknown> {
  const price = dec(s.price_usd);
  const pct = dec(s.price_change_percentage_24h);
  // price = open × (1 + pct/100) → change = price − open
  const open = price.div(pct.div(100).plus(1));
  const change = round(price.minus(open), 8);
  const high = price.gt(open) ? price : round(open, 8);
  const low = price.lt(open) ? price : round(open, 8);
  return {
    asset_id: s.asset_id,
    symbol: s.asset_id,
    name: s.name,
    category: s.category,
    description: s.description,
    image: s.image ?? null,
    is_active: true,
    price_usd: price,
    market_cap: round(price.times(s.circulating_supply), 0),
    market_cap_rank: s.market_cap_rank,
    total_volume_24h: dec(s.total_volume_24h),
    circulating_supply: dec(s.circulating_supply),
    total_supply: s.total_supply === null ? null : dec(s.total_supply),
    max_supply: s.max_supply === null ? null : dec(s.max_supply),
    price_change_24h: change,
    price_change_percentage_24h: pct,
    price_change_percentage_7d: dec(s.price_change_percentage_7d),
    price_change_percentage_30d: dec(s.price_change_percentage_30d),
    high_24h: high,
    low_24h: low,
    ath: dec(s.ath),
    ath_date: s.ath_date,
    atl: dec(s.atl),
    atl_date: s.atl_date,
    price_source: "seed",
    last_updated: now,
    created_at: now,
    updated_at: now,
    ...catalogKeys(s.asset_id, s.market_cap_rank),
  };
}

export const catalogKeys = (assetId: string, rank: number | null) => ({
  PK: `ASSET#${assetId}`,
  SK: "ASSET",
  entity: "asset",
  GSI1PK: CATALOG_PARTITION,
  GSI1SK: catalogSortKey(rank, assetId),
});

/** A stored decimal (or null) as a JSON number; exact for ≤ 15 significant digits. */
export function num(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  return Number(fromDdb(v).toFixed());
}

const pctFrom = (price: Big, ref: unknown): number | null => {
  if (ref === undefined || ref === null) return null;
  const r = fromDdb(ref);
  return r.eq(0) ? null : Number(round(price.minus(r).div(r).times(100), 2).toFixed());
};

/** List item (upstream AssetData). */
export function toAssetData(item: Record<string, unknown>) {
  return {
    asset_id: String(item.asset_id),
    name: String(item.name),
    description: (item.description as string | null) ?? null,
    category: String(item.category),
    price_usd: num(item.price_usd) ?? 0,
    is_active: item.is_active === true,
    symbol: String(item.symbol ?? item.asset_id),
    image: (item.image as string | null) ?? null,
    market_cap_rank: item.market_cap_rank == null ? null : Number(fromDdb(item.market_cap_rank).toFixed()),
    price_change_percentage_24h: num(item.price_change_percentage_24h),
    market_cap: num(item.market_cap),
    total_volume_24h: num(item.total_volume_24h),
  };
}

/** An asset's tradability as the detail view names it (from `is_active`). */
export const AVAILABILITY_STATUSES = ["available", "unavailable"] as const;
export type AvailabilityStatus = (typeof AVAILABILITY_STATUSES)[number];

/** Where a price came from: the seed file, the random walk, a CoinGecko sync, or an admin. */
export const PRICE_SOURCES = ["seed", "simulated", "coingecko", "admin"] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** Detail (upstream AssetDetailData); ATH/ATL distance is computed from the current price. */
export function toAssetDetail(item: Record<string, unknown>) {
  const price = fromDdb(item.price_usd);
  const active = item.is_active === true;
  return {
    ...toAssetData(item),
    availability_status: (active ? "available" : "unavailable") as AvailabilityStatus,
    price_change_24h: num(item.price_change_24h),
    price_change_percentage_7d: num(item.price_change_percentage_7d),
    price_change_percentage_30d: num(item.price_change_percentage_30d),
    high_24h: num(item.high_24h),
    low_24h: num(item.low_24h),
    circulating_supply: num(item.circulating_supply),
    total_supply: num(item.total_supply),
    max_supply: num(item.max_supply),
    ath: num(item.ath),
    ath_change_percentage: pctFrom(price, item.ath),
    ath_date: (item.ath_date as string | null) ?? null,
    atl: num(item.atl),
    atl_change_percentage: pctFrom(price, item.atl),
    atl_date: (item.atl_date as string | null) ?? null,
    last_updated: String(item.last_updated ?? item.updated_at ?? ""),
  };
}

/** Sort for the list: market-cap rank ascending, unranked last, then id (stable between calls). */
export function byRank(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return String(a.GSI1SK ?? "").localeCompare(String(b.GSI1SK ?? ""));
}
