// USD balance and its ledger. Every change is ONE transaction: conditional balance update,
// daily-limit counter, ledger entry and (when keyed) the idempotency record.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionFailed, type Doc, type TransactItem, transactWrite } from "../../common/dynamo.ts";
import { conflict, notFound, unprocessable } from "../../common/errors.ts";
import { nowIso, sortableId } from "../../common/ids.ts";
import type { StoredResponse } from "../../common/idempotency.ts";
import { type Big, ddbNumber, fromDdb, usd } from "../../common/money.ts";
import { queryNewestFirst } from "../../common/pagination.ts";
import { TTL_ATTRIBUTE } from "../../common/table.ts";
import { ledgerEntryPut } from "../../common/ledger.ts";
import {
  dailyLimitMessage,
  type FundsKind,
  insufficientFundsMessage,
  limitDay,
  remainingToday,
  successMessage,
} from "../domain/funds.ts";

export const balanceKey = (username: string) => ({ PK: `USER#${username}`, SK: "BALANCE" });

export interface BalanceView {
  available: Big;
  held: Big;
  ledgerCount: number;
  updatedAt: string;
}

export async function getBalance(doc: Doc, table: string, username: string): Promise<BalanceView> {
  const r = await doc.send(
    new GetCommand({ TableName: table, Key: balanceKey(username), ConsistentRead: true }),
  );
  if (!r.Item) throw notFound("Balance not found for this user", "BALANCE_NOT_FOUND");
  return {
    available: fromDdb(r.Item.available),
    held: fromDdb(r.Item.held),
    ledgerCount: Number(fromDdb(r.Item.ledger_count).toFixed(0)),
    updatedAt: String(r.Item.updated_at),
  };
}

export interface MoveFundsInput {
  doc: Doc;
  table: string;
  username: string;
  kind: FundsKind;
  amount: Big;
  dailyLimit: Big;
  /** Adds the idempotency record to the same transaction, when the request had a key. */
  storeWith: (r: StoredResponse) => TransactItem | undefined;
}

/** Deposit or withdraw exactly `amount`. Returns the 201 response (already stored if keyed). */
export async function moveFunds(input: MoveFundsInput): Promise<StoredResponse> {
  const { doc, table, username, kind, amount, dailyLimit } = input;
  const createdAt = nowIso();
  const day = limitDay(createdAt);
  const transactionId = sortableId("txn");
  const signed = kind === "deposit" ? amount : amount.times(-1);

  const room = dailyLimit.minus(amount);
  if (room.lt(0)) {
    throw unprocessable("DAILY_LIMIT_EXCEEDED", dailyLimitMessage(kind, dailyLimit, fromDdb(0), amount));
  }

  const response: StoredResponse = {
    status: 201,
    body: JSON.stringify({
      success: true,
      message: successMessage(kind, amount),
      transaction_id: transactionId,
      amount: usd(amount),
      timestamp: createdAt,
    }),
  };

  const items: TransactItem[] = [
    {
      Update: {
        TableName: table,
        Key: balanceKey(username),
        UpdateExpression: "ADD available :delta, ledger_count :one SET updated_at = :now",
        ConditionExpression: kind === "deposit" ? "attribute_exists(PK)" : "available >= :amount",
        ExpressionAttributeValues: {
          ":delta": ddbNumber(signed),
          ":one": 1,
          ":now": createdAt,
          ...(kind === "withdraw" ? { ":amount": ddbNumber(amount) } : {}),
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    {
      Update: {
        TableName: table,
        Key: { PK: `USER#${username}`, SK: `DAILY#${kind}#${day}` },
        UpdateExpression: "ADD #total :amount SET entity = :entity, #ttl = :ttl",
        ConditionExpression: "attribute_not_exists(#total) OR #total <= :room",
        ExpressionAttributeNames: { "#total": "total", "#ttl": TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ":amount": ddbNumber(amount),
          ":room": ddbNumber(room),
          ":entity": "daily_total",
          ":ttl": Math.floor(Date.parse(createdAt) / 1000) + 2 * 86400,
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    ledgerEntryPut(table, {
      username,
      transactionId,
      type: kind,
      amount: signed,
      description: kind === "deposit" ? "Deposit" : "Withdrawal",
      createdAt,
    }),
  ];
  const idemItem = input.storeWith(response);
  if (idemItem) items.push(idemItem);

  try {
    await transactWrite(doc, items);
    return response;
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    if (err.index === 0) {
      if (kind === "deposit") throw notFound("Balance not found for this user", "BALANCE_NOT_FOUND");
      const available = err.item
        ? fromDdb(err.item.available)
        : (await getBalance(doc, table, username)).available;
      throw unprocessable("INSUFFICIENT_FUNDS", insufficientFundsMessage(available, amount));
    }
    if (err.index === 1) {
      const already = fromDdb(err.item?.total);
      throw unprocessable(
        "DAILY_LIMIT_EXCEEDED",
        dailyLimitMessage(kind, dailyLimit, already, amount) +
          ` Remaining today: $${usd(remainingToday(dailyLimit, already))}.`,
      );
    }
    // The idempotency record changed under us (lease taken over): let the client retry.
    throw conflict("IDEMPOTENCY_IN_FLIGHT", "A request with this Idempotency-Key is still being processed");
  }
}

export interface LedgerPage {
  transactions: Record<string, unknown>[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** Newest-first ledger page. `cursor` continues after a previous page; `offset` skips (compatibility). */
export async function listLedger(
  doc: Doc,
  table: string,
  username: string,
  opts: { limit: number; cursor?: string; offset?: number },
): Promise<LedgerPage> {
  const page = await queryNewestFirst(doc, { table, pk: `USER#${username}`, prefix: "TXN#", ...opts });
  return {
    transactions: page.items.map((t) => ({
      transaction_id: t.transaction_id,
      transaction_type: t.transaction_type,
      amount: usd(fromDdb(t.amount)),
      status: t.status,
      description: t.description,
      ...(t.reference_id ? { reference_id: t.reference_id } : {}),
      created_at: t.created_at,
    })),
    hasMore: page.hasMore,
    nextCursor: page.nextCursor,
  };
}
