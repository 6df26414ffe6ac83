// What the gateway's /health/ready reports (served by the shared base, services/common/base-app.ts).
// Ready means "can serve": Redis down only degrades it (limits and login guard per instance, revocation answers from
// memory) and a missing or broken upstream gets its own 503s, so neither takes the gateway out of a
// load balancer. Upstream health and breaker states are reported for operators.
import type { Readiness } from "../../services/common/base-app.ts";
import { pingRedis, type Redis } from "../../services/common/redis.ts";
import type { Breakers } from "./middleware/breaker.ts";
import { SERVICES, type Upstreams } from "./upstreams.ts";

async function upstreamHealth(base: string | undefined): Promise<string> {
  if (!base) return "not_configured";
  try {
    const r = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1000) });
    await r.body?.cancel();
    return r.ok ? "ok" : `status ${r.status}`;
  } catch {
    return "unreachable";
  }
}

export function gatewayReadiness(redis: Redis, upstreams: Upstreams, breakers: Breakers): Readiness {
  return {
    degraded: {
      redis: () =>
        pingRedis(redis).catch(() => {
          throw new Error("unavailable (rate limits per instance, revocation from memory)");
        }),
    },
    informational: Object.fromEntries(SERVICES.map((s) => [s, () => upstreamHealth(upstreams[s])])),
    details: () => ({ breakers: breakers.states() }),
  };
}
