// DynamoDB document client factory and a transactional write with bounded retry on conflicts.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { BaseConfig } from "./config.ts";
import { ApiError } from "./errors.ts";

export type Doc = DynamoDBDocumentClient;

export function createDynamoClient(
  cfg: Pick<BaseConfig, "AWS_REGION" | "DYNAMODB_ENDPOINT">,
): DynamoDBClient {
  const local = cfg.DYNAMODB_ENDPOINT !== undefined;
  return new DynamoDBClient({
    region: cfg.AWS_REGION,
    endpoint: cfg.DYNAMODB_ENDPOINT,
    // DynamoDB Local accepts any credentials; real AWS uses the default chain (IRSA on EKS).
    credentials: local && !Deno.env.get("AWS_ACCESS_KEY_ID")
      ? { accessKeyId: "local", secretAccessKey: "local" }
      : undefined,
    maxAttempts: 3,
  });
}

export function createDocClient(client: DynamoDBClient): Doc {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
    // Numbers come back as NumberValue (exact string) — never lossy JS floats.
    unmarshallOptions: { wrapNumbers: true },
  });
}

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** One transaction item's condition failed; `index` says which, `item` is its old value if returned. */
export class ConditionFailed extends Error {
  constructor(readonly index: number, readonly item: Record<string, unknown> | undefined) {
    super(`condition failed on transaction item ${index}`);
    this.name = "ConditionFailed";
  }
}

/**
 * Conflicting transactions kept cancelling this one after every retry. It is already the API's
 * answer — 409 BUSY with Retry-After (never a 5xx) — so callers need not map it.
 */
export class TransactionContention extends ApiError {
  constructor() {
    super(409, "BUSY", "The account is busy; please retry", { headers: { "Retry-After": "1" } });
    this.name = "TransactionContention";
  }
}

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * TransactWriteItems. A failed condition → ConditionFailed (first failing item).
 * TransactionConflict (another transaction touching the same item) → retried with jittered backoff.
 */
export async function transactWrite(doc: Doc, items: TransactItem[], maxAttempts = 8): Promise<void> {
  for (let attempt = 1;; attempt++) {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (err) {
      const e = err as { name?: string; CancellationReasons?: CancellationReason[] };
      if (e.name !== "TransactionCanceledException" && e.name !== "TransactionConflictException") throw err;
      const reasons = e.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
      if (failed >= 0) {
        const raw = reasons[failed].Item;
        throw new ConditionFailed(failed, raw ? unmarshall(raw as never, { wrapNumbers: true }) : undefined);
      }
      if (attempt >= maxAttempts) throw new TransactionContention();
      await sleep(Math.random() * Math.min(200, 10 * 2 ** attempt));
    }
  }
}
