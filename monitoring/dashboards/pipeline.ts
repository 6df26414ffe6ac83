// Pipeline: the outbox relay, event consumers, dead letters, async intake and live connections.
import { dashboard, stat, timeseries } from "./panels.ts";

export const pipeline = () =>
  dashboard("op-pipeline", "Order Processor / Event pipeline", [
    ["Health", [
      stat("Relay lag", "s", "Age of the oldest outbox event not yet on a stream.", [
        "max(relay_lag_seconds)",
        "lag",
      ]),
      stat("Dead letters", "none", "Messages consumers gave up on (admin: list and redrive).", [
        "max(dead_letter_depth)",
        "dead letters",
      ]),
      stat("Intake queue", "none", "Async order commands waiting to run.", [
        "max(intake_queue_depth)",
        "queued",
      ]),
      stat("Live connections", "none", "Open SSE and WebSocket clients on every gateway.", [
        "sum(gateway_live_connections) or vector(0)",
        "connections",
      ]),
    ]],
    ["Flow", [
      timeseries("Events published/s by type", "reqps", "Outbox events the relay put on the streams.", [
        "sum by (type) (rate(events_published_total[5m]))",
        "{{type}}",
      ]),
      timeseries(
        "Events consumed/s by group and outcome",
        "reqps",
        "ok, duplicate (already done), failed, dead_letter.",
        [
          "sum by (group, outcome) (rate(events_consumed_total[5m]))",
          "{{group}} {{outcome}}",
        ],
      ),
      timeseries("Redeliveries/s", "reqps", "Messages reclaimed after a consumer left them pending.", [
        "sum by (group) (rate(events_redeliveries_total[5m])) or vector(0)",
        "{{group}}",
      ]),
      timeseries("Async orders/s by outcome", "reqps", "Prefer: respond-async commands run by the worker.", [
        "sum by (outcome) (rate(async_orders_total[5m])) or vector(0)",
        "{{outcome}}",
      ]),
    ]],
  ]);
