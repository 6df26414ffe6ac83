// Test-only helpers: connections to the real DynamoDB Local and Redis that scripts/test.sh starts.
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDocClient, createDynamoClient } from "./dynamo.ts";
import { createRedis } from "./redis.ts";
import { ensureTable } from "./table.ts";

export function testInfra() {
  const endpoint = Deno.env.get("DYNAMODB_ENDPOINT");
  const redisUrl = Deno.env.get("REDIS_URL");
  const table = Deno.env.get("TABLE_NAME");
  if (!endpoint || !redisUrl || !table) {
    throw new Error("DYNAMODB_ENDPOINT, REDIS_URL and TABLE_NAME must be set: run via ./scripts/test.sh");
  }
  const store = { AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: endpoint };
  const dynamo = createDynamoClient(store);
  const redis = createRedis(redisUrl);
  return {
    doc: createDocClient(store),
    dynamo,
    redis,
    table,
    close: () => {
      redis.disconnect();
      dynamo.destroy();
    },
  };
}

/** testInfra plus lib-dynamodb's document client configured as the code used it, to compare the lean one with. */
export function bothClients() {
  const infra = testInfra();
  const sdk = DynamoDBDocumentClient.from(infra.dynamo, {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: true },
  });
  return { ...infra, lean: infra.doc, sdk };
}

export const TEST_JWT = {
  JWT_SECRET: "test-secret-for-unit-tests-only-0123456789",
  JWT_ISSUER: "order-processor",
  JWT_AUDIENCE: "order-processor-api",
  JWT_EXPIRES_SECONDS: 3600,
};

/** A fresh table of its own (named `<prefix>-<random>`), for tests that must not share one. */
export async function createTable(
  dynamo: Parameters<typeof ensureTable>[0],
  prefix: string,
): Promise<string> {
  const table = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  await ensureTable(dynamo, table);
  return table;
}

/** Poll `check` up to `attempts` times, 50 ms apart (a bounded count, no wall-clock threshold). */
export async function until(what: string, check: () => Promise<boolean> | boolean, attempts = 1200) {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** Start one of the project's Deno entrypoints (tests and benchmarks start their own processes). */
export function startDenoProcess(entry: string, env: Record<string, string>): Deno.ChildProcess {
  const root = new URL("../../", import.meta.url).pathname;
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", `${root}${entry}`],
    env: { LOG_LEVEL: "warn", ...env },
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** Wait (bounded) until http://127.0.0.1:<port>/health/ready answers 200. */
export async function waitReady(port: number, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
      await r.body?.cancel();
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing ready on :${port}`);
}
