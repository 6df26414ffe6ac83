// Transaction items for a user's account — USD balance, ledger entries, holdings — which more than
// one service writes (deposits in user; payments, proceeds and holdings in order). One builder per
// item keeps every write the same shape, so the ledger always sums to the balance whoever wrote it.
import type { TransactItem } from "./dynamo.ts";
import { keys } from "./keys.ts";
import { type Big, ddbNumber, ZERO } from "./money.ts";

/**
 * Move `delta` (signed) into the available USD balance, counting one more ledger entry (the user
 * service reports total_count from it). With `requireAvailable` the balance must cover that much.
 * Returns the old item on a failed condition, so the caller can say what was short.
 */
export function balanceChange(
  table: string,
  c: {
    username: string;
    delta: Big;
    /** Moves into (+) or out of (-) `held`: limit-order holds and their release. */
    heldDelta?: Big;
    requireAvailable?: Big;
    /** Ledger entries written with this change (default 1). */
    entries?: number;
    now: string;
  },
): TransactItem {
  const guarded = c.requireAvailable !== undefined;
  return {
    Update: {
      TableName: table,
      Key: keys.balance(c.username),
      UpdateExpression: "ADD available :delta, held :held, ledger_count :entries SET updated_at = :now",
      ConditionExpression: guarded ? "available >= :required" : "attribute_exists(PK)",
      ExpressionAttributeValues: {
        ":delta": ddbNumber(c.delta),
        ":held": ddbNumber(c.heldDelta ?? ZERO),
        ":entries": c.entries ?? 1,
        ":now": c.now,
        ...(guarded ? { ":required": ddbNumber(c.requireAvailable!) } : {}),
      },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
}

/** Move `delta` (signed) into a holding, creating it on first buy; `requireQuantity` guards sells. */
export function holdingChange(
  table: string,
  c: {
    username: string;
    assetId: string;
    delta: Big;
    /** Moves into (+) or out of (-) `held`: limit-sell holds and their release. */
    heldDelta?: Big;
    requireQuantity?: Big;
    now: string;
  },
): TransactItem {
  const guarded = c.requireQuantity !== undefined;
  return {
    Update: {
      TableName: table,
      Key: keys.holding(c.username, c.assetId),
      UpdateExpression: "ADD quantity :delta, held :held SET entity = :entity, asset_id = :asset, " +
        "updated_at = :now, created_at = if_not_exists(created_at, :now)",
      ConditionExpression: guarded ? "quantity >= :q" : undefined,
      ExpressionAttributeValues: {
        ":delta": ddbNumber(c.delta),
        ":entity": "holding",
        ":asset": c.assetId,
        ":held": ddbNumber(c.heldDelta ?? ZERO),
        ":now": c.now,
        ...(guarded ? { ":q": ddbNumber(c.requireQuantity!) } : {}),
      },
      ReturnValuesOnConditionCheckFailure: guarded ? "ALL_OLD" : undefined,
    },
  };
}

/** Every kind of ledger entry (the user service's ledger route documents this list as an enum). */
export const LEDGER_TYPES = [
  "deposit",
  "withdraw",
  "order_payment",
  "order_sale",
  "hold",
  "release",
  "system_adjustment",
] as const;
export type LedgerType = (typeof LEDGER_TYPES)[number];
/** The status of every ledger entry: an entry is written with its balance change, never before. */
export const LEDGER_STATUS = "completed";

export interface LedgerEntry {
  username: string;
  transactionId: string;
  type: LedgerType;
  /** Signed: credits positive, debits negative. */
  amount: Big;
  description: string;
  referenceId?: string;
  createdAt: string;
}

/** Put of one ledger entry (`USER#u` / `TXN#<id>`), for the same transaction as the balance change. */
export function ledgerEntryPut(table: string, e: LedgerEntry): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.ledgerEntry(e.username, e.transactionId),
        entity: "ledger",
        transaction_id: e.transactionId,
        transaction_type: e.type,
        amount: ddbNumber(e.amount),
        description: e.description,
        status: LEDGER_STATUS,
        ...(e.referenceId ? { reference_id: e.referenceId } : {}),
        created_at: e.createdAt,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}
