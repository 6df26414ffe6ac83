// Read use cases of the order service: one order, a page of orders, one asset's transactions.
import { rejected } from "../../common/domain-error.ts";
import type { Page } from "../../common/pagination.ts";
import type { Asset } from "../../common/catalog.ts";
import type { OrderViewData } from "../domain/order.ts";
import type { ListOrdersOptions } from "../store/orders.ts";
import type { StoredOrder } from "../store/order-items.ts";
import type { AssetTransactionView } from "../store/asset-transactions.ts";

export interface OrderQueryPorts {
  orders: {
    get(username: string, orderId: string): Promise<StoredOrder | undefined>;
    list(username: string, opts: ListOrdersOptions): Promise<Page<OrderViewData>>;
  };
  assetTransactions: {
    list(username: string, assetId: string, opts: { limit: number; cursor?: string }): Promise<
      Page<AssetTransactionView>
    >;
  };
  assets: { get(assetId: string): Promise<Asset | undefined> };
}

export async function getOrder(ports: OrderQueryPorts, username: string, orderId: string) {
  const order = await ports.orders.get(username, orderId);
  if (!order) throw rejected("ORDER_NOT_FOUND", `Order '${orderId}' not found`);
  return order.view;
}

export const listOrders = (ports: OrderQueryPorts, username: string, opts: ListOrdersOptions) =>
  ports.orders.list(username, opts);

/** An unknown asset is an error (upstream answered 500); a known one with no trades is an empty page. */
export async function listAssetTransactions(
  ports: OrderQueryPorts,
  username: string,
  assetId: string,
  opts: { limit: number; cursor?: string },
) {
  if (!(await ports.assets.get(assetId))) throw rejected("ASSET_NOT_FOUND", `Asset '${assetId}' not found`);
  return ports.assetTransactions.list(username, assetId, opts);
}
