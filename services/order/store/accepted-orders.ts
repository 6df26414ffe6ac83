// Async orders in DynamoDB (docs/events.md): the `accepted` placeholder written at intake (it holds
// the command, so a queue message only points at it), its rejection, and the ones left accepted.
// Executing one is the ordinary order write (orders.ts) with `replacesAccepted`.
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Doc, type NamedItems, transactWrite } from "../../common/dynamo.ts";
import { ConditionFailed } from "../../common/dynamo.ts";
import { ACCEPTED_PARTITION, acceptedIndex, keys } from "../../common/keys.ts";
import { ddbNumber } from "../../common/money.ts";
import { GSI1 } from "../../common/table-definition.ts";
import { type OrderType, orderView, type OrderViewData } from "../domain/order.ts";
import { eventPut, toStoredOrder } from "./order-items.ts";
import { Big } from "../../common/money.ts";

/** What the client asked for, kept on the placeholder until the worker executes it. */
export interface AsyncCommand {
  username: string;
  orderId: string;
  orderType: OrderType;
  assetId: string;
  quantity: string;
  price: string | null;
  expiresAt: string | null;
  correlationId?: string;
  acceptedAt: string;
  eventId: string;
}

/** The placeholder's view: `accepted`, nothing priced yet. */
export function acceptedView(c: AsyncCommand): OrderViewData {
  const limit = c.orderType.startsWith("limit") && c.price ? new Big(c.price) : undefined;
  return orderView({
    orderId: c.orderId,
    orderType: c.orderType,
    assetId: c.assetId,
    quantity: new Big(c.quantity),
    price: limit ?? new Big(0),
    status: "accepted",
    total: new Big(0),
    createdAt: c.acceptedAt,
    limitPrice: limit,
    expiresAt: c.orderType.startsWith("limit") ? c.expiresAt ?? undefined : undefined,
  });
}

// Long by design: a factory closing over its client; each function inside is short.
export function createAcceptedOrderStore(doc: Doc, table: string, outboxShards: number) {
  return {
    /** The placeholder + an `order.accepted` event + `extra` (the idempotency record), in one write. */
    async accept(c: AsyncCommand, extra: NamedItems): Promise<OrderViewData> {
      const view = acceptedView(c);
      await transactWrite(doc, {
        order: {
          Put: {
            TableName: table,
            Item: {
              ...keys.order(c.username, c.orderId),
              ...view,
              entity: "order",
              username: c.username,
              quantity: ddbNumber(new Big(c.quantity)),
              price: ddbNumber(new Big(view.price)),
              total_amount: 0,
              ...acceptedIndex(c.acceptedAt, c.orderId),
              command: JSON.stringify(c),
              updated_at: c.acceptedAt,
            },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        outbox: eventPut(table, outboxShards, {
          eventId: c.eventId,
          type: "order.accepted",
          username: c.username,
          view,
          correlationId: c.correlationId,
          at: c.acceptedAt,
        }),
        ...extra,
      });
      return view;
    },

    /** The command of an order still accepted; undefined once it was executed or rejected. */
    async pending(username: string, orderId: string): Promise<AsyncCommand | undefined> {
      const r = await doc.send(
        new GetCommand({ TableName: table, Key: keys.order(username, orderId), ConsistentRead: true }),
      );
      return r.Item?.status === "accepted" ? JSON.parse(String(r.Item.command)) : undefined;
    },

    /** Settle as rejected with the problem, once (false if it was settled meanwhile). */
    async reject(c: AsyncCommand, code: string, detail: string, eventId: string): Promise<boolean> {
      const now = new Date().toISOString();
      const view: OrderViewData = { ...acceptedView(c), status: "rejected", rejection: { code, detail } };
      try {
        await transactWrite(doc, {
          order: {
            Update: {
              TableName: table,
              Key: keys.order(c.username, c.orderId),
              UpdateExpression:
                "SET #status = :rejected, rejection_code = :code, rejection_detail = :detail, updated_at = :now REMOVE GSI1PK, GSI1SK, command",
              ConditionExpression: "#status = :accepted",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: {
                ":rejected": "rejected",
                ":accepted": "accepted",
                ":code": code,
                ":detail": detail,
                ":now": now,
              },
            },
          },
          outbox: eventPut(table, outboxShards, {
            eventId,
            type: "order.rejected",
            username: c.username,
            view,
            correlationId: c.correlationId,
            at: now,
          }),
        });
        return true;
      } catch (err) {
        if (err instanceof ConditionFailed) return false;
        throw err;
      }
    },

    /** Orders accepted before `before` (ISO) and still not executed, oldest first. */
    async acceptedBefore(before: string, limit: number): Promise<{ username: string; orderId: string }[]> {
      const r = await doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: GSI1,
          KeyConditionExpression: "GSI1PK = :pk AND GSI1SK < :before",
          ExpressionAttributeValues: { ":pk": ACCEPTED_PARTITION, ":before": before },
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => ({
        username: String(i.username),
        orderId: toStoredOrder(i).view.order_id,
      }));
    },
  };
}

export type AcceptedOrderStore = ReturnType<typeof createAcceptedOrderStore>;
