import assert from "node:assert/strict";
import { Big } from "../../common/money.ts";
import { dailyLimitMessage, insufficientFundsMessage, limitDay, remainingToday } from "./funds.ts";

Deno.test("remainingToday never goes negative and is exact", () => {
  assert.equal(remainingToday(new Big("10000"), new Big("9999.99")).toFixed(2), "0.01");
  assert.equal(remainingToday(new Big("5000"), new Big("6000")).toFixed(2), "0.00");
});

Deno.test("limitDay is the UTC calendar day", () => {
  assert.equal(limitDay("2026-11-25T23:59:59.999Z"), "2026-11-25");
});

Deno.test("messages keep the upstream wording with exact amounts", () => {
  assert.equal(
    insufficientFundsMessage(new Big("0"), new Big("100")),
    "Insufficient balance for withdrawal. Current balance: $0.00, Required amount: $100.00, Shortfall: $100.00. Please deposit additional funds or reduce withdrawal amount.",
  );
  assert.equal(
    dailyLimitMessage("deposit", new Big("10000"), new Big("9500"), new Big("600")),
    "Daily deposit limit exceeded. Limit: $10,000.00, Already deposited today: $9,500.00, Requested: $600.00. Try again tomorrow.",
  );
});
