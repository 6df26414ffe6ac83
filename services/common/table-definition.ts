// The one table's definition, in one place: table.ts creates it from this (locally and in tests),
// and the infrastructure tests compare Terraform's table against it.
export const GSI1 = "GSI1"; // catalog listings (assets by market-cap rank)
export const GSI2 = "GSI2"; // open limit orders by asset/side and price (sparse)
export const TTL_ATTRIBUTE = "expires_at_epoch";

export const TABLE_DEFINITION = {
  billingMode: "PAY_PER_REQUEST",
  hashKey: "PK",
  rangeKey: "SK",
  /** Every key attribute is a string. */
  attributes: ["PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"],
  globalSecondaryIndexes: [
    { name: GSI1, hashKey: "GSI1PK", rangeKey: "GSI1SK", projection: "ALL" },
    { name: GSI2, hashKey: "GSI2PK", rangeKey: "GSI2SK", projection: "ALL" },
  ],
  ttlAttribute: TTL_ATTRIBUTE,
} as const;
