// The user service app: shared service defaults + auth and balance routes.
import { createService } from "../common/service.ts";
import { pingRedis } from "../common/redis.ts";
import type { UserDeps } from "./deps.ts";
import { authRoutes } from "./routes/auth.ts";
import { balanceRoutes } from "./routes/balance.ts";
import { portfolioRoutes } from "./routes/portfolio.ts";
import { userPorts } from "./ports.ts";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";

export function buildUserApp(deps: UserDeps) {
  const app = createService({
    name: "user-service",
    metricsPrefix: "user",
    log: deps.log,
    checks: {
      dynamodb: () => deps.doc.send(new DescribeTableCommand({ TableName: deps.cfg.TABLE_NAME })),
    },
    // Without Redis the service still serves (revocation from memory, locks skipped): degraded, not down.
    degradedChecks: { redis: () => pingRedis(deps.redis) },
  });
  const ports = userPorts(deps);
  app.route("/", authRoutes(deps, ports));
  app.route("/", balanceRoutes(deps, ports));
  app.route("/", portfolioRoutes(deps, ports));
  return app;
}
