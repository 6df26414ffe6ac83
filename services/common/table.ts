// The ONE table: PK/SK plus two generic GSIs. Key design is documented in docs/data-model.md.
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const GSI1 = "GSI1"; // catalog listings (e.g. assets by market-cap rank)
export const GSI2 = "GSI2"; // open limit orders by asset/side and price (sparse)
export const TTL_ATTRIBUTE = "expires_at_epoch";

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
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "PK", AttributeType: "S" },
            { AttributeName: "SK", AttributeType: "S" },
            { AttributeName: "GSI1PK", AttributeType: "S" },
            { AttributeName: "GSI1SK", AttributeType: "S" },
            { AttributeName: "GSI2PK", AttributeType: "S" },
            { AttributeName: "GSI2SK", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "PK", KeyType: "HASH" },
            { AttributeName: "SK", KeyType: "RANGE" },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: GSI1,
              KeySchema: [
                { AttributeName: "GSI1PK", KeyType: "HASH" },
                { AttributeName: "GSI1SK", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "ALL" },
            },
            {
              IndexName: GSI2,
              KeySchema: [
                { AttributeName: "GSI2PK", KeyType: "HASH" },
                { AttributeName: "GSI2SK", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "ALL" },
            },
          ],
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
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    ).catch(() => {/* DynamoDB Local may not support TTL changes; expiry is also checked in code */});
  }
  return created;
}
