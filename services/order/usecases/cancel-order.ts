// Cancel one of your pending limit orders, releasing exactly what it held. Another user's order is
// not found; an order that is no longer pending — filled, cancelled, expired, or a market order —
// cannot be cancelled. A cancel racing a fill: the store's condition lets exactly one win.
import { rejected } from "../../common/domain-error.ts";
import type { OrderViewData } from "../domain/order.ts";
import type { StoredOrder } from "../store/order-items.ts";

export interface CancelOrderPorts {
  orders: { get(username: string, orderId: string): Promise<StoredOrder | undefined> };
  limitOrders: { close(o: StoredOrder, status: "cancelled"): Promise<OrderViewData> };
  locker: { withLock<T>(key: string, fn: () => Promise<T>, opts?: { waitMs?: number }): Promise<T> };
  lockWaitMs: number;
}

export async function cancelOrder(
  ports: CancelOrderPorts,
  username: string,
  orderId: string,
): Promise<OrderViewData> {
  const order = await ports.orders.get(username, orderId);
  if (!order) throw rejected("ORDER_NOT_FOUND", `Order '${orderId}' not found`);
  if (order.view.status !== "pending") {
    throw rejected(
      "ORDER_NOT_CANCELLABLE",
      `Order '${orderId}' is ${order.view.status}; only pending orders can be cancelled`,
    );
  }
  return await ports.locker.withLock(`user:${username}`, () => ports.limitOrders.close(order, "cancelled"), {
    waitMs: ports.lockWaitMs,
  });
}
