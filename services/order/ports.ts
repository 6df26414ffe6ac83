// The order service's use-case ports, wired to DynamoDB and Redis (main.ts and tests call this;
// the use-case unit tests pass in-memory ports instead).
import { Big } from "../common/money.ts";
import type { OrderDeps } from "./deps.ts";
import { createAssetTransactionStore } from "./store/asset-transactions.ts";
import { createLimitOrderStore, type LimitOrderStore } from "./store/limit-orders.ts";
import { createOrderStore } from "./store/orders.ts";
import type { CancelOrderPorts } from "./usecases/cancel-order.ts";
import type { OrderQueryPorts } from "./usecases/order-queries.ts";
import type { PlaceOrderPorts } from "./usecases/place-order.ts";

export type OrderPorts = PlaceOrderPorts & OrderQueryPorts & CancelOrderPorts & {
  limitOrders: LimitOrderStore;
};

export function orderPorts(deps: Pick<OrderDeps, "doc" | "cfg" | "assets" | "locker">): OrderPorts {
  const { doc, cfg } = deps;
  return {
    assets: deps.assets,
    orders: createOrderStore(doc, cfg.TABLE_NAME, cfg.OUTBOX_SHARDS),
    limitOrders: createLimitOrderStore(doc, cfg.TABLE_NAME, cfg.OUTBOX_SHARDS),
    assetTransactions: createAssetTransactionStore(doc, cfg.TABLE_NAME),
    locker: deps.locker,
    limits: { maxOrderValue: new Big(cfg.MAX_ORDER_VALUE) },
    lockWaitMs: cfg.LOCK_WAIT_MS,
  };
}
