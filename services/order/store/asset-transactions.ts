// A user's BUY/SELL history for one asset, newest first (upstream: oldest first, no paging).
import type { Doc } from "../../common/dynamo.ts";
import { fromDdb, usd } from "../../common/money.ts";
import { queryNewestFirst } from "../../common/pagination.ts";

export async function listAssetTransactions(
  doc: Doc,
  table: string,
  username: string,
  assetId: string,
  opts: { limit: number; cursor?: string },
) {
  const page = await queryNewestFirst(doc, {
    table,
    pk: `USER#${username}`,
    prefix: `ATXN#${assetId}#`,
    ...opts,
  });
  return {
    data: page.items.map((t) => ({
      transaction_id: String(t.transaction_id),
      asset_id: String(t.asset_id),
      transaction_type: String(t.transaction_type),
      quantity: fromDdb(t.quantity).toFixed(),
      price: fromDdb(t.price).toFixed(),
      total_amount: usd(fromDdb(t.total_amount)),
      order_id: String(t.order_id),
      status: String(t.status),
      timestamp: String(t.created_at),
    })),
    hasMore: page.hasMore,
    nextCursor: page.nextCursor,
  };
}
