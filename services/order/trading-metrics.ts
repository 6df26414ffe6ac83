// Value traded, counted wherever an order executes (the order service for market and marketable
// limit orders, the worker for fills), so one sum over both gives the platform's volume.
import client from "prom-client";
import { registry } from "../common/metrics.ts";
import type { OrderViewData } from "./domain/order.ts";

const valueTraded = new client.Counter({
  name: "order_value_traded_usd_total",
  help: "USD value of executed orders (cost of buys, proceeds of sells)",
  labelNames: ["side"],
  registers: [registry],
});
const executions = new client.Counter({
  name: "order_executions_total",
  help: "Orders executed, by order type",
  labelNames: ["order_type"],
  registers: [registry],
});

/** Count an order the moment it executes (pending orders count when the worker fills them). */
export function countExecution(o: OrderViewData): void {
  if (o.status !== "completed" && o.status !== "filled") return;
  valueTraded.inc({ side: o.order_type.endsWith("buy") ? "buy" : "sell" }, Number(o.total_amount));
  executions.inc({ order_type: o.order_type });
}
