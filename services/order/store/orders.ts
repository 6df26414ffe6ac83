// Orders. A market order is ONE TransactWriteItems (docs/orders.md): the order, the USD balance
// (conditional for buys), the holding (conditional for sells), the ledger entry, the asset
// transaction, an outbox event and — when keyed — the idempotency record. Either all of it is
// written or none of it; a failed condition becomes a 422 naming what was short.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  ConditionFailed,
  type Doc,
  TransactionContention,
  type TransactItem,
  transactWrite,
} from "../../common/dynamo.ts";
import { conflict, notFound, unprocessable } from "../../common/errors.ts";
import { nowIso, sortableId } from "../../common/ids.ts";
import type { StoredResponse } from "../../common/idempotency.ts";
import { type Big, ddbNumber, fromDdb, ZERO } from "../../common/money.ts";
import { queryNewestFirst } from "../../common/pagination.ts";
import { ledgerEntryPut } from "../../common/ledger.ts";
import {
  insufficientBalanceMessage,
  insufficientHoldingsMessage,
  type OrderType,
  orderView,
  type PricedOrder,
} from "../domain/order.ts";

const userPk = (username: string) => `USER#${username}`;
export const orderKey = (username: string, orderId: string) => ({
  PK: userPk(username),
  SK: `ORDER#${orderId}`,
});

export interface PlaceOrderInput {
  doc: Doc;
  table: string;
  username: string;
  orderType: OrderType;
  assetId: string;
  quantity: Big;
  priced: PricedOrder;
  outboxShards: number;
  storeWith: (r: StoredResponse) => TransactItem | undefined;
}

/** Execute a priced market order. Returns the 201 response (stored too, when keyed). */
export async function placeMarketOrder(input: PlaceOrderInput): Promise<StoredResponse> {
  const { doc, table, username, orderType, assetId, quantity, priced } = input;
  const { side, price, total } = priced;
  const now = nowIso();
  const orderId = sortableId("order");
  const txnId = sortableId("txn");
  const atxnId = sortableId("atxn");
  const eventId = sortableId("evt");
  const order = {
    order_id: orderId,
    order_type: orderType,
    asset_id: assetId,
    quantity,
    price,
    status: "completed",
    total_amount: total,
    created_at: now,
  };
  const view = orderView(order);
  const response: StoredResponse = { status: 201, body: JSON.stringify({ data: view }) };
  const cashDelta = side === "buy" ? total.times(-1) : total;
  const qtyDelta = side === "buy" ? quantity : quantity.times(-1);

  const items: TransactItem[] = [
    {
      Put: {
        TableName: table,
        Item: {
          ...orderKey(username, orderId),
          entity: "order",
          username,
          ...order,
          quantity: ddbNumber(quantity),
          price: ddbNumber(price),
          total_amount: ddbNumber(total),
          executed_at: now,
          updated_at: now,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    {
      Update: {
        TableName: table,
        Key: { PK: userPk(username), SK: "BALANCE" },
        // ledger_count moves with every ledger entry: the user service reports total_count from it.
        UpdateExpression: "ADD available :delta, ledger_count :one SET updated_at = :now",
        ConditionExpression: side === "buy" ? "available >= :total" : "attribute_exists(PK)",
        ExpressionAttributeValues: {
          ":delta": ddbNumber(cashDelta),
          ":one": 1,
          ":now": now,
          ...(side === "buy" ? { ":total": ddbNumber(total) } : {}),
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    {
      Update: {
        TableName: table,
        Key: { PK: userPk(username), SK: `HOLDING#${assetId}` },
        UpdateExpression: "ADD quantity :delta SET entity = :entity, asset_id = :asset, updated_at = :now, " +
          "created_at = if_not_exists(created_at, :now), held = if_not_exists(held, :zero)",
        // Upstream never checked sells (quantities went negative); here the holding must cover it.
        ConditionExpression: side === "sell" ? "quantity >= :q" : undefined,
        ExpressionAttributeValues: {
          ":delta": ddbNumber(qtyDelta),
          ":entity": "holding",
          ":asset": assetId,
          ":now": now,
          ":zero": ddbNumber(ZERO),
          ...(side === "sell" ? { ":q": ddbNumber(quantity) } : {}),
        },
        ReturnValuesOnConditionCheckFailure: side === "sell" ? "ALL_OLD" : undefined,
      },
    },
    ledgerEntryPut(table, {
      username,
      transactionId: txnId,
      type: side === "buy" ? "order_payment" : "order_sale",
      amount: cashDelta,
      description: side === "buy"
        ? `Payment for buy order ${orderId}`
        : `Sale proceeds from order ${orderId}`,
      referenceId: orderId,
      createdAt: now,
    }),
    {
      Put: {
        TableName: table,
        Item: {
          PK: userPk(username),
          SK: `ATXN#${assetId}#${atxnId}`,
          entity: "asset_txn",
          transaction_id: atxnId,
          asset_id: assetId,
          transaction_type: side === "buy" ? "BUY" : "SELL",
          quantity: ddbNumber(quantity),
          price: ddbNumber(price),
          total_amount: ddbNumber(total),
          order_id: orderId,
          status: "COMPLETED",
          created_at: now,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
    {
      // Outbox spread over shards so one hot partition does not throttle every order.
      Put: {
        TableName: table,
        Item: {
          PK: `OUTBOX#${Math.floor(Math.random() * input.outboxShards)}`,
          SK: `EVT#${eventId}`,
          entity: "outbox_event",
          event_id: eventId,
          event_type: "order.filled",
          aggregate_id: orderId,
          username,
          payload: JSON.stringify({ ...view, username }),
          created_at: now,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    },
  ];
  const idemItem = input.storeWith(response);
  if (idemItem) items.push(idemItem);

  try {
    await transactWrite(doc, items);
    return response;
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    if (err.index === 1) {
      if (!err.item) throw notFound("Balance not found for this user", "BALANCE_NOT_FOUND");
      throw unprocessable(
        "INSUFFICIENT_FUNDS",
        insufficientBalanceMessage(total, fromDdb(err.item.available)),
        [
          { field: "quantity", message: "insufficient balance" },
        ],
      );
    }
    if (err.index === 2) {
      throw unprocessable(
        "INSUFFICIENT_HOLDINGS",
        insufficientHoldingsMessage(assetId, quantity, fromDdb(err.item?.quantity)),
        [{ field: "quantity", message: "insufficient holdings" }],
      );
    }
    if (err.index === 6) {
      throw conflict(
        "IDEMPOTENCY_IN_FLIGHT",
        "A request with this Idempotency-Key is still being processed",
        {
          "Retry-After": "1",
        },
      );
    }
    // A freshly generated id already existed: astronomically unlikely; the client may simply retry.
    throw new TransactionContention();
  }
}

function toView(item: Record<string, unknown>) {
  return orderView({
    order_id: String(item.order_id),
    order_type: String(item.order_type),
    asset_id: String(item.asset_id),
    quantity: fromDdb(item.quantity),
    price: fromDdb(item.price),
    status: String(item.status),
    total_amount: fromDdb(item.total_amount),
    created_at: String(item.created_at),
  });
}

/** One order of this user; another user's id is simply not in this partition → 404. */
export async function getOrder(doc: Doc, table: string, username: string, orderId: string) {
  const r = await doc.send(
    new GetCommand({ TableName: table, Key: orderKey(username, orderId), ConsistentRead: true }),
  );
  if (!r.Item) throw notFound(`Order '${orderId}' not found`, "ORDER_NOT_FOUND");
  return toView(r.Item);
}

export interface ListOrdersOptions {
  limit: number;
  cursor?: string;
  offset?: number;
  asset_id?: string;
  order_type?: string;
  status?: string;
}

/** Newest-first orders with optional filters (applied by DynamoDB), `limit` + cursor pagination. */
export async function listOrders(doc: Doc, table: string, username: string, opts: ListOrdersOptions) {
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
    prefix: "ORDER#",
    limit: opts.limit,
    cursor: opts.cursor,
    offset: opts.offset,
    filter: filters.length ? { expression: filters.join(" AND "), names, values } : undefined,
  });
  return { data: page.items.map(toView), hasMore: page.hasMore, nextCursor: page.nextCursor };
}
