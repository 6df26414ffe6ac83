// 1,000 `Prefer: respond-async` orders from 50 users in a burst, against an order service and a
// worker started here on a table of their own; the worker is SIGKILLed once orders start executing
// and restarted while the burst goes on. Every request → 202; every order ends completed or rejected
// (none lost, none executed twice); each user's orders execute in the order accepted — their
// sequence only works in that order (each sell needs the buy before it) — and balances are exact.
import assert from "node:assert/strict";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { baseConfigShape, loadConfig } from "../../services/common/config.ts";
import { createTokens } from "../../services/common/jwt.ts";
import { until, waitReady } from "../../services/common/testing.ts";
import { getHolding } from "../../services/user/store/holdings.ts";
import { call, freePort, skipInBlackBox } from "../helpers.ts";
import { doc, dynamo, freshTable, fundedUser, startProcess, startWorker } from "../orders/fixture.ts";

const USERS = 50;
const BUY = { order_type: "market_buy", asset_id: "BTC", quantity: 0.001 }; // $50.00
const SELL = { order_type: "market_sell", asset_id: "BTC", quantity: 0.001 }; // $50.00
const TOO_BIG = { order_type: "market_buy", asset_id: "BTC", quantity: 0.01 }; // $500 > $100 held
// 20 per user: 9 × (buy, sell), one rejected buy, one last buy. Out of order, a sell would fail.
const SEQUENCE = [...Array.from({ length: 9 }, () => [BUY, SELL]).flat(), TOO_BIG, BUY];
const EXPECTED = [...SEQUENCE.slice(0, 18).map(() => "completed"), "rejected", "completed"];

Deno.test(
  "async burst: 1,000 orders from 50 users, worker killed and restarted → all 202, each executed once, in order, balances exact",
  { ignore: skipInBlackBox("runs its own order service and worker on its own DynamoDB table") },
  async () => {
    const { table, ports, balances } = await freshTable(["BTC"], "op-async");
    const orderPort = freePort();
    const service = startProcess("services/order/main.ts", table, orderPort, { ASSET_CACHE_MS: "0" });
    const workerPort = freePort();
    let worker: Deno.ChildProcess | undefined = startWorker(table, workerPort);
    const base = `http://127.0.0.1:${orderPort}`;
    try {
      const tokens = createTokens(loadConfig(baseConfigShape));
      const users = await Promise.all(Array.from({ length: USERS }, async (_, i) => {
        const name = `as${i}_${crypto.randomUUID().slice(0, 6)}`;
        await fundedUser(table, name, "100");
        return { name, token: (await tokens.issue(name, "customer")).token, ids: [] as string[] };
      }));
      await waitReady(orderPort);

      const statusOf = async (u: (typeof users)[number], id: string) =>
        (await ports.orders.get(u.name, id))!.view;
      let killed = false;
      const killOnce = async () => {
        // Once the first user's first order has executed, the worker dies mid-burst and comes back.
        if (killed || !users[0].ids[0] || (await statusOf(users[0], users[0].ids[0])).status === "accepted") {
          return;
        }
        killed = true;
        worker!.kill("SIGKILL");
        await worker!.status;
        worker = startWorker(table, workerPort);
      };
      const statuses: number[] = [];
      await Promise.all(users.map(async (u) => {
        for (const body of SEQUENCE) {
          const r = await call<{ order_id: string }>(base, "POST", "/orders", {
            token: u.token,
            json: body,
            headers: { Prefer: "respond-async" },
          });
          statuses.push(r.status);
          assert.equal(r.status, 202, r.text);
          u.ids.push(r.body.order_id);
          if (u === users[0]) await killOnce();
        }
      }));
      assert.equal(statuses.length, 1000);
      assert.ok(statuses.every((s) => s === 202));
      await until("the worker was killed mid-burst", async () => (await killOnce(), killed));
      await until("every user's last order is settled", async () => {
        const last = await Promise.all(users.map((u) => statusOf(u, u.ids.at(-1)!)));
        return last.every((v) => v.status !== "accepted");
      }, 6000);

      for (const u of users) {
        const views = await Promise.all(u.ids.map((id) => statusOf(u, id)));
        assert.deepEqual(views.map((v) => v.status), EXPECTED, `${u.name}: in the order accepted`);
        assert.equal(views[18].rejection?.code, "INSUFFICIENT_FUNDS");
        const executed = views.filter((v) => v.status === "completed").map((v) => v.created_at);
        assert.deepEqual(executed, [...executed].sort(), `${u.name}: executed in the order accepted`);
        const b = await balances.get(u.name);
        assert.equal(b.available.toFixed(2), "50.00", `${u.name}: 100 − 10 buys + 9 sales`);
        const page = await balances.ledger(u.name, { limit: 100 });
        const refs = page.items.filter((t) => t.reference_id).map((t) => t.reference_id);
        assert.equal(refs.length, 19, `${u.name}: one ledger entry per executed order`);
        assert.equal(new Set(refs).size, 19, `${u.name}: no order executed twice`);
        assert.equal((await getHolding(doc, table, u.name, "BTC"))?.quantity.toFixed(), "0.001");
      }
    } finally {
      for (const p of [worker, service]) {
        if (!p) continue;
        p.kill("SIGKILL");
        await p.status;
      }
      await dynamo.send(new DeleteTableCommand({ TableName: table }));
    }
  },
);
