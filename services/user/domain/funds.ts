// Pure rules for moving USD: daily limits and the messages users see (upstream wording kept).
import { Big, usd, usdGrouped } from "../../common/money.ts";

export type FundsKind = "deposit" | "withdraw";

/** One deposit or withdrawal, checked and ready to write. */
export interface FundsMove {
  username: string;
  kind: FundsKind;
  amount: Big;
  dailyLimit: Big;
  transactionId: string;
  createdAt: string;
  /** The UTC day its daily limit counts against. */
  day: string;
}

/** UTC calendar day a limit counts against. */
export const limitDay = (iso: string): string => iso.slice(0, 10);

/** How much may still be moved today, given what already was (never negative). */
export function remainingToday(limit: Big, alreadyToday: Big): Big {
  const left = limit.minus(alreadyToday);
  return left.lt(0) ? new Big(0) : left;
}

export function dailyLimitMessage(kind: FundsKind, limit: Big, already: Big, requested: Big): string {
  const what = kind === "deposit" ? "deposit" : "withdrawal";
  const done = kind === "deposit" ? "deposited" : "withdrawn";
  return `Daily ${what} limit exceeded. Limit: ${usdGrouped(limit)}, Already ${done} today: ${
    usdGrouped(already)
  }, ` +
    `Requested: ${usdGrouped(requested)}. Try again tomorrow.`;
}

export function insufficientFundsMessage(available: Big, requested: Big): string {
  const shortfall = requested.minus(available);
  return `Insufficient balance for withdrawal. Current balance: $${usd(available)}, Required amount: ` +
    `$${usd(requested)}, Shortfall: $${
      usd(shortfall)
    }. Please deposit additional funds or reduce withdrawal amount.`;
}

export function successMessage(kind: FundsKind, amount: Big): string {
  return kind === "deposit"
    ? `Successfully deposited $${usd(amount)}`
    : `Successfully withdrew $${usd(amount)}`;
}
