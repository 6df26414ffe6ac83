// The inventory service app: shared service defaults + public catalog and admin routes.
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createService } from "../common/service.ts";
import { pingRedis } from "../common/redis.ts";
import type { InventoryDeps } from "./deps.ts";
import { adminRoutes } from "./routes/admin.ts";
import { assetRoutes } from "./routes/assets.ts";
import { catalogPorts } from "./ports.ts";

export function buildInventoryApp(deps: InventoryDeps) {
  const app = createService({
    name: "inventory-service",
    metricsPrefix: "inventory",
    log: deps.log,
    checks: {
      dynamodb: () => deps.doc.send(new DescribeTableCommand({ TableName: deps.cfg.TABLE_NAME })),
    },
    // Without Redis the service still serves (revocation from memory, locks skipped): degraded, not down.
    degradedChecks: { redis: () => pingRedis(deps.redis) },
  });
  const ports = catalogPorts(deps);
  app.route("/", assetRoutes(deps, ports));
  app.route("/", adminRoutes(deps, ports));
  return app;
}
