// THE key design of the one table: every item's PK/SK is spelled here and nowhere else, so a service
// that writes another's items (orders write balances, holdings and ledger entries) cannot drift.
// docs/data-model.md explains the access patterns behind each key.

/** Sort-key prefixes of the item kinds that are listed (queries and cursors use them). */
export const PREFIX = {
  holding: "HOLDING#",
  order: "ORDER#",
  ledger: "TXN#",
  assetTxn: "ATXN#",
  priceHistory: "PRICE#",
  outboxEvent: "EVT#",
} as const;

export const userPk = (username: string) => `USER#${username}`;
export const assetPk = (assetId: string) => `ASSET#${assetId}`;

/** The partition every asset item shares on GSI1 (catalog listing by rank). */
export const CATALOG_PARTITION = "ASSETS";

export const keys = {
  profile: (username: string) => ({ PK: userPk(username), SK: "PROFILE" }),
  /** Email uniqueness is an item of its own, claimed in the same transaction as the profile. */
  emailClaim: (email: string) => ({ PK: `EMAIL#${email}`, SK: "EMAIL" }),
  balance: (username: string) => ({ PK: userPk(username), SK: "BALANCE" }),
  dailyTotal: (username: string, kind: string, day: string) => ({
    PK: userPk(username),
    SK: `DAILY#${kind}#${day}`,
  }),
  holding: (username: string, assetId: string) => ({ PK: userPk(username), SK: PREFIX.holding + assetId }),
  order: (username: string, orderId: string) => ({ PK: userPk(username), SK: PREFIX.order + orderId }),
  ledgerEntry: (username: string, transactionId: string) => ({
    PK: userPk(username),
    SK: PREFIX.ledger + transactionId,
  }),
  assetTxn: (username: string, assetId: string, txnId: string) => ({
    PK: userPk(username),
    SK: `${assetTxnPrefix(assetId)}${txnId}`,
  }),
  idempotency: (owner: string, key: string) => ({ PK: userPk(owner), SK: `IDEM#${key}` }),
  asset: (assetId: string) => ({ PK: assetPk(assetId), SK: "ASSET" }),
  priceHistory: (assetId: string, at: string, salt: string) => ({
    PK: assetPk(assetId),
    SK: `${PREFIX.priceHistory}${at}#${salt}`,
  }),
  /** Outbox events spread over shards so one hot partition does not throttle every order. */
  outboxEvent: (shard: number, eventId: string) => ({
    PK: `OUTBOX#${shard}`,
    SK: PREFIX.outboxEvent + eventId,
  }),
} as const;

/** One asset's transactions in a user partition: `ATXN#<ASSET>#`. */
export const assetTxnPrefix = (assetId: string) => `${PREFIX.assetTxn}${assetId}#`;

/**
 * GSI2 entry of a pending limit order (sparse: removed when it leaves `pending`). Per asset and side,
 * sorted by limit price then age, so "every buy whose limit ≥ price" is one range query.
 * Prices are fixed-width integers of 1e-8 units, so string order is numeric order.
 */
export function openOrderIndex(
  assetId: string,
  side: "buy" | "sell",
  limit: string,
  createdAt: string,
  orderId: string,
) {
  return { GSI2PK: openOrdersPk(assetId, side), GSI2SK: `${priceKey(limit)}#${createdAt}#${orderId}` };
}
export const openOrdersPk = (assetId: string, side: "buy" | "sell") => `OPEN#${assetId}#${side}`;
/** A decimal price (≤ 1e6, ≤ 8 dp) as 16 zero-padded digits of 1e-8 units. */
export function priceKey(price: string): string {
  const [int, frac = ""] = price.split(".");
  return (int + frac.padEnd(8, "0")).replace(/^0+(?=\d)/, "").padStart(16, "0");
}

/**
 * GSI1 entry of every pending limit order (sparse), sorted by expiry — good-till-cancelled ones last
 * ("~" sorts after any date). One query gives the worker's sweep the whole open book, and "due to
 * expire" is the range below now. (One partition: fine at this scale; shard it by a suffix if the
 * open book ever outgrows one GSI partition.)
 */
export const PENDING_PARTITION = "PENDING_ORDERS";
export const pendingIndex = (expiresAt: string | undefined, orderId: string) => ({
  GSI1PK: PENDING_PARTITION,
  GSI1SK: `${expiresAt ?? "~"}#${orderId}`,
});
