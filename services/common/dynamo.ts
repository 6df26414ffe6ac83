// DynamoDB document client factory and a transactional write with bounded retry on conflicts.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { BaseConfig } from "./config.ts";
import { DomainError } from "./domain-error.ts";
import client from "prom-client";
import { registry } from "./metrics.ts";
import { DynamoHttpClient, storeCalls } from "./dynamo-http.ts";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { retryOnError } from "./retry.ts";

const conflicts = new client.Counter({
  name: "dynamodb_transaction_conflicts_total",
  help: "Transaction attempts cancelled by a conflicting transaction (retried; BUSY after the last)",
  registers: [registry],
});

/** The document client every process uses: the lean one (dynamo-http.ts), drop-in for lib-dynamodb's. */
export type Doc = DynamoHttpClient;

type StoreConfig = Pick<BaseConfig, "AWS_REGION" | "DYNAMODB_ENDPOINT">;

/** DynamoDB Local accepts any credentials; real AWS uses the default chain (IRSA on EKS). */
const localCredentials = (cfg: StoreConfig) =>
  cfg.DYNAMODB_ENDPOINT !== undefined && !Deno.env.get("AWS_ACCESS_KEY_ID")
    ? { accessKeyId: "local", secretAccessKey: "local" }
    : undefined;

/**
 * The SDK client: table administration (bootstrap, tests' own tables). Items go through
 * createDocClient, whose lean client costs a fraction of the SDK's CPU per call.
 */
export function createDynamoClient(cfg: StoreConfig): DynamoDBClient {
  const ddb = new DynamoDBClient({
    region: cfg.AWS_REGION,
    endpoint: cfg.DYNAMODB_ENDPOINT,
    credentials: localCredentials(cfg),
    maxAttempts: 3,
  });
  ddb.middlewareStack.add((next, context) => async (args) => {
    const end = storeCalls.startTimer({
      operation: String(context.commandName ?? "unknown").replace(/Command$/, ""),
    });
    try {
      return await next(args);
    } finally {
      end();
    }
  }, { step: "initialize", name: "storeCallMetrics" });
  return ddb;
}

/**
 * The document client: `send(new GetCommand(...))` etc. as with lib-dynamodb's DynamoDBDocumentClient
 * (marshall removeUndefinedValues; numbers come back as NumberValue — never lossy JS floats), over
 * fetch. On AWS (no DYNAMODB_ENDPOINT) credentials come from the SDK's default chain, which caches
 * them and refreshes them 5 minutes before they expire (IRSA web identity on EKS).
 */
export function createDocClient(cfg: StoreConfig): Doc {
  return new DynamoHttpClient({
    region: cfg.AWS_REGION,
    endpoint: cfg.DYNAMODB_ENDPOINT,
    credentials: localCredentials(cfg) ?? defaultProvider(),
    maxAttempts: 3,
  });
}

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * A transaction's items by name, in write order. Failures are reported by name, so adding an
 * item can never re-map which condition failed. Undefined entries (optional items) are skipped.
 */
export type NamedItems = Record<string, TransactItem | undefined>;

/** One named item's condition failed; `item` is its old value when the item asked for it. */
export class ConditionFailed extends Error {
  constructor(readonly itemName: string, readonly item: Record<string, unknown> | undefined) {
    super(`condition failed on transaction item '${itemName}'`);
    this.name = "ConditionFailed";
  }
}

/**
 * Conflicting transactions kept cancelling this one after every retry. It is already an answer —
 * BUSY, retry later — so callers need not map it.
 */
export class TransactionContention extends DomainError {
  constructor() {
    super("BUSY", "The account is busy; please retry");
    this.name = "TransactionContention";
  }
}

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

/** Retried: another transaction touched one of our items (no condition of ours failed). */
class Conflict extends Error {}

/** Which named item a cancellation blames (the first failed condition), if any. */
export function failedItem(names: string[], reasons: CancellationReason[]): ConditionFailed | undefined {
  const i = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
  if (i < 0) return undefined;
  const raw = reasons[i].Item;
  return new ConditionFailed(names[i], raw ? unmarshall(raw as never, { wrapNumbers: true }) : undefined);
}

/**
 * TransactWriteItems of named items. A failed condition → ConditionFailed naming the item.
 * Conflicts with other transactions are retried with jittered backoff, then → TransactionContention.
 */
export async function transactWrite(doc: Doc, named: NamedItems, maxAttempts = 8): Promise<void> {
  const entries = Object.entries(named).filter((e): e is [string, TransactItem] => e[1] !== undefined);
  const names = entries.map(([n]) => n);
  const input = { TransactItems: entries.map(([, item]) => item) };
  try {
    await retryOnError(
      (e) => e instanceof Conflict,
      { maxAttempts, initialDelayMs: 10, maxDelayMs: 200 },
      async () => {
        try {
          await doc.send(new TransactWriteCommand(input));
        } catch (err) {
          const e = err as { name?: string; CancellationReasons?: CancellationReason[] };
          if (
            e.name !== "TransactionCanceledException" && e.name !== "TransactionConflictException"
          ) throw err;
          const failed = failedItem(names, e.CancellationReasons ?? []);
          if (failed) throw failed;
          conflicts.inc();
          throw new Conflict();
        }
      },
    );
  } catch (err) {
    throw err instanceof Conflict ? new TransactionContention() : err;
  }
}

/** Every page of a query, for item sets known to be small (a user's holdings, the catalog, an open book). */
export async function queryAll(doc: Doc, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return items;
}
