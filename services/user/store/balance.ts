// USD balance and its ledger in DynamoDB. Every change is ONE transaction: conditional balance
// update, daily-limit counter, ledger entry and whatever the caller adds (the idempotency record).
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { balanceChange, LEDGER_STATUS, ledgerEntryPut, type LedgerType } from "../../common/account-items.ts";
import { rejected } from "../../common/domain-error.ts";
import {
  ConditionFailed,
  type Doc,
  type NamedItems,
  TransactionContention,
  transactWrite,
} from "../../common/dynamo.ts";
import { keys, PREFIX, userPk } from "../../common/keys.ts";
import { type Big, ddbNumber, fromDdb, usd } from "../../common/money.ts";
import { type Page, queryNewestFirst } from "../../common/pagination.ts";
import { TTL_ATTRIBUTE } from "../../common/table-definition.ts";
import {
  dailyLimitMessage,
  type FundsMove,
  insufficientFundsMessage,
  remainingToday,
} from "../domain/funds.ts";

export interface BalanceView {
  available: Big;
  held: Big;
  ledgerCount: number;
  updatedAt: string;
}

/** A ledger entry as the API shows it (items written by account-items.ts ledgerEntryPut only). */
export interface LedgerEntryView {
  transaction_id: string;
  transaction_type: LedgerType;
  /** Signed USD, 2 dp. */
  amount: string;
  status: typeof LEDGER_STATUS;
  description: string;
  reference_id?: string;
  created_at: string;
}

/** The named items of one deposit or withdrawal. */
function fundsItems(table: string, m: FundsMove): NamedItems {
  const signed = m.kind === "deposit" ? m.amount : m.amount.times(-1);
  return {
    balance: balanceChange(table, {
      username: m.username,
      delta: signed,
      requireAvailable: m.kind === "withdraw" ? m.amount : undefined,
      now: m.createdAt,
    }),
    dailyTotal: {
      Update: {
        TableName: table,
        Key: keys.dailyTotal(m.username, m.kind, m.day),
        UpdateExpression: "ADD #total :amount SET entity = :entity, #ttl = :ttl",
        ConditionExpression: "attribute_not_exists(#total) OR #total <= :room",
        ExpressionAttributeNames: { "#total": "total", "#ttl": TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ":amount": ddbNumber(m.amount),
          ":room": ddbNumber(m.dailyLimit.minus(m.amount)),
          ":entity": "daily_total",
          ":ttl": Math.floor(Date.parse(m.createdAt) / 1000) + 2 * 86400,
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    ledger: ledgerEntryPut(table, {
      username: m.username,
      transactionId: m.transactionId,
      type: m.kind,
      amount: signed,
      description: m.kind === "deposit" ? "Deposit" : "Withdrawal",
      createdAt: m.createdAt,
    }),
  };
}

// Long by design: a factory closing over its clients; each function inside is short.
export function createBalanceStore(doc: Doc, table: string) {
  async function get(username: string): Promise<BalanceView> {
    const r = await doc.send(
      new GetCommand({ TableName: table, Key: keys.balance(username), ConsistentRead: true }),
    );
    if (!r.Item) throw rejected("BALANCE_NOT_FOUND", "Balance not found for this user");
    return {
      available: fromDdb(r.Item.available),
      held: fromDdb(r.Item.held),
      ledgerCount: Number(fromDdb(r.Item.ledger_count).toFixed(0)),
      updatedAt: String(r.Item.updated_at),
    };
  }

  /** What each item's failed condition means for a deposit or withdrawal. */
  async function rejection(err: ConditionFailed, m: FundsMove): Promise<Error> {
    switch (err.itemName) {
      case "balance": {
        if (m.kind === "deposit") return rejected("BALANCE_NOT_FOUND", "Balance not found for this user");
        const available = err.item ? fromDdb(err.item.available) : (await get(m.username)).available;
        return rejected("INSUFFICIENT_FUNDS", insufficientFundsMessage(available, m.amount));
      }
      case "dailyTotal": {
        const already = fromDdb(err.item?.total);
        return rejected(
          "DAILY_LIMIT_EXCEEDED",
          dailyLimitMessage(m.kind, m.dailyLimit, already, m.amount) +
            ` Remaining today: $${usd(remainingToday(m.dailyLimit, already))}.`,
        );
      }
      case "idempotency": // the record changed under us (lease taken over): let the client retry
        return rejected(
          "IDEMPOTENCY_IN_FLIGHT",
          "A request with this Idempotency-Key is still being processed",
        );
      default:
        return new TransactionContention();
    }
  }

  return {
    get,

    /** Write one deposit or withdrawal and `extra` items in one transaction. */
    async write(m: FundsMove, extra: NamedItems): Promise<void> {
      try {
        await transactWrite(doc, { ...fundsItems(table, m), ...extra });
      } catch (err) {
        throw err instanceof ConditionFailed ? await rejection(err, m) : err;
      }
    },

    /** Newest-first ledger page. */
    async ledger(username: string, opts: { limit: number; cursor?: string; offset?: number }): Promise<
      Page<LedgerEntryView>
    > {
      const page = await queryNewestFirst(doc, {
        table,
        pk: userPk(username),
        prefix: PREFIX.ledger,
        ...opts,
      });
      return {
        ...page,
        items: page.items.map((t) => ({
          transaction_id: String(t.transaction_id),
          transaction_type: t.transaction_type as LedgerType,
          amount: usd(fromDdb(t.amount)),
          status: t.status as typeof LEDGER_STATUS,
          description: String(t.description),
          ...(t.reference_id ? { reference_id: String(t.reference_id) } : {}),
          created_at: String(t.created_at),
        })),
      };
    },
  };
}

export type BalanceStore = ReturnType<typeof createBalanceStore>;
