// The order service app: shared service defaults + order and asset-transaction routes.
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createService } from "../common/service.ts";
import { pingRedis } from "../common/redis.ts";
import type { OrderDeps } from "./deps.ts";
import { assetTransactionRoutes } from "./routes/asset-transactions.ts";
import { orderRoutes } from "./routes/orders.ts";
import { orderPorts } from "./ports.ts";

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
  const ports = orderPorts(deps);
  app.route("/", orderRoutes(deps, ports));
  app.route("/", assetTransactionRoutes(deps, ports));
  return app;
}
