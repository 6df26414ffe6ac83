// Asset catalog reads shared by the inventory, order and user services. All of them read the
// asset items straight from the one table (no HTTP hop on the order path); only the inventory
// service writes them. Key design: docs/data-model.md.
import { BatchGetCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "@hono/zod-openapi";
import { type Doc, queryAll } from "./dynamo.ts";
import { GSI1 } from "./table-definition.ts";
import { retryOnError } from "./retry.ts";
import { type Big, fromDdb } from "./money.ts";
import { isSuspicious } from "./validation.ts";

import { CATALOG_PARTITION, keys } from "./keys.ts";

export { CATALOG_PARTITION } from "./keys.ts";
const assetKey = keys.asset;
/** GSI1SK: market-cap rank zero-padded so string order is rank order; unranked assets sort last. */
export const catalogSortKey = (rank: number | null | undefined, assetId: string) =>
  `${String(rank ?? 999999).padStart(6, "0")}#${assetId}`;

export const ASSET_ID_MESSAGE = "Asset ID must be 1-10 alphanumeric characters";

/** Upstream asset_id rule (docs/compatibility.md): trim, non-empty, 1–10 alphanumerics, upper-cased. */
export const assetIdSchema = z.string({ error: "Asset ID must be a string" }).max(
  100,
  ASSET_ID_MESSAGE,
).transform((v, ctx) => {
  const s = v.trim();
  if (!s) {
    ctx.addIssue({ code: "custom", message: "Asset ID cannot be empty" });
    return z.NEVER;
  }
  if (isSuspicious(s) || !/^[a-zA-Z0-9]{1,10}$/.test(s)) {
    ctx.addIssue({ code: "custom", message: ASSET_ID_MESSAGE });
    return z.NEVER;
  }
  return s.toUpperCase();
}).openapi({ type: "string", example: "BTC", pattern: "^[a-zA-Z0-9]{1,10}$" });

/** The stored asset item, numbers already exact decimals. */
export interface Asset {
  assetId: string;
  name: string;
  symbol: string;
  category: string;
  price: Big;
  isActive: boolean;
  updatedAt: string;
  raw: Record<string, unknown>;
}

export function toAsset(item: Record<string, unknown>): Asset {
  return {
    assetId: String(item.asset_id),
    name: String(item.name ?? item.asset_id),
    symbol: String(item.symbol ?? item.asset_id),
    category: String(item.category ?? ""),
    price: fromDdb(item.price_usd),
    isActive: item.is_active === true,
    updatedAt: String(item.updated_at ?? ""),
    raw: item,
  };
}

/** One asset by (already normalised) id, strongly consistent so a just-set price is seen. */
export async function getAsset(doc: Doc, table: string, assetId: string): Promise<Asset | undefined> {
  const r = await doc.send(
    new GetCommand({ TableName: table, Key: assetKey(assetId), ConsistentRead: true }),
  );
  return r.Item ? toAsset(r.Item) : undefined;
}

class Unprocessed extends Error {}
const BATCH_RETRY = { maxAttempts: 10, initialDelayMs: 20, maxDelayMs: 200 };

/** Several assets by id (missing ones are simply absent from the map). */
export async function getAssets(doc: Doc, table: string, ids: string[]): Promise<Map<string, Asset>> {
  const out = new Map<string, Asset>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    // BatchGet may return some keys unprocessed under load; ask again for just those.
    let keysLeft = unique.slice(i, i + 100).map(assetKey) as Record<string, unknown>[];
    // After the last attempt the rest is left out, as if missing (callers show such assets unpriced).
    await retryOnError((e) => e instanceof Unprocessed, BATCH_RETRY, async () => {
      const r = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keysLeft, ConsistentRead: true } } }),
      );
      for (const item of r.Responses?.[table] ?? []) out.set(String(item.asset_id), toAsset(item));
      keysLeft = (r.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
      if (keysLeft.length) throw new Unprocessed();
    }).catch((err) => {
      if (!(err instanceof Unprocessed)) throw err;
    });
  }
  return out;
}

/** Every catalog item (raw, as stored) in rank order (the catalog is at most a few hundred items). */
export function listCatalog(doc: Doc, table: string): Promise<Record<string, unknown>[]> {
  return queryAll(doc, {
    TableName: table,
    IndexName: GSI1,
    KeyConditionExpression: "GSI1PK = :pk",
    ExpressionAttributeValues: { ":pk": CATALOG_PARTITION },
  });
}
