// Async order intake through the gateway: `Prefer: respond-async` → 202 {order_id, status, correlation_id}
// + Location; the worker executes it (completed, or rejected with the problem code and detail, visible
// at GET /orders/{id}); Idempotency-Key replays the 202; without the header nothing changes (201).
import assert from "node:assert/strict";
import { until } from "../../services/common/testing.ts";
import { assertProblem, call } from "../helpers.ts";
import { deposit, newUser, ORDER, order, type TestUser } from "../orders/support.ts";

const ASYNC = { Prefer: "respond-async" };
const BUY = { order_type: "market_buy", asset_id: "BTC", quantity: 0.01 };

async function settled(u: TestUser, id: string) {
  let view: Record<string, unknown> = {};
  await until(`order ${id} leaves accepted`, async () => {
    const r = await call<{ data: Record<string, unknown> }>(ORDER, "GET", `/orders/${id}`, {
      token: u.token,
    });
    assert.equal(r.status, 200, r.text);
    view = r.body.data;
    return view.status !== "accepted";
  });
  return view;
}

Deno.test("async intake: 202 + Location at once, executed by the worker → completed", async () => {
  const u = await newUser();
  await deposit(u, 1000);
  const r = await order(u, BUY, ASYNC);
  assert.equal(r.status, 202, r.text);
  const body = r.body as unknown as { order_id: string; status: string; correlation_id: string };
  assert.equal(body.status, "accepted");
  assert.equal(body.correlation_id, r.headers.get("x-request-id"));
  assert.equal(r.headers.get("location"), `/api/v1/orders/${body.order_id}`);
  const view = await settled(u, body.order_id);
  assert.equal(view.status, "completed");
  assert.equal(view.total_amount, "500.00");
});

Deno.test("async intake: a business failure ends rejected with its problem code and detail", async () => {
  const u = await newUser();
  await deposit(u, 10);
  const r = await order(u, BUY, ASYNC);
  assert.equal(r.status, 202, r.text);
  const view = await settled(u, (r.body as unknown as { order_id: string }).order_id);
  assert.equal(view.status, "rejected");
  const rejection = view.rejection as { code: string; detail: string };
  assert.equal(rejection.code, "INSUFFICIENT_FUNDS");
  assert.match(rejection.detail, /Required: \$500\.00, Available: \$10\.00/);
});

Deno.test("async intake: Idempotency-Key replays the 202 and executes once; reused for a sync order → 422", async () => {
  const u = await newUser();
  await deposit(u, 1000);
  const key = crypto.randomUUID();
  const headers = { ...ASYNC, "Idempotency-Key": key };
  const [a, b] = await Promise.all([order(u, BUY, headers), order(u, BUY, headers)]);
  assert.deepEqual([a.status, b.status].sort(), [202, 202], `${a.text} ${b.text}`);
  assert.equal(a.text, b.text, "one answer, replayed byte-identically");
  const id = (a.body as unknown as { order_id: string }).order_id;
  assert.equal((await settled(u, id)).status, "completed");
  const list = await call<{ data: unknown[] }>(ORDER, "GET", "/orders", { token: u.token });
  assert.equal(list.body.data.length, 1, "executed once");
  assertProblem(await order(u, BUY, { "Idempotency-Key": key }), 422, "IDEMPOTENCY_KEY_REUSED");
  assert.equal((await order(u, BUY)).status, 201, "without the header an order is synchronous");
});
