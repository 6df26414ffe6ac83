// Creates the ONE table from TABLE_DEFINITION (table-definition.ts). Key design: docs/data-model.md.
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { TABLE_DEFINITION } from "./table-definition.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { GSI1, GSI2, TTL_ATTRIBUTE } from "./table-definition.ts";

const T = TABLE_DEFINITION;

/** Create the table if missing and wait until it is ACTIVE. Safe to run any number of times. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<"created" | "exists"> {
  let created: "created" | "exists" = "exists";
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (err) {
    if ((err as Error).name !== "ResourceNotFoundException") throw err;
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: T.billingMode,
          AttributeDefinitions: T.attributes.map((a) => ({ AttributeName: a, AttributeType: "S" })),
          KeySchema: [
            { AttributeName: T.hashKey, KeyType: "HASH" },
            { AttributeName: T.rangeKey, KeyType: "RANGE" },
          ],
          GlobalSecondaryIndexes: T.globalSecondaryIndexes.map((g) => ({
            IndexName: g.name,
            KeySchema: [
              { AttributeName: g.hashKey, KeyType: "HASH" },
              { AttributeName: g.rangeKey, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: g.projection },
          })),
        }),
      );
      created = "created";
    } catch (createErr) {
      // Another process created it between our describe and create.
      if ((createErr as Error).name !== "ResourceInUseException") throw createErr;
    }
  }
  for (let i = 0; i < 100; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const gsisActive = (d.Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === "ACTIVE");
    if (d.Table?.TableStatus === "ACTIVE" && gsisActive) break;
    await sleep(100);
  }
  if (created === "created") {
    // Idempotency records, daily counters and similar items expire on their own.
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: T.ttlAttribute, Enabled: true },
      }),
    ).catch(() => {/* DynamoDB Local may not support TTL changes; expiry is also checked in code */});
  }
  return created;
}
