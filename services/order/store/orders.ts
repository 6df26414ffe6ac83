// Orders in DynamoDB. A market order is ONE TransactWriteItems (docs/orders.md): the order, the USD
// balance (conditional for buys), the holding (conditional for sells), the ledger entry, the asset
// transaction, an outbox event and whatever the caller adds (the idempotency record). Either all of
// it is written or none of it; a failed condition is mapped, by item name, to what was short.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { balanceChange, holdingChange, ledgerEntryPut } from "../../common/account-items.ts";
import { field, rejected } from "../../common/domain-error.ts";
import {
  ConditionFailed,
  type Doc,
  type NamedItems,
  TransactionContention,
  transactWrite,
} from "../../common/dynamo.ts";
import { type OrderEvent, outboxPut } from "../../common/events.ts";
import { keys, PREFIX, userPk } from "../../common/keys.ts";
import { ddbNumber, fromDdb } from "../../common/money.ts";
import { type Page, queryNewestFirst } from "../../common/pagination.ts";
import {
  type ExecutedOrder,
  insufficientBalanceMessage,
  insufficientHoldingsMessage,
  orderView,
  type OrderViewData,
} from "../domain/order.ts";

/** The named items of an executed market order's transaction. */
export function marketOrderItems(table: string, o: ExecutedOrder, outboxShards: number): NamedItems {
  const buy = o.side === "buy";
  const cashDelta = buy ? o.total.times(-1) : o.total;
  const view = orderView(o);
  const event: OrderEvent = {
    event_id: o.eventId,
    type: "order.filled",
    username: o.username,
    order_id: o.orderId,
    correlation_id: o.correlationId,
    order: view,
    occurred_at: o.createdAt,
  };
  return {
    order: {
      Put: {
        TableName: table,
        Item: {
          ...keys.order(o.username, o.orderId),
          entity: "order",
          username: o.username,
          ...view,
          quantity: ddbNumber(o.quantity),
          price: ddbNumber(o.price),
          total_amount: ddbNumber(o.total),
          executed_at: o.createdAt,
          updated_at: o.createdAt,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    balance: balanceChange(table, {
      username: o.username,
      delta: cashDelta,
      requireAvailable: buy ? o.total : undefined,
      now: o.createdAt,
    }),
    // Upstream never checked sells (quantities went negative); here the holding must cover it.
    holding: holdingChange(table, {
      username: o.username,
      assetId: o.assetId,
      delta: buy ? o.quantity : o.quantity.times(-1),
      requireQuantity: buy ? undefined : o.quantity,
      now: o.createdAt,
    }),
    ledger: ledgerEntryPut(table, {
      username: o.username,
      transactionId: o.ledgerTxnId,
      type: buy ? "order_payment" : "order_sale",
      amount: cashDelta,
      description: buy ? `Payment for buy order ${o.orderId}` : `Sale proceeds from order ${o.orderId}`,
      referenceId: o.orderId,
      createdAt: o.createdAt,
    }),
    assetTxn: {
      Put: {
        TableName: table,
        Item: {
          ...keys.assetTxn(o.username, o.assetId, o.assetTxnId),
          entity: "asset_txn",
          transaction_id: o.assetTxnId,
          asset_id: o.assetId,
          transaction_type: buy ? "BUY" : "SELL",
          quantity: ddbNumber(o.quantity),
          price: ddbNumber(o.price),
          total_amount: ddbNumber(o.total),
          order_id: o.orderId,
          status: "COMPLETED",
          created_at: o.createdAt,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    outbox: outboxPut(table, event, outboxShards),
  };
}

/** What each item's failed condition means for a market order. */
function marketOrderRejection(err: ConditionFailed, o: ExecutedOrder): Error {
  switch (err.itemName) {
    case "balance":
      if (!err.item) return rejected("BALANCE_NOT_FOUND", "Balance not found for this user");
      return rejected(
        "INSUFFICIENT_FUNDS",
        insufficientBalanceMessage(o.total, fromDdb(err.item.available)),
        field("quantity", "insufficient balance"),
      );
    case "holding":
      return rejected(
        "INSUFFICIENT_HOLDINGS",
        insufficientHoldingsMessage(o.assetId, o.quantity, fromDdb(err.item?.quantity)),
        field("quantity", "insufficient holdings"),
      );
    case "idempotency":
      return rejected(
        "IDEMPOTENCY_IN_FLIGHT",
        "A request with this Idempotency-Key is still being processed",
      );
    default:
      // A freshly generated id already existed: astronomically unlikely; the client may simply retry.
      return new TransactionContention();
  }
}

export function createOrderStore(doc: Doc, table: string, outboxShards: number) {
  return {
    /** Write an executed market order and `extra` items in one transaction. */
    async writeMarketOrder(o: ExecutedOrder, extra: NamedItems): Promise<void> {
      try {
        await transactWrite(doc, { ...marketOrderItems(table, o, outboxShards), ...extra });
      } catch (err) {
        throw err instanceof ConditionFailed ? marketOrderRejection(err, o) : err;
      }
    },

    /** One order of this user; another user's id is simply not in this partition. */
    async get(username: string, orderId: string): Promise<OrderViewData | undefined> {
      const r = await doc.send(
        new GetCommand({ TableName: table, Key: keys.order(username, orderId), ConsistentRead: true }),
      );
      return r.Item ? toView(r.Item) : undefined;
    },

    /** Newest-first orders with optional filters (applied by DynamoDB), `limit` + cursor pagination. */
    async list(username: string, opts: ListOrdersOptions): Promise<Page<OrderViewData>> {
      const filters: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      for (const key of ["asset_id", "order_type", "status"] as const) {
        if (opts[key] === undefined) continue;
        filters.push(`#${key} = :${key}`);
        names[`#${key}`] = key;
        values[`:${key}`] = opts[key];
      }
      const page = await queryNewestFirst(doc, {
        table,
        pk: userPk(username),
        prefix: PREFIX.order,
        limit: opts.limit,
        cursor: opts.cursor,
        offset: opts.offset,
        filter: filters.length ? { expression: filters.join(" AND "), names, values } : undefined,
      });
      return { ...page, items: page.items.map(toView) };
    },
  };
}

export type OrderStore = ReturnType<typeof createOrderStore>;

export interface ListOrdersOptions {
  limit: number;
  cursor?: string;
  offset?: number;
  asset_id?: string;
  order_type?: string;
  status?: string;
}

function toView(item: Record<string, unknown>): OrderViewData {
  return orderView({
    orderId: String(item.order_id),
    orderType: String(item.order_type),
    assetId: String(item.asset_id),
    quantity: fromDdb(item.quantity),
    price: fromDdb(item.price),
    status: String(item.status),
    total: fromDdb(item.total_amount),
    createdAt: String(item.created_at),
  });
}
