// Trading: orders placed, executed, rejected (by reason), value traded, limit orders and the worker.
import { dashboard, stat, timeseries } from "./panels.ts";

export const trading = () =>
  dashboard("op-trading", "Order Processor / Trading", [
    ["Orders", [
      timeseries(
        "Orders placed/s by type and outcome",
        "reqps",
        "POST /orders answers by order type and HTTP status.",
        [
          "sum by (order_type, outcome) (rate(order_outcomes_total[5m]))",
          "{{order_type}} {{outcome}}",
        ],
      ),
      timeseries("Rejections/s by reason", "reqps", "Orders refused by a business rule, by code.", [
        "sum by (code) (rate(order_rejections_total[5m])) or vector(0)",
        "{{code}}",
      ]),
      timeseries(
        "Executions/s by type",
        "reqps",
        "Orders executed (market, marketable limit, worker fills).",
        [
          "sum by (order_type) (rate(order_executions_total[5m]))",
          "{{order_type}}",
        ],
      ),
      timeseries("Value traded (USD/s)", "currencyUSD", "Cost of buys and proceeds of sells.", [
        "sum by (side) (rate(order_value_traded_usd_total[5m]))",
        "{{side}}",
      ]),
    ]],
    ["Limit orders", [
      stat("Open limit orders", "none", "Pending limit orders as of the worker's last sweep.", [
        "sum(limit_orders_open) or vector(0)",
        "open",
      ]),
      timeseries("Open limit orders by asset", "none", "Pending orders per asset and side.", [
        "sum by (asset_id, side) (limit_orders_open)",
        "{{asset_id}} {{side}}",
      ]),
      timeseries("Fills and expiries/s", "reqps", "Settled by the worker.", [
        "sum by (side) (rate(limit_order_fills_total[5m])) or vector(0)",
        "fills {{side}}",
      ], ["sum(rate(limit_order_expiries_total[5m])) or vector(0)", "expiries"]),
      timeseries("Sweep duration p99", "s", "One pass over the open book (expiries + matching).", [
        "histogram_quantile(0.99, sum by (le) (rate(limit_order_sweep_duration_seconds_bucket[5m])))",
        "p99",
      ]),
    ]],
    ["Contention", [
      timeseries("Lock wait p99", "s", "Per-user lock waits (orders, deposits, withdrawals).", [
        "histogram_quantile(0.99, sum by (job, le) (rate(lock_wait_seconds_bucket[5m])))",
        "{{job}}",
      ]),
      timeseries(
        "Transaction conflicts/s",
        "reqps",
        "DynamoDB transactions cancelled by another one (retried).",
        [
          "sum by (job) (rate(dynamodb_transaction_conflicts_total[5m])) or vector(0)",
          "{{job}}",
        ],
      ),
    ]],
  ]);
