// The services behind the gateway: their base URLs from config and one circuit breaker each, with the
// breaker state exported as a metric and logged when it changes.
import type { Logger } from "../../services/common/logger.ts";
import type { GatewayConfig } from "../config.ts";
import type { ServiceName } from "../routes.ts";
import { gatewayMetrics } from "./metrics.ts";
import { type Breakers, circuitBreakers, CircuitState, STATE_NAMES } from "./middleware/breaker.ts";

export const SERVICES: readonly ServiceName[] = ["user", "inventory", "order"];

export type Upstreams = Record<ServiceName, string | undefined>;

export const upstreamsOf = (cfg: GatewayConfig): Upstreams => ({
  user: cfg.USER_URL,
  inventory: cfg.INVENTORY_URL,
  order: cfg.ORDER_URL,
});

export function upstreamBreakers(cfg: GatewayConfig, log: Logger): Breakers {
  const m = gatewayMetrics();
  let built = false; // the initial "closed" of each breaker is not news
  const breakers = circuitBreakers({
    services: SERVICES,
    consecutiveFailures: cfg.BREAKER_FAILURES,
    halfOpenAfterMs: cfg.BREAKER_HALF_OPEN_AFTER_MS,
    onStateChange: (service, state) => {
      m.breakerState.set({ target_service: service }, state);
      if (state !== CircuitState.Closed || built) {
        log.warn({ target_service: service, state: STATE_NAMES[state] }, "circuit breaker state change");
      }
    },
  });
  built = true;
  return breakers;
}
