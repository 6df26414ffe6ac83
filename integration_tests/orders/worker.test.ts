// The order worker under stress, in a table of its own (so only the worker started here settles it):
// 500 pending limit buys across 50 users, one price move crossing all of them, the worker SIGKILLed
// mid-batch and restarted → every order filled exactly once, money conserved to the cent per user.
// Then 100 cancels racing fills → each order ends cancelled (hold released) or filled, never both.
import assert from "node:assert/strict";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { Big } from "../../services/common/money.ts";
import { until } from "../../services/common/testing.ts";
import { setPrice } from "../../services/inventory/store/assets.ts";
import { orderTotal } from "../../services/order/domain/order.ts";
import { cancelOrder } from "../../services/order/usecases/cancel-order.ts";
import { placeOrder } from "../../services/order/usecases/place-order.ts";
import { freePort, skipInBlackBox } from "../helpers.ts";
import { doc, dynamo, freshTable, fundedUser, startWorker } from "./fixture.ts";

type Ports = Awaited<ReturnType<typeof freshTable>>["ports"];
async function statuses(ports: Ports, orders: { user: string; id: string }[]) {
  return await Promise.all(orders.map(async (o) => (await ports.orders.get(o.user, o.id))!.view));
}

Deno.test(
  "worker: 500 limit buys, one crossing move, worker killed mid-batch → each filled exactly once, money conserved",
  { ignore: skipInBlackBox("runs its own worker on its own DynamoDB table") },
  async () => {
    const { table, ports, balances } = await freshTable();
    let worker: Deno.ChildProcess | undefined;
    try {
      const users = Array.from({ length: 50 }, (_, i) => `wk${i}_${crypto.randomUUID().slice(0, 6)}`);
      await Promise.all(users.map((u) => fundedUser(table, u, "5000")));
      // 10 orders per user, limits 2500.00 … 2509.00, all below ETH's 3000 seed price: they rest.
      const placed = await Promise.all(users.flatMap((user) =>
        Array.from({ length: 10 }, async (_, j) => {
          const limit = new Big(2500 + j);
          const v = await placeOrder(ports, {
            username: user,
            orderType: "limit_buy",
            assetId: "ETH",
            quantity: new Big("0.1"),
            limitPrice: limit,
          });
          assert.equal(v.status, "pending");
          return { user, id: v.order_id, limit };
        })
      ));
      assert.equal(placed.length, 500);

      const port = freePort();
      worker = startWorker(table, port);
      await setPrice(doc, table, "ETH", new Big("2400"), "admin"); // crosses every limit; the sweep finds it
      const filledCount = async () =>
        (await statuses(ports, placed)).filter((v) => v.status === "filled").length;
      await until("the worker has filled some orders", async () => (await filledCount()) > 0);
      worker.kill("SIGKILL");
      await worker.status;
      const atKill = 500 - (await ports.limitOrders.pending()).length;
      worker = startWorker(table, port);
      await until("every order is filled", async () => !(await ports.limitOrders.anyPending()));
      const views = await statuses(ports, placed);
      assert.deepEqual(views.filter((v) => v.status !== "filled"), []);
      worker.kill("SIGTERM");
      await worker.status;
      worker = undefined;
      console.log(`filled ${atKill}/500 before the kill, the rest after the restart`);

      const cost = orderTotal("buy", new Big("0.1"), new Big("2400"));
      for (const user of users) {
        const b = await balances.get(user);
        const page = await balances.ledger(user, { limit: 100 });
        const payments = page.items.filter((t) => t.transaction_type === "order_payment");
        assert.equal(payments.length, 10, `${user}: one payment per order`);
        assert.equal(new Set(payments.map((t) => t.reference_id)).size, 10, `${user}: no order paid twice`);
        assert.equal(b.held.toFixed(2), "0.00");
        // cash + held + holdings × fill price = the deposit, to the cent.
        assert.equal(b.available.plus(b.held).plus(cost.times(10)).toFixed(2), "5000.00", user);
        const hist = await ports.assetTransactions.list(user, "ETH", { limit: 100 });
        assert.equal(hist.items.length, 10);
      }
    } finally {
      if (worker) {
        worker.kill("SIGKILL");
        await worker.status;
      }
      await dynamo.send(new DeleteTableCommand({ TableName: table }));
    }
  },
);

Deno.test(
  "worker: 100 cancels racing fills → each order cancelled with its hold released, or filled; never both",
  { ignore: skipInBlackBox("runs its own worker on its own DynamoDB table") },
  async () => {
    const { table, ports, balances } = await freshTable();
    const worker = startWorker(table, freePort());
    try {
      const users = Array.from({ length: 10 }, (_, i) => `race${i}_${crypto.randomUUID().slice(0, 6)}`);
      await Promise.all(users.map((u) => fundedUser(table, u, "5000")));
      const placed = await Promise.all(users.flatMap((user) =>
        Array.from({ length: 10 }, async () => {
          const v = await placeOrder(ports, {
            username: user,
            orderType: "limit_buy",
            assetId: "ETH",
            quantity: new Big("0.1"),
            limitPrice: new Big("2900"),
          });
          return { user, id: v.order_id };
        })
      ));
      await setPrice(doc, table, "ETH", new Big("2800"), "admin");
      const outcomes = await Promise.all(
        placed.map((o) =>
          cancelOrder(ports, o.user, o.id).then(
            () => "cancelled",
            (e) => (e as { code?: string }).code ?? String(e),
          )
        ),
      );
      for (const out of outcomes) assert.ok(["cancelled", "ORDER_NOT_CANCELLABLE"].includes(out), out);
      await until(
        "the worker has settled every order",
        async () => (await statuses(ports, placed)).every((v) => v.status !== "pending"),
      );

      const views = await statuses(ports, placed);
      views.forEach((v, i) =>
        assert.equal(v.status, outcomes[i] === "cancelled" ? "cancelled" : "filled", v.order_id)
      );
      const cost = orderTotal("buy", new Big("0.1"), new Big("2800"));
      for (const user of users) {
        const filled = views.filter((v, i) => placed[i].user === user && v.status === "filled").length;
        const b = await balances.get(user);
        assert.equal(b.held.toFixed(2), "0.00", `${user}: nothing left held`);
        assert.equal(b.available.plus(cost.times(filled)).toFixed(2), "5000.00", `${user}: conserved`);
      }
    } finally {
      worker.kill("SIGKILL");
      await worker.status;
      await dynamo.send(new DeleteTableCommand({ TableName: table }));
    }
  },
);
