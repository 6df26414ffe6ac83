// Catalog persistence: idempotent seeding, price changes (asset item +
// history point in ONE transaction) and activation. Only the inventory service writes assets.
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { rejected } from "../../common/domain-error.ts";
import { ConditionFailed, type Doc, TransactionContention, transactWrite } from "../../common/dynamo.ts";
import { nowIso } from "../../common/ids.ts";
import { assetPk, keys, PREFIX } from "../../common/keys.ts";
import { Big, ddbNumber, fromDdb } from "../../common/money.ts";
import { queryNewestFirst } from "../../common/pagination.ts";
import { retryOnError } from "../../common/retry.ts";
import { catalogKeys, type PriceSource, type SeedAsset, seedToItem } from "../domain/asset.ts";
import type { MarketUpdate } from "../domain/coingecko.ts";

/** Big → DynamoDB Number everywhere in an item (other values unchanged). */
export function toDdbItem(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v instanceof Big ? ddbNumber(v) : v]));
}

// History keys carry a short random suffix so two changes in the same millisecond cannot collide;
// the ISO prefix keeps them in time order.
const historyKey = (assetId: string, at: string) =>
  keys.priceHistory(assetId, at, crypto.randomUUID().slice(0, 4));

function historyPut(
  table: string,
  assetId: string,
  price: Big,
  previous: Big | null,
  source: PriceSource,
  at: string,
) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...historyKey(assetId, at),
        entity: "price_point",
        asset_id: assetId,
        price_usd: ddbNumber(price),
        ...(previous ? { previous_price_usd: ddbNumber(previous) } : {}),
        source,
        created_at: at,
      },
    },
  };
}

/** Insert every seed asset that is not there yet (never overwrites admin or market changes). */
export async function seedCatalog(doc: Doc, table: string, seeds: SeedAsset[]): Promise<number> {
  let created = 0;
  for (const s of seeds) {
    const now = nowIso();
    const item = toDdbItem(seedToItem(s, now));
    try {
      await transactWrite(doc, {
        asset: { Put: { TableName: table, Item: item, ConditionExpression: "attribute_not_exists(PK)" } },
        history: historyPut(table, s.asset_id, new Big(s.price_usd), null, "seed", now),
      });
      created++;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err; // already seeded: keep it
    }
  }
  return created;
}

export async function getAssetItem(doc: Doc, table: string, assetId: string) {
  const r = await doc.send(
    new GetCommand({ TableName: table, Key: keys.asset(assetId), ConsistentRead: true }),
  );
  return r.Item;
}

export interface PriceChange {
  asset_id: string;
  price: string;
  previous: string;
  source: PriceSource;
  at: string;
}

const PRICE_RETRY = { maxAttempts: 5, initialDelayMs: 5, maxDelayMs: 50 };
const OWN_ATTRIBUTES = new Set(["price_usd", "price_source", "last_updated", "updated_at", "PK", "SK"]);

/**
 * Set an asset's price and record a history point, atomically. The update is conditional on the
 * price we read, so two concurrent writers cannot both claim the same `previous` price.
 */
export async function setPrice(
  doc: Doc,
  table: string,
  assetId: string,
  price: Big,
  source: PriceSource,
  extra: Record<string, unknown> = {},
): Promise<PriceChange> {
  // The price moved under us (condition failed): re-read and try again, a few times.
  const attempt = async (): Promise<PriceChange> => {
    const current = await getAssetItem(doc, table, assetId);
    if (!current) throw rejected("ASSET_NOT_FOUND", `Asset '${assetId}' not found`);
    const previous = fromDdb(current.price_usd);
    const at = nowIso();
    const extras = toDdbItem(extra);
    // Attributes this update always sets cannot appear twice in one expression.
    const names = Object.keys(extras).filter((k) => !OWN_ATTRIBUTES.has(k));
    const sets = names.map((_k, i) => `#x${i} = :x${i}`);
    await transactWrite(doc, {
      asset: {
        Update: {
          TableName: table,
          Key: keys.asset(assetId),
          UpdateExpression: `SET ${
            ["price_usd = :p", "price_source = :src", "last_updated = :at", "updated_at = :at", ...sets].join(
              ", ",
            )
          }`,
          ConditionExpression: "price_usd = :old",
          ExpressionAttributeNames: names.length
            ? Object.fromEntries(names.map((k, i) => [`#x${i}`, k]))
            : undefined,
          ExpressionAttributeValues: {
            ":p": ddbNumber(price),
            ":old": ddbNumber(previous),
            ":src": source,
            ":at": at,
            ...Object.fromEntries(names.map((k, i) => [`:x${i}`, extras[k]])),
          },
        },
      },
      history: historyPut(table, assetId, price, previous, source, at),
    });
    return { asset_id: assetId, price: price.toFixed(), previous: previous.toFixed(), source, at };
  };
  try {
    return await retryOnError((e) => e instanceof ConditionFailed, PRICE_RETRY, attempt);
  } catch (err) {
    if (err instanceof ConditionFailed || err instanceof TransactionContention) {
      throw rejected("PRICE_BUSY", `The price of '${assetId}' is being changed concurrently; please retry`);
    }
    throw err;
  }
}

/** Activate or deactivate an asset for trading. */
export async function setActive(doc: Doc, table: string, assetId: string, active: boolean) {
  try {
    const r = await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.asset(assetId),
        UpdateExpression: "SET is_active = :a, updated_at = :at",
        ConditionExpression: "attribute_exists(PK)",
        ExpressionAttributeValues: { ":a": active, ":at": nowIso() },
        ReturnValues: "ALL_NEW",
      }),
    );
    return r.Attributes!;
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") {
      throw rejected("ASSET_NOT_FOUND", `Asset '${assetId}' not found`);
    }
    throw err;
  }
}

/** Create (if new) or refresh market fields from a market-data update. Returns the price change, if any. */
export async function applyMarketUpdate(
  doc: Doc,
  table: string,
  u: MarketUpdate,
  source: PriceSource,
): Promise<PriceChange | null> {
  const existing = await getAssetItem(doc, table, u.assetId);
  const rankKeys = catalogKeys(u.assetId, u.rank);
  if (!existing) {
    const now = nowIso();
    const item = toDdbItem({
      ...rankKeys,
      asset_id: u.assetId,
      symbol: u.assetId,
      category: "altcoin",
      description: `Digital asset: ${u.fields.name}`,
      ...u.fields,
      price_usd: u.price,
      market_cap_rank: u.rank,
      is_active: u.isActive,
      price_source: source,
      created_at: now,
      updated_at: now,
    });
    try {
      await transactWrite(doc, {
        asset: { Put: { TableName: table, Item: item, ConditionExpression: "attribute_not_exists(PK)" } },
        history: historyPut(table, u.assetId, u.price, null, source, now),
      });
      return { asset_id: u.assetId, price: u.price.toFixed(), previous: "0", source, at: now };
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  const extra: Record<string, unknown> = { ...u.fields, market_cap_rank: u.rank, GSI1SK: rankKeys.GSI1SK };
  if (!u.isActive) extra.is_active = false; // never re-activate what an admin deactivated
  const before = existing ? fromDdb(existing.price_usd) : null;
  if (before && before.eq(u.price)) return null;
  return await setPrice(doc, table, u.assetId, u.price, source, extra);
}

export interface HistoryPage {
  data: { price_usd: number; previous_price_usd: number | null; source: PriceSource; timestamp: string }[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** Price history, newest first, for charts. */
export async function listPriceHistory(
  doc: Doc,
  table: string,
  assetId: string,
  opts: { limit: number; cursor?: string },
): Promise<HistoryPage> {
  const page = await queryNewestFirst(doc, {
    table,
    pk: assetPk(assetId),
    prefix: PREFIX.priceHistory,
    ...opts,
  });
  return {
    data: page.items.map((p) => ({
      price_usd: Number(fromDdb(p.price_usd).toFixed()),
      previous_price_usd: p.previous_price_usd === undefined
        ? null
        : Number(fromDdb(p.previous_price_usd).toFixed()),
      source: String(p.source) as PriceSource,
      timestamp: String(p.created_at),
    })),
    hasMore: page.hasMore,
    nextCursor: page.nextCursor,
  };
}
