// Balance, deposits, withdrawals and the ledger (docs/compatibility.md).
import assert from "node:assert/strict";
import { API, assertProblem, call, createUser } from "../helpers.ts";

const deposit = (token: string, amount: unknown, headers?: Record<string, string>) =>
  call(API, "POST", "/balance/deposit", { token, json: { amount }, headers });
const withdraw = (token: string, amount: unknown) =>
  call(API, "POST", "/balance/withdraw", { token, json: { amount } });
const balance = async (token: string) => (await call(API, "GET", "/balance", { token })).body.current_balance;

Deno.test("balance: new user 0.00; deposit 1000, withdraw 300 → 700.00 with exact strings", async () => {
  const u = await createUser(API);
  const fresh = await call(API, "GET", "/balance", { token: u.token });
  assert.equal(fresh.status, 200);
  assert.equal(fresh.body.current_balance, "0.00");
  assert.equal(typeof fresh.body.updated_at, "string");

  const d = await deposit(u.token, 1000);
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.success, true);
  assert.equal(d.body.message, "Successfully deposited $1000.00");
  assert.match(String(d.body.transaction_id), /^txn_/);
  assert.equal(await balance(u.token), "1000.00");

  assert.equal((await withdraw(u.token, 300)).status, 201);
  assert.equal(await balance(u.token), "700.00");
  assert.equal((await deposit(u.token, "0.10")).status, 201);
  assert.equal((await deposit(u.token, 0.2)).status, 201);
  assert.equal(await balance(u.token), "700.30", "0.1 + 0.2 is exactly 0.30 here");
});

Deno.test("deposit/withdraw: invalid amounts → 422 naming amount, and nothing changes", async () => {
  const u = await createUser(API);
  assert.equal((await deposit(u.token, 100)).status, 201);
  for (const amount of [-50, 0, 999999999.99, 1000000.01, 10.001, "abc", null, true, [], {}]) {
    for (const op of [deposit, withdraw]) {
      const res = await op(u.token, amount);
      assertProblem(res, 422, "VALIDATION_ERROR");
      assert.ok(
        (res.body as { errors: { field: string }[] }).errors.some((e) => e.field === "amount"),
        res.text,
      );
    }
  }
  for (const path of ["/balance/deposit", "/balance/withdraw"]) {
    assertProblem(await call(API, "POST", path, { token: u.token, json: {} }), 422);
    const malformed = await call(API, "POST", path, { token: u.token, raw: '{"amount": 1' });
    assertProblem(malformed, 400, "MALFORMED_REQUEST");
  }
  assert.equal(await balance(u.token), "100.00");
});

Deno.test("withdraw: more than the balance → 422 with the upstream message; balance untouched", async () => {
  const u = await createUser(API);
  const empty = await withdraw(u.token, 100);
  assertProblem(empty, 422, "INSUFFICIENT_FUNDS");
  assert.match(
    String(empty.body.detail),
    /Current balance: \$0\.00, Required amount: \$100\.00, Shortfall: \$100\.00/,
  );
  assert.equal((await deposit(u.token, 100)).status, 201);
  assertProblem(await withdraw(u.token, 200), 422, "INSUFFICIENT_FUNDS");
  assert.equal(await balance(u.token), "100.00");
});

Deno.test("daily limits: deposits capped at 10,000 and withdrawals at 5,000 per UTC day", async () => {
  const u = await createUser(API);
  assert.equal((await deposit(u.token, 9500)).status, 201);
  const over = await deposit(u.token, 600);
  assertProblem(over, 422, "DAILY_LIMIT_EXCEEDED");
  assert.match(String(over.body.detail), /Already deposited today: \$9,500\.00, Requested: \$600\.00/);
  assert.equal((await deposit(u.token, 500)).status, 201, "exactly up to the limit is fine");
  assertProblem(await deposit(u.token, 0.01), 422, "DAILY_LIMIT_EXCEEDED");
  assert.equal((await withdraw(u.token, 5000)).status, 201);
  assertProblem(await withdraw(u.token, 1), 422, "DAILY_LIMIT_EXCEEDED");
  assert.equal(await balance(u.token), "5000.00");
});

Deno.test("ledger: newest first, cursor pagination without gaps or repeats, totals and offset compatibility", async () => {
  const u = await createUser(API);
  const empty = await call(API, "GET", "/balance/transactions", { token: u.token });
  assert.deepEqual(empty.body.transactions, []);
  assert.equal(empty.body.has_more, false);
  const amounts = [1, 2, 3, 4, 5, 6, 7];
  for (const a of amounts) assert.equal((await deposit(u.token, a)).status, 201);
  assert.equal((await withdraw(u.token, 10)).status, 201);

  const seen: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=3&cursor=${cursor}` : "?limit=3";
    const page = await call<
      {
        transactions: Record<string, unknown>[];
        next_cursor: string | null;
        has_more: boolean;
        total_count: number;
      }
    >(
      API,
      "GET",
      `/balance/transactions${q}`,
      { token: u.token },
    );
    assert.equal(page.status, 200, page.text);
    assert.equal(page.body.total_count, 8);
    assert.ok(page.body.transactions.length <= 3);
    seen.push(...page.body.transactions);
    cursor = page.body.has_more ? page.body.next_cursor : null;
  } while (cursor);
  assert.deepEqual(seen.map((t) => t.amount), [
    "-10.00",
    "7.00",
    "6.00",
    "5.00",
    "4.00",
    "3.00",
    "2.00",
    "1.00",
  ]);
  assert.equal(seen[0].transaction_type, "withdraw");
  assert.equal(new Set(seen.map((t) => t.transaction_id)).size, 8);

  const compat = await call(API, "GET", "/balance/transactions?limit=10&offset=0", { token: u.token });
  assert.equal(compat.status, 200);
  assert.equal((compat.body.transactions as unknown[]).length, 8);
  const skipped = await call(API, "GET", "/balance/transactions?limit=2&offset=6", { token: u.token });
  assert.deepEqual((skipped.body.transactions as { amount: string }[]).map((t) => t.amount), [
    "2.00",
    "1.00",
  ]);
  for (const q of ["?limit=0", "?limit=101", "?limit=abc", "?cursor=bogus", "?offset=-1"]) {
    assertProblem(await call(API, "GET", `/balance/transactions${q}`, { token: u.token }), 422);
  }
});
