// The inventory service app: shared service defaults + public catalog and admin routes.
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createService } from "../common/service.ts";
import type { InventoryDeps } from "./deps.ts";
import { adminRoutes } from "./routes/admin.ts";
import { assetRoutes } from "./routes/assets.ts";

export function buildInventoryApp(deps: InventoryDeps) {
  const app = createService({
    name: "inventory-service",
    metricsPrefix: "inventory",
    log: deps.log,
    checks: {
      dynamodb: () => deps.doc.send(new DescribeTableCommand({ TableName: deps.cfg.TABLE_NAME })),
      redis: () => deps.redis.ping(),
    },
  });
  app.route("/", assetRoutes(deps));
  app.route("/", adminRoutes(deps));
  return app;
}
