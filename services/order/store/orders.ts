// Placing and reading orders in DynamoDB. A new order is ONE TransactWriteItems (docs/orders.md):
// executed now — the order, the USD balance (conditional for buys), the holding (conditional for
// sells), the ledger entry, the asset transaction, an outbox event — or resting as a pending limit
// order with its hold; plus whatever the caller adds (the idempotency record). All or nothing; a
// failed condition is mapped, by item name, to what was short. Fills and cancels: limit-orders.ts.
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
import { keys, PREFIX, userPk } from "../../common/keys.ts";
import { fromDdb, usd, ZERO } from "../../common/money.ts";
import { type Page, queryNewestFirst } from "../../common/pagination.ts";
import {
  insufficientBalanceMessage,
  insufficientHoldingsMessage,
  type NewOrder,
  newOrderView,
  type OrderViewData,
} from "../domain/order.ts";
import { assetTxnPut, eventPut, orderPut, type StoredOrder, toStoredOrder } from "./order-items.ts";

/** The named items of an order executed now (a market order, or a marketable limit order). */
export function executedOrderItems(table: string, o: NewOrder, outboxShards: number): NamedItems {
  const buy = o.side === "buy";
  const cashDelta = buy ? o.total.times(-1) : o.total;
  return {
    order: orderPut(table, o),
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
    assetTxn: assetTxnPut(table, { ...o, txnId: o.assetTxnId, at: o.createdAt }),
    outbox: eventPut(table, outboxShards, {
      eventId: o.eventId,
      type: "order.filled",
      username: o.username,
      view: newOrderView(o),
      correlationId: o.correlationId,
      at: o.createdAt,
    }),
  };
}

/** The named items of a pending limit order: the order and, in the same write, its hold. */
export function restingOrderItems(table: string, o: NewOrder, outboxShards: number): NamedItems {
  const hold = o.hold!;
  const buy = o.side === "buy";
  return {
    order: orderPut(table, o),
    balance: buy
      ? balanceChange(table, {
        username: o.username,
        delta: hold.times(-1),
        heldDelta: hold,
        requireAvailable: hold,
        now: o.createdAt,
      })
      : undefined,
    holding: buy ? undefined : holdingChange(table, {
      username: o.username,
      assetId: o.assetId,
      delta: hold.times(-1),
      heldDelta: hold,
      requireQuantity: hold,
      now: o.createdAt,
    }),
    // A hold moves money from available to held: the account total, which the ledger sums to, is unchanged.
    ledger: buy
      ? ledgerEntryPut(table, {
        username: o.username,
        transactionId: o.ledgerTxnId,
        type: "hold",
        amount: ZERO,
        description: `Held $${usd(hold)} for limit buy order ${o.orderId}`,
        referenceId: o.orderId,
        createdAt: o.createdAt,
      })
      : undefined,
    outbox: eventPut(table, outboxShards, {
      eventId: o.eventId,
      type: "order.accepted",
      username: o.username,
      view: newOrderView(o),
      correlationId: o.correlationId,
      at: o.createdAt,
    }),
  };
}

/** What each item's failed condition means for a market order. */
function placementRejection(err: ConditionFailed, o: NewOrder): Error {
  const required = o.status === "pending" ? o.hold! : o.total;
  switch (err.itemName) {
    case "balance":
      if (!err.item) return rejected("BALANCE_NOT_FOUND", "Balance not found for this user");
      return rejected(
        "INSUFFICIENT_FUNDS",
        insufficientBalanceMessage(required, fromDdb(err.item.available)),
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
    /** Write a new order — executed or resting with its hold — and `extra` items in one transaction. */
    async writeNewOrder(o: NewOrder, extra: NamedItems): Promise<void> {
      const items = o.status === "pending"
        ? restingOrderItems(table, o, outboxShards)
        : executedOrderItems(table, o, outboxShards);
      try {
        await transactWrite(doc, { ...items, ...extra });
      } catch (err) {
        throw err instanceof ConditionFailed ? placementRejection(err, o) : err;
      }
    },

    /** One order of this user; another user's id is simply not in this partition. */
    async get(username: string, orderId: string): Promise<StoredOrder | undefined> {
      const r = await doc.send(
        new GetCommand({ TableName: table, Key: keys.order(username, orderId), ConsistentRead: true }),
      );
      return r.Item ? toStoredOrder(r.Item) : undefined;
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
      return { ...page, items: page.items.map((i) => toStoredOrder(i).view) };
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
