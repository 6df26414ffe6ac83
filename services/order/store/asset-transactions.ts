// A user's BUY/SELL history for one asset, newest first (upstream: oldest first, no paging).
import type { Doc } from "../../common/dynamo.ts";
import { assetTxnPrefix, userPk } from "../../common/keys.ts";
import { fromDdb, usd } from "../../common/money.ts";
import { type Page, queryNewestFirst } from "../../common/pagination.ts";

export interface AssetTransactionView {
  transaction_id: string;
  asset_id: string;
  transaction_type: "BUY" | "SELL";
  quantity: string;
  price: string;
  total_amount: string;
  order_id: string;
  status: "COMPLETED";
  timestamp: string;
}

export function createAssetTransactionStore(doc: Doc, table: string) {
  return {
    async list(
      username: string,
      assetId: string,
      opts: { limit: number; cursor?: string },
    ): Promise<Page<AssetTransactionView>> {
      const page = await queryNewestFirst(doc, {
        table,
        pk: userPk(username),
        prefix: assetTxnPrefix(assetId),
        ...opts,
      });
      return {
        ...page,
        items: page.items.map((t) => ({
          transaction_id: String(t.transaction_id),
          asset_id: String(t.asset_id),
          // Written only by order-items.ts assetTxnPut (upstream's upper-case names).
          transaction_type: String(t.transaction_type) as AssetTransactionView["transaction_type"],
          quantity: fromDdb(t.quantity).toFixed(),
          price: fromDdb(t.price).toFixed(),
          total_amount: usd(fromDdb(t.total_amount)),
          order_id: String(t.order_id),
          status: String(t.status) as AssetTransactionView["status"],
          timestamp: String(t.created_at),
        })),
      };
    },
  };
}
