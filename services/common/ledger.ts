// The USD ledger is written by more than one service (deposits/withdrawals in user, order payments
// and sale proceeds in order). One builder keeps every entry the same shape, so the ledger always
// sums to the balance and lists the same way whoever wrote it.
import type { TransactItem } from "./dynamo.ts";
import { type Big, ddbNumber } from "./money.ts";

export type LedgerType =
  | "deposit"
  | "withdraw"
  | "order_payment"
  | "order_sale"
  | "hold"
  | "release"
  | "system_adjustment";

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
        PK: `USER#${e.username}`,
        SK: `TXN#${e.transactionId}`,
        entity: "ledger",
        transaction_id: e.transactionId,
        transaction_type: e.type,
        amount: ddbNumber(e.amount),
        description: e.description,
        status: "completed",
        ...(e.referenceId ? { reference_id: e.referenceId } : {}),
        created_at: e.createdAt,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}
