// Response schemas of the catalog (the shapes domain/asset.ts toAssetData / toAssetDetail produce),
// named in the OpenAPI components so the typed client and the conformance check see real fields.
import { z } from "@hono/zod-openapi";
import { AVAILABILITY_STATUSES, PRICE_SOURCES } from "../domain/asset.ts";

const n = z.number().nullable();

export const ASSET_EXAMPLE = {
  asset_id: "BTC",
  name: "Bitcoin",
  description: "The first decentralised digital currency, secured by proof of work.",
  category: "layer1",
  price_usd: 50000,
  is_active: true,
  symbol: "BTC",
  image: null,
  market_cap_rank: 1,
  price_change_percentage_24h: 1.25,
  market_cap: 985000000000,
  total_volume_24h: 28000000000,
};

const assetShape = {
  asset_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string(),
  price_usd: z.number().openapi({ description: "USD; JSON number as upstream" }),
  is_active: z.boolean(),
  symbol: z.string(),
  image: z.string().nullable(),
  market_cap_rank: z.number().int().nullable(),
  price_change_percentage_24h: n,
  market_cap: n,
  total_volume_24h: n,
};

export const AssetSchema = z.object(assetShape).openapi("Asset", { example: ASSET_EXAMPLE });

export const ASSET_DETAIL_EXAMPLE = {
  ...ASSET_EXAMPLE,
  availability_status: "available",
  price_change_24h: 615.2,
  price_change_percentage_7d: 3.1,
  price_change_percentage_30d: 8.4,
  high_24h: 50500,
  low_24h: 49200,
  circulating_supply: 19700000,
  total_supply: 21000000,
  max_supply: 21000000,
  ath: 73750,
  ath_change_percentage: -32.2,
  ath_date: "2024-03-14T07:10:36.635Z",
  atl: 67.81,
  atl_change_percentage: 73635.2,
  atl_date: "2013-07-06T00:00:00.000Z",
  last_updated: "2026-01-05T10:00:00.000Z",
};

export const AssetDetailSchema = z.object({
  ...assetShape,
  availability_status: z.enum(AVAILABILITY_STATUSES).openapi({
    description: "From is_active: tradable or not",
  }),
  price_change_24h: n,
  price_change_percentage_7d: n,
  price_change_percentage_30d: n,
  high_24h: n,
  low_24h: n,
  circulating_supply: n,
  total_supply: n,
  max_supply: n,
  ath: n,
  ath_change_percentage: n,
  ath_date: z.string().nullable(),
  atl: n,
  atl_change_percentage: n,
  atl_date: z.string().nullable(),
  last_updated: z.string(),
}).openapi("AssetDetail", { example: ASSET_DETAIL_EXAMPLE });

export const PricePointSchema = z.object({
  price_usd: z.number(),
  previous_price_usd: z.number().nullable().openapi({ description: "null on the first point" }),
  source: z.enum(PRICE_SOURCES).openapi({ example: "admin" }),
  timestamp: z.string(),
}).openapi("PricePoint");
