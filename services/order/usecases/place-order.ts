// Place an order: check it against the catalog, then write it in one transaction under the user's
// lock — executed now (market, or a marketable limit) or resting as a pending limit order with its
// hold. Knows nothing of HTTP or of how it is stored: the route, the worker and the tests call it
// with their own ports.
import type { Asset } from "../../common/catalog.ts";
import type { NamedItems } from "../../common/dynamo.ts";
import { noRecord, type RecordOutcome } from "../../common/idempotency.ts";
import {
  type NewOrder,
  newOrder,
  newOrderView,
  type OrderInput,
  type OrderLimits,
  type OrderViewData,
} from "../domain/order.ts";
import { decide } from "../domain/pricing.ts";

export interface PlaceOrderPorts {
  assets: { get(assetId: string): Promise<Asset | undefined> };
  orders: { writeNewOrder(o: NewOrder, extra: NamedItems): Promise<void> };
  locker: { withLock<T>(key: string, fn: () => Promise<T>, opts?: { waitMs?: number }): Promise<T> };
  limits: OrderLimits;
  lockWaitMs: number;
}

export type PlaceOrderInput = OrderInput;

export async function placeOrder(
  ports: PlaceOrderPorts,
  input: PlaceOrderInput,
  record: RecordOutcome<OrderViewData> = noRecord,
): Promise<OrderViewData> {
  const asset = await ports.assets.get(input.assetId);
  const order = newOrder(input, decide({ ...input, asset }, ports.limits));
  const view = newOrderView(order);
  // The lock only keeps one user's orders (and deposits: same key) from fighting over the balance
  // item; the transaction's conditions are what make the order correct.
  await ports.locker.withLock(
    `user:${input.username}`,
    () => ports.orders.writeNewOrder(order, record(view)),
    { waitMs: ports.lockWaitMs },
  );
  return view;
}
