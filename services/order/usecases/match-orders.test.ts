// The worker's matching rules with in-memory ports: no DynamoDB, Redis or Hono.
import assert from "node:assert/strict";
import type { Asset } from "../../common/catalog.ts";
import { DomainError } from "../../common/domain-error.ts";
import { Big } from "../../common/money.ts";
import type { OrderViewData, Side } from "../domain/order.ts";
import type { StoredOrder } from "../store/order-items.ts";
import { type MatchPorts, sweep } from "./match-orders.ts";

const asset = (price: string): Asset => ({
  assetId: "ETH",
  name: "Ether",
  symbol: "ETH",
  category: "",
  price: new Big(price),
  isActive: true,
  updatedAt: "",
  raw: {},
});

let seq = 0;
function pending(
  side: Side,
  limit: string,
  opts: { expiresAt?: string; createdAt?: string } = {},
): StoredOrder {
  const id = `order_${String(++seq).padStart(12, "0")}`;
  return {
    username: "u",
    assetId: "ETH",
    side,
    quantity: new Big("1"),
    limitPrice: new Big(limit),
    heldAmount: new Big(limit),
    createdAt: opts.createdAt ?? `2026-01-01T00:00:${String(seq).padStart(2, "0")}Z`,
    expiresAt: opts.expiresAt,
    view: { order_id: id, status: "pending" } as OrderViewData,
  };
}

function memory(price: string, book: StoredOrder[], contended = new Set<string>()) {
  const log: string[] = [];
  const ports: MatchPorts = {
    assets: { get: () => Promise.resolve(asset(price)) },
    limitOrders: {
      crossing: () => Promise.resolve([]),
      pending: () => Promise.resolve([...book]),
      fill: (o, p) => {
        if (contended.has(o.view.order_id)) return Promise.reject(new DomainError("BUSY", "busy"));
        log.push(`fill ${o.view.order_id} @${p.toFixed()}`);
        return Promise.resolve({ ...o.view, status: "filled" });
      },
      close: (o, status) => {
        log.push(`${status} ${o.view.order_id}`);
        return Promise.resolve({ ...o.view, status });
      },
    },
  };
  return { ports, log };
}

Deno.test("match: crossed orders fill at the market price, best limit first, then oldest first", async () => {
  const a = pending("buy", "3000", { createdAt: "2026-01-01T00:00:02Z" });
  const b = pending("buy", "3100");
  const c = pending("buy", "3000", { createdAt: "2026-01-01T00:00:01Z" });
  const d = pending("buy", "2000"); // not crossed at 2900
  const s = pending("sell", "2800"); // crossed: 2900 ≥ 2800
  const { ports, log } = memory("2900", [a, b, c, d, s]);
  const open = await sweep(ports);
  assert.deepEqual(log, [
    `fill ${b.view.order_id} @2900`,
    `fill ${c.view.order_id} @2900`,
    `fill ${a.view.order_id} @2900`,
    `fill ${s.view.order_id} @2900`,
  ]);
  assert.deepEqual(open.get("ETH"), { buy: 1, sell: 0 });
});

Deno.test("sweep: due orders expire instead of filling; contention is skipped for the next sweep", async () => {
  const due = pending("buy", "5000", { expiresAt: "2026-01-01T00:00:00.000Z" });
  const later = pending("buy", "1000", { expiresAt: "2999-01-01T00:00:00.000Z" });
  const busy = pending("buy", "5000");
  const { ports, log } = memory("3000", [due, later, busy], new Set([busy.view.order_id]));
  const skipped: unknown[] = [];
  const open = await sweep({ ...ports, onSkip: (e) => skipped.push(e) }, "2026-06-01T00:00:00.000Z");
  assert.deepEqual(log, [`expired ${due.view.order_id}`]);
  assert.equal(skipped.length, 1);
  assert.deepEqual(open.get("ETH"), { buy: 2, sell: 0 });
});
