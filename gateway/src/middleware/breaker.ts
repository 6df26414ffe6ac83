// circuitBreakers(): one cockatiel breaker per upstream service. Consecutive failures (transport error,
// timeout, or a 5xx that the service itself did not write — see upstreamFailed) open it; while open, calls fail at once with BrokenCircuitError (the proxy
// answers 503 without touching the upstream); after `halfOpenAfterMs` one probe goes through and its
// success closes the breaker again, so a restarted service gets traffic back by itself.
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleAll } from "cockatiel";
import type { CircuitBreakerPolicy } from "cockatiel";

export { BrokenCircuitError, CircuitState } from "cockatiel";

export const STATE_NAMES: Record<CircuitState, string> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half_open",
  [CircuitState.Isolated]: "isolated",
};

/**
 * Does this answer mean the service is down? A service that answers in its own problem JSON is up: a
 * 503 `DEPENDENCY_UNAVAILABLE` is the inventory reporting DynamoDB down, and opening the inventory's
 * breaker for it would turn a storage hiccup into a longer outage of the catalog (and delay recovery
 * by the half-open wait). Other 5xx (a proxy's 502/504 page, a crashed runtime's empty 500) count.
 */
export function upstreamFailed(r: BreakerAnswer): boolean {
  if (r.status < 500) return false;
  const type = r.headers.find(([name]) => name === "content-type")?.[1] ?? "";
  return !type.startsWith("application/problem+json");
}

/** What the breaker looks at in an answer (src/upstream-client.ts UpstreamAnswer): lowercase names. */
export interface BreakerAnswer {
  status: number;
  headers: [string, string][];
}

export interface BreakerOptions {
  services: readonly string[];
  consecutiveFailures: number;
  halfOpenAfterMs: number;
  onStateChange?: (service: string, state: CircuitState) => void;
}

export interface Breakers {
  execute<T extends BreakerAnswer>(service: string, call: (signal: AbortSignal) => Promise<T>): Promise<T>;
  states(): Record<string, string>;
}

export function circuitBreakers(opts: BreakerOptions): Breakers {
  if (!Number.isInteger(opts.consecutiveFailures) || opts.consecutiveFailures < 1) {
    throw new Error("circuitBreakers: consecutiveFailures must be an integer >= 1");
  }
  if (!(opts.halfOpenAfterMs > 0)) throw new Error("circuitBreakers: halfOpenAfterMs must be > 0");
  // Such a 5xx is a failure too, but it is still returned (and passed through) rather than thrown.
  const failing = handleAll.orWhenResult((r) => upstreamFailed(r as BreakerAnswer));
  const policies = new Map<string, CircuitBreakerPolicy>();
  for (const service of opts.services) {
    const policy = circuitBreaker(failing, {
      halfOpenAfter: opts.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(opts.consecutiveFailures),
    });
    policy.onStateChange((state) => opts.onStateChange?.(service, state));
    opts.onStateChange?.(service, CircuitState.Closed);
    policies.set(service, policy);
  }
  return {
    execute(service, call) {
      const policy = policies.get(service);
      if (!policy) throw new Error(`circuitBreakers: unknown service ${service}`);
      return policy.execute(({ signal }) => call(signal));
    },
    states: () => Object.fromEntries([...policies].map(([s, p]) => [s, STATE_NAMES[p.state]])),
  };
}
