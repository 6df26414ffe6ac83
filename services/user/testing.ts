// Test and benchmark helper: a user (with a funded balance, unless `usd` is 0) written straight to a table (no HTTP, no
// bcrypt), through the same store and use case the service uses.
import type { Doc } from "../common/dynamo.ts";
import { Big } from "../common/money.ts";
import { createBalanceStore } from "./store/balance.ts";
import { createUser } from "./store/users.ts";
import { moveFunds } from "./usecases/move-funds.ts";

export async function seedFundedUser(doc: Doc, table: string, username: string, usd: string): Promise<void> {
  const now = new Date().toISOString();
  await createUser(doc, table, {
    username,
    email: `${username}@example.com`,
    password_hash: "x",
    first_name: "Seeded",
    last_name: "User",
    phone: "",
    date_of_birth: null,
    marketing_emails_consent: false,
    role: "customer",
    created_at: now,
    updated_at: now,
  });
  const amount = new Big(usd);
  if (amount.lte(0)) return; // an empty account: just the zero balance registration creates
  await moveFunds(
    {
      balances: createBalanceStore(doc, table),
      locker: { withLock: (_key, fn) => fn() },
      dailyLimits: { deposit: amount, withdraw: amount },
      lockWaitMs: 0,
    },
    { username, kind: "deposit", amount },
  );
}
