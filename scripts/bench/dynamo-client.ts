// Client cost of one DynamoDB call: the SDK v3 document client (as every process used it) vs the lean
// client (services/common/dynamo-http.ts), same process, same DynamoDB Local, same run. Per operation
// (GetItem, a 10-item Query page, a 6-item TransactWriteItems) the two clients take turns in blocks,
// one call at a time; client CPU per call is the process's CPU delta (process.cpuUsage: user + system,
// DynamoDB Local is another process) over the calls, wall latency is per call.
// Env: DYNAMODB_ENDPOINT, DOC, COMMAND, ENV_TEXT, CALLS (per operation per client), BLOCK.
import process from "node:process";
import {
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { createDocClient, createDynamoClient } from "../../services/common/dynamo.ts";
import { ensureTable } from "../../services/common/table.ts";
import { writeSection } from "./doc-section.ts";
import { env } from "./env.ts";

const CALLS = Number(env("CALLS", "2000"));
const BLOCK = Number(env("BLOCK", "250"));
const store = { AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: env("DYNAMODB_ENDPOINT") };
const dynamo = createDynamoClient(store);
const clients = {
  sdk: DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: true },
  }),
  lean: createDocClient(store),
};
type Name = keyof typeof clients;
const table = `bench-dynamo-${crypto.randomUUID().slice(0, 8)}`;
await ensureTable(dynamo, table);

const user = "USER#bench";
await clients.lean.send(
  new PutCommand({ TableName: table, Item: { PK: user, SK: "BALANCE", available: "1000000.00", held: "0" } }),
);
for (let i = 0; i < 20; i++) {
  await clients.lean.send(
    new PutCommand({
      TableName: table,
      Item: {
        PK: user,
        SK: `ORDER#2026-11-29T00:00:${String(i).padStart(2, "0")}`,
        qty: new NumberValue("0.01"),
      },
    }),
  );
}

let seq = 0;
const operations: Record<string, () => object> = {
  GetItem: () => new GetCommand({ TableName: table, Key: { PK: user, SK: "BALANCE" } }),
  "Query (10 items)": () =>
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :o)",
      ExpressionAttributeValues: { ":pk": user, ":o": "ORDER#" },
      ScanIndexForward: false,
      Limit: 10,
    }),
  // The shape of a market buy: order, balance, holding, ledger entry, asset transaction, outbox event.
  "TransactWriteItems (6 items)": () => {
    const id = `${Date.now()}-${seq++}`;
    const put = (pk: string, sk: string) => ({
      Put: {
        TableName: table,
        Item: { PK: pk, SK: sk, amount: new NumberValue("500.00"), at: new Date().toISOString() },
        ConditionExpression: "attribute_not_exists(PK)",
      },
    });
    return new TransactWriteCommand({
      TransactItems: [
        put(user, `ORDERX#${id}`),
        {
          Update: {
            TableName: table,
            Key: { PK: user, SK: "BALANCE" },
            UpdateExpression: "SET updated_at = :now",
            ConditionExpression: "attribute_exists(PK)",
            ExpressionAttributeValues: { ":now": id },
          },
        },
        put(user, `HOLDING#${id}`),
        put(user, `LEDGER#${id}`),
        put(user, `ASSETTX#${id}`),
        put(`OUTBOX#${seq % 4}`, id),
      ],
    });
  },
};

interface Sample {
  cpuMicros: number;
  latencies: number[];
}

async function block(name: Name, make: () => object, n: number, into: Sample): Promise<void> {
  const client = clients[name] as { send(command: never): Promise<unknown> };
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await client.send(make() as never);
    into.latencies.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  into.cpuMicros += cpu.user + cpu.system;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];
const rows: string[] = [];
for (const [op, make] of Object.entries(operations)) {
  const samples: Record<Name, Sample> = {
    sdk: { cpuMicros: 0, latencies: [] },
    lean: { cpuMicros: 0, latencies: [] },
  };
  for (const name of ["sdk", "lean"] as const) await block(name, make, 200, { cpuMicros: 0, latencies: [] }); // warm-up
  // Alternating blocks: both clients see the same machine (other load, GC, DynamoDB Local's state).
  for (let done = 0; done < CALLS; done += BLOCK) {
    for (const name of ["sdk", "lean"] as const) {
      await block(name, make, Math.min(BLOCK, CALLS - done), samples[name]);
    }
  }
  const cpu = (n: Name) => samples[n].cpuMicros / samples[n].latencies.length;
  const wall = (n: Name) =>
    `${pct(samples[n].latencies, 0.5).toFixed(2)} / ${pct(samples[n].latencies, 0.99).toFixed(2)}`;
  rows.push(
    `| ${op} | ${cpu("sdk").toFixed(0)} | ${cpu("lean").toFixed(0)} | ${
      (cpu("lean") / cpu("sdk")).toFixed(2)
    } | ${wall("sdk")} | ${wall("lean")} |`,
  );
  console.log(rows.at(-1));
}

const section = `## DynamoDB client

Client cost of one call, the SDK v3 document client (\`@aws-sdk/lib-dynamodb\` over \`@aws-sdk/client-dynamodb\`,
as every process used it until now) vs the lean client (\`services/common/dynamo-http.ts\`: DynamoDB JSON
over \`fetch\`, SigV4 by \`@smithy/signature-v4\`, same marshalling and retry strategy), in ONE process against
the same DynamoDB Local, taking turns in blocks of ${BLOCK}, one call at a time, ${CALLS} calls per operation
per client after 200 warm-up calls each. CPU = the client process's user + system CPU (\`process.cpuUsage\`)
over the calls ÷ calls — DynamoDB Local's own CPU is another process and not counted. Wall = p50 / p99 of
each call, in ms, on loopback.

- Command: \`${env("COMMAND")}\`
- Environment: ${env("ENV_TEXT")}
- Date: ${new Date().toISOString()}

| Operation | SDK CPU µs/call | lean CPU µs/call | lean ÷ SDK | SDK wall p50 / p99 ms | lean wall p50 / p99 ms |
|---|---|---|---|---|---|
${rows.join("\n")}

Why the services use the lean client: under the mixed load profile the machine is CPU-bound, and a
profile of the user service serving \`GET /balance\` (one GetItem) put about half its busy CPU inside the
SDK's pipeline (schema serde, middleware stack, endpoint resolution, retry, user agent, node:http).
Replacing only the SDK's HTTP handler (\`@smithy/fetch-http-handler\`) did not lower it; the pipeline is the
cost. Table administration (bootstrap, tests' own tables) stays on the SDK (docs/architecture.md § Store client).
`;
console.log(section);
await writeSection(env("DOC"), "DynamoDB client", section);
await dynamo.send(new DeleteTableCommand({ TableName: table })).catch(() => {});
dynamo.destroy();
