// Item builders shared by every order transaction (placing, filling, cancelling, expiring): the
// order item, its asset transaction, its outbox event, and the order as read back.
import type { TransactItem } from "../../common/dynamo.ts";
import { type OrderEvent, type OrderEventType, outboxPut } from "../../common/events.ts";
import { keys, openOrderIndex, pendingIndex } from "../../common/keys.ts";
import { type Big, ddbNumber, fromDdb } from "../../common/money.ts";
import {
  type NewOrder,
  newOrderView,
  type OrderStatus,
  type OrderType,
  orderView,
  type OrderViewData,
  type Side,
} from "../domain/order.ts";

/** Put of a new order (executed or pending; a pending one joins the open-order and expiry indexes). */
export function orderPut(table: string, o: NewOrder): TransactItem {
  const view = newOrderView(o);
  const pending = o.status === "pending";
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.order(o.username, o.orderId),
        entity: "order",
        username: o.username,
        ...view,
        side: o.side,
        quantity: ddbNumber(o.quantity),
        price: ddbNumber(o.price),
        total_amount: ddbNumber(o.total),
        limit_price: o.limitPrice ? ddbNumber(o.limitPrice) : undefined,
        filled_price: pending ? undefined : ddbNumber(o.price),
        filled_at: pending ? undefined : o.createdAt,
        expires_at: o.expiresAt,
        held_amount: pending && o.hold ? ddbNumber(o.hold) : undefined,
        ...(pending ? openOrderIndex(o.assetId, o.side, o.price.toFixed(), o.createdAt, o.orderId) : {}),
        ...(pending ? pendingIndex(o.expiresAt, o.orderId) : {}),
        executed_at: pending ? undefined : o.createdAt,
        updated_at: o.createdAt,
      },
      // An async order replaces its placeholder, once: a duplicate command finds it no longer accepted.
      ...(o.replacesAccepted
        ? {
          ConditionExpression: "#status = :accepted",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":accepted": "accepted" },
        }
        : { ConditionExpression: "attribute_not_exists(PK)" }),
    },
  };
}

/** The BUY/SELL record of an execution in the user's asset history. */
export function assetTxnPut(
  table: string,
  t: {
    username: string;
    assetId: string;
    txnId: string;
    side: Side;
    quantity: Big;
    price: Big;
    total: Big;
    orderId: string;
    at: string;
  },
): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.assetTxn(t.username, t.assetId, t.txnId),
        entity: "asset_txn",
        transaction_id: t.txnId,
        asset_id: t.assetId,
        transaction_type: t.side === "buy" ? "BUY" : "SELL",
        quantity: ddbNumber(t.quantity),
        price: ddbNumber(t.price),
        total_amount: ddbNumber(t.total),
        order_id: t.orderId,
        status: "COMPLETED",
        created_at: t.at,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

/** The outbox item announcing `view` as `type`. */
export function eventPut(
  table: string,
  shards: number,
  e: {
    eventId: string;
    type: OrderEventType;
    username: string;
    view: OrderViewData;
    correlationId?: string;
    at: string;
  },
): TransactItem {
  const event: OrderEvent = {
    event_id: e.eventId,
    type: e.type,
    username: e.username,
    order_id: e.view.order_id,
    correlation_id: e.correlationId,
    order: e.view,
    occurred_at: e.at,
  };
  return outboxPut(table, event, shards);
}

/** An order item as read back (the view, plus what fills and cancels need). */
export interface StoredOrder {
  username: string;
  assetId: string;
  expiresAt?: string;
  side: Side;
  view: OrderViewData;
  quantity: Big;
  limitPrice?: Big;
  heldAmount: Big;
  createdAt: string;
}

const opt = (v: unknown) => (v === undefined || v === null ? undefined : fromDdb(v));

export function toStoredOrder(item: Record<string, unknown>): StoredOrder {
  const quantity = fromDdb(item.quantity);
  // Only this service writes order items, always with a type and status from the domain's lists.
  const type = String(item.order_type) as OrderType;
  return {
    username: String(item.username),
    assetId: String(item.asset_id),
    expiresAt: item.expires_at ? String(item.expires_at) : undefined,
    side: (item.side as Side | undefined) ?? (type.endsWith("buy") ? "buy" : "sell"),
    quantity,
    limitPrice: opt(item.limit_price),
    heldAmount: fromDdb(item.held_amount),
    createdAt: String(item.created_at),
    view: orderView({
      orderId: String(item.order_id),
      orderType: type,
      assetId: String(item.asset_id),
      quantity,
      price: fromDdb(item.price),
      status: String(item.status) as OrderStatus,
      total: fromDdb(item.total_amount),
      createdAt: String(item.created_at),
      limitPrice: opt(item.limit_price),
      filledPrice: opt(item.filled_price),
      filledAt: item.filled_at ? String(item.filled_at) : undefined,
      expiresAt: item.expires_at ? String(item.expires_at) : undefined,
      rejection: item.rejection_code
        ? { code: String(item.rejection_code), detail: String(item.rejection_detail) }
        : undefined,
    }),
  };
}
