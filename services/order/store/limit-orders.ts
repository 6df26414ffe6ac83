// Pending limit orders in DynamoDB: find the ones a price crosses (GSI2) or the whole open book
// (GSI1, by expiry), and settle one — fill, cancel or expire — in ONE transaction conditioned on
// `status = pending`, so a fill racing a cancel (or two workers racing each other) has exactly one winner.
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { balanceChange, holdingChange, ledgerEntryPut } from "../../common/account-items.ts";
import { rejected } from "../../common/domain-error.ts";
import {
  ConditionFailed,
  type Doc,
  type NamedItems,
  queryAll as queryItems,
  transactWrite,
} from "../../common/dynamo.ts";
import { nowIso, sortableId } from "../../common/ids.ts";
import { keys, openOrdersPk, PENDING_PARTITION, priceKey } from "../../common/keys.ts";
import { type Big, ddbNumber, usd, ZERO } from "../../common/money.ts";
import { GSI1, GSI2 } from "../../common/table-definition.ts";
import { orderTotal, type OrderViewData, type Side } from "../domain/order.ts";
import { assetTxnPut, eventPut, type StoredOrder, toStoredOrder } from "./order-items.ts";

export type Closing = "cancelled" | "expired";

/** The order item's move out of `pending` (and out of the open-order and expiry indexes). */
function settleOrder(table: string, o: StoredOrder, set: Record<string, unknown>): NamedItems[string] {
  const names = Object.keys(set);
  return {
    Update: {
      TableName: table,
      Key: keys.order(o.username, o.view.order_id),
      UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(", ")} ` +
        "REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK",
      ConditionExpression: "#status = :pending",
      ExpressionAttributeNames: {
        ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
        "#status": "status",
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((n) => [`:${n}`, set[n]])),
        ":pending": "pending",
      },
    },
  };
}

/** Release what a pending order holds: USD back to available (buy) or quantity back to free (sell). */
function releaseItems(table: string, o: StoredOrder, why: string, at: string): NamedItems {
  if (o.side === "sell") {
    return {
      holding: holdingChange(table, {
        username: o.username,
        assetId: o.view.asset_id,
        delta: o.quantity,
        heldDelta: o.quantity.times(-1),
        now: at,
      }),
    };
  }
  return {
    balance: balanceChange(table, {
      username: o.username,
      delta: o.heldAmount,
      heldDelta: o.heldAmount.times(-1),
      now: at,
    }),
    ledger: ledgerEntryPut(table, {
      username: o.username,
      transactionId: sortableId("txn"),
      type: "release",
      amount: ZERO,
      description: `Released $${usd(o.heldAmount)} held for limit buy order ${o.view.order_id} (${why})`,
      referenceId: o.view.order_id,
      createdAt: at,
    }),
  };
}

/** The named items of a fill at `price` (at or better than the limit). */
function fillItems(table: string, shards: number, o: StoredOrder, price: Big, at: string): {
  items: NamedItems;
  view: OrderViewData;
} {
  const buy = o.side === "buy";
  const total = orderTotal(o.side, o.quantity, price);
  const view: OrderViewData = {
    ...o.view,
    status: "filled",
    price: price.toFixed(),
    total_amount: usd(total),
    filled_price: price.toFixed(),
    filled_at: at,
  };
  const refund = o.heldAmount.minus(total); // a buy's hold at the limit minus what it cost at `price`
  const items: NamedItems = {
    order: settleOrder(table, o, {
      status: "filled",
      price: ddbNumber(price),
      filled_price: ddbNumber(price),
      total_amount: ddbNumber(total),
      filled_at: at,
      executed_at: at,
      updated_at: at,
    }),
    // The cash leg: a buy pays out of its hold and gets the rest back; a sell is credited.
    balance: balanceChange(table, {
      username: o.username,
      delta: buy ? refund : total,
      heldDelta: buy ? o.heldAmount.times(-1) : ZERO,
      entries: buy && refund.gt(0) ? 2 : 1,
      now: at,
    }),
    holding: holdingChange(table, {
      username: o.username,
      assetId: o.view.asset_id,
      delta: buy ? o.quantity : ZERO,
      heldDelta: buy ? ZERO : o.quantity.times(-1),
      now: at,
    }),
    ledger: ledgerEntryPut(table, {
      username: o.username,
      transactionId: sortableId("txn"),
      type: buy ? "order_payment" : "order_sale",
      amount: buy ? total.times(-1) : total,
      description: buy
        ? `Payment for buy order ${o.view.order_id}`
        : `Sale proceeds from order ${o.view.order_id}`,
      referenceId: o.view.order_id,
      createdAt: at,
    }),
    release: buy && refund.gt(0)
      ? ledgerEntryPut(table, {
        username: o.username,
        transactionId: sortableId("txn"),
        type: "release",
        amount: ZERO,
        description: `Released $${
          usd(refund)
        } of the hold: buy order ${o.view.order_id} filled below its limit`,
        referenceId: o.view.order_id,
        createdAt: at,
      })
      : undefined,
    assetTxn: assetTxnPut(table, {
      username: o.username,
      assetId: o.view.asset_id,
      txnId: sortableId("atxn"),
      side: o.side,
      quantity: o.quantity,
      price,
      total,
      orderId: o.view.order_id,
      at,
    }),
    outbox: eventPut(table, shards, {
      eventId: sortableId("evt"),
      type: "order.filled",
      username: o.username,
      view,
      at,
    }),
  };
  return { items, view };
}

const notPending = (o: StoredOrder) =>
  rejected("ORDER_NOT_CANCELLABLE", `Order '${o.view.order_id}' is no longer pending`);

// Long by design: a factory closing over its clients; each function inside is short.
export function createLimitOrderStore(doc: Doc, table: string, outboxShards: number) {
  const queryAll = async (input: QueryCommandInput) => (await queryItems(doc, input)).map(toStoredOrder);

  return {
    /** Pending orders of one side whose limit `price` crosses (GSI reads may lag: settling re-checks). */
    crossing(assetId: string, side: Side, price: Big): Promise<StoredOrder[]> {
      const p = priceKey(price.toFixed());
      return queryAll({
        TableName: table,
        IndexName: GSI2,
        // "$" sorts after "#": every key of a limit ≤ price is below `${p}$`.
        KeyConditionExpression: side === "buy"
          ? "GSI2PK = :pk AND GSI2SK >= :p"
          : "GSI2PK = :pk AND GSI2SK < :p",
        ExpressionAttributeValues: { ":pk": openOrdersPk(assetId, side), ":p": side === "buy" ? p : `${p}$` },
      });
    },

    /** Is any limit order pending? (one item read: for waiting until a book is empty) */
    async anyPending(): Promise<boolean> {
      const r = await doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: GSI1,
          KeyConditionExpression: "GSI1PK = :pk",
          ExpressionAttributeValues: { ":pk": PENDING_PARTITION },
          Limit: 1,
        }),
      );
      return (r.Items ?? []).length > 0;
    },

    /** Every pending limit order (the whole open book, soonest expiry first). */
    pending: () =>
      queryAll({
        TableName: table,
        IndexName: GSI1,
        KeyConditionExpression: "GSI1PK = :pk",
        ExpressionAttributeValues: { ":pk": PENDING_PARTITION },
      }),

    /** Fill at `price`; false if the order was no longer pending (someone else settled it). */
    async fill(o: StoredOrder, price: Big): Promise<OrderViewData | undefined> {
      const { items, view } = fillItems(table, outboxShards, o, price, nowIso());
      try {
        await transactWrite(doc, items);
        return view;
      } catch (err) {
        if (err instanceof ConditionFailed && err.itemName === "order") return undefined;
        throw err;
      }
    },

    /** Cancel or expire a pending order, releasing exactly what it held. */
    async close(o: StoredOrder, status: Closing): Promise<OrderViewData> {
      const at = nowIso();
      const view = { ...o.view, status };
      try {
        await transactWrite(doc, {
          order: settleOrder(table, o, { status, updated_at: at, closed_at: at }),
          ...releaseItems(table, o, status, at),
          outbox: eventPut(table, outboxShards, {
            eventId: sortableId("evt"),
            type: status === "cancelled" ? "order.cancelled" : "order.expired",
            username: o.username,
            view,
            at,
          }),
        });
        return view;
      } catch (err) {
        if (err instanceof ConditionFailed && err.itemName === "order") throw notPending(o);
        throw err;
      }
    },
  };
}

export type LimitOrderStore = ReturnType<typeof createLimitOrderStore>;
