// Deposit or withdraw USD: check the daily limit, then write balance, limit counter and ledger entry
// in one transaction under the user's lock. No HTTP, no storage details: ports come in.
import { rejected } from "../../common/domain-error.ts";
import type { NamedItems } from "../../common/dynamo.ts";
import { nowIso, sortableId } from "../../common/ids.ts";
import { noRecord, type RecordOutcome } from "../../common/idempotency.ts";
import { type Big, usd, ZERO } from "../../common/money.ts";
import {
  dailyLimitMessage,
  type FundsKind,
  type FundsMove,
  limitDay,
  successMessage,
} from "../domain/funds.ts";

export interface MoveFundsPorts {
  balances: { write(m: FundsMove, extra: NamedItems): Promise<void> };
  locker: { withLock<T>(key: string, fn: () => Promise<T>, opts?: { waitMs?: number }): Promise<T> };
  dailyLimits: Record<FundsKind, Big>;
  lockWaitMs: number;
}

/** The answer to a deposit or withdrawal (upstream's response fields). */
export interface FundsResult {
  success: true;
  message: string;
  transaction_id: string;
  amount: string;
  timestamp: string;
}

export async function moveFunds(
  ports: MoveFundsPorts,
  input: { username: string; kind: FundsKind; amount: Big },
  record: RecordOutcome<FundsResult> = noRecord,
): Promise<FundsResult> {
  const { username, kind, amount } = input;
  const dailyLimit = ports.dailyLimits[kind];
  if (amount.gt(dailyLimit)) {
    throw rejected("DAILY_LIMIT_EXCEEDED", dailyLimitMessage(kind, dailyLimit, ZERO, amount));
  }
  const createdAt = nowIso();
  const move: FundsMove = {
    username,
    kind,
    amount,
    dailyLimit,
    transactionId: sortableId("txn"),
    createdAt,
    day: limitDay(createdAt),
  };
  const result: FundsResult = {
    success: true,
    message: successMessage(kind, amount),
    transaction_id: move.transactionId,
    amount: usd(amount),
    timestamp: createdAt,
  };
  await ports.locker.withLock(`user:${username}`, () => ports.balances.write(move, record(result)), {
    waitMs: ports.lockWaitMs,
  });
  return result;
}
