// The user service's use-case ports, wired to DynamoDB, Redis and bcrypt (the use-case unit tests
// pass in-memory ports instead).
import { Big } from "../common/money.ts";
import { hashPassword, timingDummyHash, verifyPassword } from "../common/password.ts";
import type { UserDeps } from "./deps.ts";
import { createBalanceStore } from "./store/balance.ts";
import { getHolding, listHoldings } from "./store/holdings.ts";
import { createUserStore } from "./store/users.ts";
import type { AccountPorts } from "./usecases/accounts.ts";
import type { MoveFundsPorts } from "./usecases/move-funds.ts";
import type { PortfolioPorts } from "./usecases/portfolio.ts";

export type UserPorts = AccountPorts & MoveFundsPorts & PortfolioPorts & {
  balances: ReturnType<typeof createBalanceStore>;
};

export function userPorts(deps: UserDeps): UserPorts {
  const { doc, cfg } = deps;
  const table = cfg.TABLE_NAME;
  return {
    users: createUserStore(doc, table),
    passwords: { hash: hashPassword, verify: verifyPassword, dummy: timingDummyHash },
    tokens: deps.tokens,
    balances: createBalanceStore(doc, table),
    holdings: {
      list: (username) => listHoldings(doc, table, username),
      get: (username, assetId) => getHolding(doc, table, username, assetId),
    },
    assets: deps.assets,
    locker: deps.locker,
    dailyLimits: { deposit: new Big(cfg.DAILY_DEPOSIT_LIMIT), withdraw: new Big(cfg.DAILY_WITHDRAW_LIMIT) },
    lockWaitMs: cfg.LOCK_WAIT_MS,
  };
}
