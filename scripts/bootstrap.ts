// Create the single table (idempotent). Run by deploy.sh and test.sh before services start.
// Usage: deno run -A scripts/bootstrap.ts   (reads DYNAMODB_ENDPOINT, AWS_REGION, TABLE_NAME)
import { z } from "zod";
import { baseConfigShape, loadConfig, loadConfigOrExit } from "../services/common/config.ts";
import { createDynamoClient } from "../services/common/dynamo.ts";
import { ensureTable } from "../services/common/table.ts";

const { JWT_SECRET: _ignored, ...shape } = baseConfigShape;
const cfg = loadConfigOrExit("bootstrap", () => loadConfig({ ...shape, JWT_SECRET: z.string().optional() }));
const client = createDynamoClient(cfg);
const result = await ensureTable(client, cfg.TABLE_NAME);
console.log(`table ${cfg.TABLE_NAME}: ${result}`);
client.destroy();
