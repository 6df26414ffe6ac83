// The order worker's engine: matches an asset whenever its price changes (Redis `prices` messages,
// coalesced so a burst of ticks runs one match at a time per asset) and sweeps the whole open book
// on a timer — expiries and every asset with pending orders — so a missed message or a restart
// still settles. An empty book costs one index query per sweep.
import client from "prom-client";
import { registry } from "../common/metrics.ts";
import type { Logger } from "../common/logger.ts";
import { countExecution } from "./trading-metrics.ts";
import { matchAsset, type MatchPorts, sweep } from "./usecases/match-orders.ts";

const fills = new client.Counter({
  name: "limit_order_fills_total",
  help: "Limit orders filled by the worker",
  labelNames: ["side"],
  registers: [registry],
});
const expiries = new client.Counter({
  name: "limit_order_expiries_total",
  help: "Limit orders expired by the worker",
  registers: [registry],
});
const skips = new client.Counter({
  name: "limit_order_settlement_skips_total",
  help: "Settlements left for the next sweep (contention or already settled)",
  registers: [registry],
});
const sweepSeconds = new client.Histogram({
  name: "limit_order_sweep_duration_seconds",
  help: "Duration of one full sweep (expiries + every asset's book)",
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});
const openOrders = new client.Gauge({
  name: "limit_orders_open",
  help: "Pending limit orders per asset and side (as of the last sweep)",
  labelNames: ["asset_id", "side"],
  registers: [registry],
});

export interface MatcherOptions {
  ports: MatchPorts;
  sweepMs: number;
  log: Logger;
  /** Called after a fill or expiry committed (its outbox event is waiting for the relay). */
  onCommit?: () => void;
}

// Long by design: a factory closing over the matcher's state; each function inside is short.
export function createMatcher(opts: MatcherOptions) {
  const { log } = opts;
  const ports: MatchPorts = {
    ...opts.ports,
    onFill: (view, side) => {
      fills.inc({ side });
      countExecution(view);
      opts.onCommit?.();
    },
    onExpire: () => {
      expiries.inc();
      opts.onCommit?.();
    },
    onSkip: () => skips.inc(),
  };
  // One match at a time per asset; a price change during a match asks for one more run after it.
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  function matchSoon(assetId: string): Promise<void> {
    if (running.has(assetId)) {
      again.add(assetId);
      return running.get(assetId)!;
    }
    const run = (async () => {
      do {
        again.delete(assetId);
        try {
          await matchAsset(ports, assetId);
        } catch (err) {
          log.warn({ err: String(err), asset_id: assetId }, "match failed; the sweep will retry");
        }
      } while (again.has(assetId));
    })().finally(() => running.delete(assetId));
    running.set(assetId, run);
    return run;
  }

  async function sweepOnce(): Promise<void> {
    const end = sweepSeconds.startTimer();
    try {
      const open = await sweep(ports);
      openOrders.reset(); // assets whose book emptied drop out of the gauge
      for (const [assetId, sides] of open) {
        for (const side of ["buy", "sell"] as const) openOrders.set({ asset_id: assetId, side }, sides[side]);
      }
    } catch (err) {
      log.warn({ err: String(err) }, "sweep failed; retrying next period");
    } finally {
      end();
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const loop = async () => {
    await sweepOnce();
    if (!stopped) timer = setTimeout(loop, opts.sweepMs);
  };

  return {
    matchSoon,
    sweep: sweepOnce,
    start: () => void loop(),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await Promise.all(running.values());
    },
  };
}
