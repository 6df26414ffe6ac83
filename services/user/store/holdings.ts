// A user's holdings (HOLDING#<ASSET> items in the user partition). Written only by the order
// service's market-order transaction; read here for the portfolio.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { type Doc, queryAll } from "../../common/dynamo.ts";
import { keys, PREFIX, userPk } from "../../common/keys.ts";
import { type Big, fromDdb } from "../../common/money.ts";

export interface Holding {
  assetId: string;
  quantity: Big;
  held: Big;
  createdAt: string;
  updatedAt: string;
}

const toHolding = (i: Record<string, unknown>): Holding => ({
  assetId: String(i.asset_id),
  quantity: fromDdb(i.quantity),
  held: fromDdb(i.held),
  createdAt: String(i.created_at ?? ""),
  updatedAt: String(i.updated_at ?? ""),
});

export async function listHoldings(doc: Doc, table: string, username: string): Promise<Holding[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :p)",
    ExpressionAttributeValues: { ":pk": userPk(username), ":p": PREFIX.holding },
    ConsistentRead: true,
  });
  return items.map(toHolding);
}

export async function getHolding(
  doc: Doc,
  table: string,
  username: string,
  assetId: string,
): Promise<Holding | undefined> {
  const r = await doc.send(
    new GetCommand({
      TableName: table,
      Key: keys.holding(username, assetId),
      ConsistentRead: true,
    }),
  );
  return r.Item ? toHolding(r.Item) : undefined;
}
