// Runtime: memory, event-loop lag, GC, CPU and Redis connections per process.
import { dashboard, timeseries } from "./panels.ts";

export const runtime = () =>
  dashboard("op-runtime", "Order Processor / Runtime", [
    ["Memory and CPU", [
      timeseries("Resident memory", "bytes", "RSS per process.", [
        "process_resident_memory_bytes",
        "{{job}}",
      ]),
      timeseries("Heap used", "bytes", "V8 heap in use per process.", [
        "nodejs_heap_size_used_bytes",
        "{{job}}",
      ]),
      timeseries("CPU", "percentunit", "CPU seconds per second per process.", [
        "rate(process_cpu_seconds_total[5m])",
        "{{job}}",
      ]),
    ]],
    ["Event loop and GC", [
      timeseries("Event-loop lag p99", "s", "How late timers fire: a blocked loop delays every request.", [
        "nodejs_eventloop_lag_p99_seconds",
        "{{job}}",
      ]),
      // Deno reports no GC events to prom-client (no perf_hooks "gc" entries), so GC shows as heap
      // churn: the heap's size against what is in use.
      timeseries(
        "Heap total vs used (GC headroom)",
        "bytes",
        "V8 heap size and use per process; Deno reports no GC pause events.",
        [
          "nodejs_heap_size_total_bytes",
          "total {{job}}",
        ],
        ["nodejs_heap_size_used_bytes", "used {{job}}"],
      ),
      timeseries("Redis connections up", "none", "1 per connected client (main, subscriber) per process.", [
        "redis_connection_up",
        "{{job}} {{connection}}",
      ]),
    ]],
  ]);
