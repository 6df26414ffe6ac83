// Money under concurrency: conditional transactions, never a negative balance, idempotent replays.
import assert from "node:assert/strict";
import { API, assertProblem, call, createUser } from "../helpers.ts";

async function ledgerSum(token: string): Promise<{ sum: bigint; count: number }> {
  let cursor: string | null = null, sum = 0n, count = 0;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : "";
    const page = await call<
      { transactions: { amount: string }[]; has_more: boolean; next_cursor: string | null }
    >(
      API,
      "GET",
      `/balance/transactions?limit=100${q}`,
      { token },
    );
    for (const t of page.body.transactions) sum += BigInt(t.amount.replace(".", "")), count++;
    cursor = page.body.has_more ? page.body.next_cursor : null;
  } while (cursor);
  return { sum, count };
}

Deno.test("50 concurrent withdrawals of 100 from 1000 → exactly 10 succeed, 40 get 422, balance 0.00", async () => {
  const u = await createUser(API);
  assert.equal(
    (await call(API, "POST", "/balance/deposit", { token: u.token, json: { amount: 1000 } })).status,
    201,
  );
  const results = await Promise.all(
    Array.from(
      { length: 50 },
      () => call(API, "POST", "/balance/withdraw", { token: u.token, json: { amount: 100 } }),
    ),
  );
  const by = (s: number) => results.filter((r) => r.status === s).length;
  assert.equal(by(201), 10, results.map((r) => `${r.status}`).join(","));
  assert.equal(by(422), 40);
  for (const r of results.filter((r) => r.status === 422)) assertProblem(r, 422, "INSUFFICIENT_FUNDS");
  const bal = await call(API, "GET", "/balance", { token: u.token });
  assert.equal(bal.body.current_balance, "0.00");
  const ledger = await ledgerSum(u.token);
  assert.equal(ledger.count, 11);
  assert.equal(ledger.sum, 0n, "ledger sums to the balance");
});

Deno.test("20 concurrent deposits with one Idempotency-Key → one ledger entry, identical responses", async () => {
  const u = await createUser(API);
  const headers = { "Idempotency-Key": crypto.randomUUID() };
  const results = await Promise.all(
    Array.from(
      { length: 20 },
      () => call(API, "POST", "/balance/deposit", { token: u.token, json: { amount: 250 }, headers }),
    ),
  );
  for (const r of results) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(results.map((r) => r.text)).size, 1, "byte-identical bodies");
  assert.equal(results.filter((r) => r.headers.get("idempotent-replayed") === "true").length, 19);
  const bal = await call(API, "GET", "/balance", { token: u.token });
  assert.equal(bal.body.current_balance, "250.00");
  const ledger = await ledgerSum(u.token);
  assert.equal(ledger.count, 1);

  // Same key, different body → 422; same key later → the same stored answer.
  const other = await call(API, "POST", "/balance/deposit", {
    token: u.token,
    json: { amount: 251 },
    headers,
  });
  assertProblem(other, 422, "IDEMPOTENCY_KEY_REUSED");
  const later = await call(API, "POST", "/balance/deposit", {
    token: u.token,
    json: { amount: 250.0 },
    headers,
  });
  assert.equal(later.text, results[0].text);
  // A key reused on another endpoint is a different request too.
  const cross = await call(API, "POST", "/balance/withdraw", {
    token: u.token,
    json: { amount: 250 },
    headers,
  });
  assertProblem(cross, 422, "IDEMPOTENCY_KEY_REUSED");
});

Deno.test("idempotent rejections replay too: a keyed overdraw answers the same 422 again", async () => {
  const u = await createUser(API);
  const headers = { "Idempotency-Key": crypto.randomUUID() };
  const first = await call(API, "POST", "/balance/withdraw", {
    token: u.token,
    json: { amount: 5 },
    headers,
  });
  assertProblem(first, 422, "INSUFFICIENT_FUNDS");
  await call(API, "POST", "/balance/deposit", { token: u.token, json: { amount: 10 } });
  const again = await call(API, "POST", "/balance/withdraw", {
    token: u.token,
    json: { amount: 5 },
    headers,
  });
  assert.equal(again.status, 422);
  assert.equal(again.text, first.text);
  assert.equal((await call(API, "GET", "/balance", { token: u.token })).body.current_balance, "10.00");
});

Deno.test("mixed concurrent deposits and withdrawals keep balance == ledger sum and never go negative", async () => {
  const u = await createUser(API);
  await call(API, "POST", "/balance/deposit", { token: u.token, json: { amount: 100 } });
  const ops = Array.from(
    { length: 40 },
    (_, i) =>
      call(API, "POST", i % 2 ? "/balance/withdraw" : "/balance/deposit", {
        token: u.token,
        json: { amount: i % 2 ? 37.37 : 12.34 },
      }),
  );
  const results = await Promise.all(ops);
  for (const r of results) assert.ok(r.status === 201 || r.status === 422, `${r.status} ${r.text}`);
  const bal = await call(API, "GET", "/balance", { token: u.token });
  const cents = BigInt(String(bal.body.current_balance).replace(".", ""));
  assert.ok(cents >= 0n);
  assert.equal((await ledgerSum(u.token)).sum, cents);
});
