// The order service app: shared service defaults + order and asset-transaction routes.
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { MiddlewareHandler } from "hono";
import type { AuthEnv, AuthVars } from "../common/auth.ts";
import { CHANNELS, partitionOf } from "../common/events.ts";
import { createService } from "../common/service.ts";
import { pingRedis } from "../common/redis.ts";
import type { OrderDeps } from "./deps.ts";
import { createDeadLetters } from "../common/dead-letters.ts";
import { assetTransactionRoutes } from "./routes/asset-transactions.ts";
import { deadLetterRoutes } from "./routes/dead-letters.ts";
import { orderRoutes } from "./routes/orders.ts";
import { asyncOrderPorts, orderPorts } from "./ports.ts";

export function buildOrderApp(deps: OrderDeps) {
  const app = createService({
    name: "order-service",
    metricsPrefix: "order",
    log: deps.log,
    checks: {
      dynamodb: () => deps.doc.send(new DescribeTableCommand({ TableName: deps.cfg.TABLE_NAME })),
    },
    // Without Redis the service still serves (revocation from memory, locks skipped): degraded, not down.
    degradedChecks: { redis: () => pingRedis(deps.redis) },
  });
  // Every successful write (order, cancel, async intake) committed an outbox event: wake the relays
  // (a hint; without it they still poll — see RELAY_IDLE_MAX_MS).
  const outboxWritten = CHANNELS.outboxWritten(deps.cfg.TABLE_NAME);
  const wakeRelays: MiddlewareHandler<AuthEnv> = async (c, next) => {
    await next();
    if (c.req.method !== "GET" && c.res.status < 300) {
      // The writer's outbox shard, so the relay reads that one shard (empty: it sweeps them all).
      const user = c.get("user") as AuthVars["user"] | undefined; // unset on unauthenticated routes
      const shard = user?.sub ? String(partitionOf(user.sub, deps.cfg.OUTBOX_SHARDS)) : "";
      deps.redis.publish(outboxWritten, shard).catch(() => {});
    }
  };
  app.use("*", wakeRelays);
  const ports = orderPorts(deps);
  app.route("/", orderRoutes(deps, { ...ports, ...asyncOrderPorts(deps) }));
  app.route("/", assetTransactionRoutes(deps, ports));
  app.route("/", deadLetterRoutes(deps, createDeadLetters(deps.redis)));
  return app;
}
