// Idempotent commands (eShop's "identified command"): a use case run under a client's key. The first
// outcome — a result or a business rejection — is stored and every retry gets it again (replayed,
// never re-executed); the same key with a different request → IDEMPOTENCY_KEY_REUSED; a retry that
// finds the first still running waits briefly, then → IDEMPOTENCY_IN_FLIGHT.
// The "completed" write joins the use case's own transaction, so an outcome is stored iff its effect is.
// Nothing here knows HTTP: the route renders the result (JSON-safe, so a replay is byte-identical).
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { DomainError, field, rejected, TRANSIENT_CODES } from "./domain-error.ts";
import type { Doc, NamedItems, TransactItem } from "./dynamo.ts";
import { keys } from "./keys.ts";
import { pollUntil } from "./retry.ts";
import { TTL_ATTRIBUTE } from "./table-definition.ts";

const RETENTION_SECONDS = 48 * 3600; // kept ≥ 24 h as promised; 48 h covers clock/TTL lag
const IN_FLIGHT_LEASE_MS = 30_000; // a crashed request's claim can be taken over after this

export interface IdempotentCommand {
  /** Whose key space (the user). */
  owner: string;
  /** The client's key; without one the use case simply runs. */
  key?: string;
  /** Names the operation, so one key cannot be replayed across operations. */
  operation: string;
  /** The normalised request the key is bound to. */
  request: unknown;
  /** Stored with a rejection so its replay names the request that first got it. */
  requestId?: string;
}

/** Items that record the outcome in the use case's own transaction (empty when unkeyed). */
export type RecordOutcome<R> = (result: R) => NamedItems;
export const noRecord: RecordOutcome<unknown> = () => ({});

/** What `begin` found: nothing (claimed), or a stored outcome to replay. */
export type Stored =
  | { outcome: "ok"; result: string }
  | {
    outcome: "rejected";
    error: { code: DomainError["code"]; detail: string; fields?: unknown; request_id?: string };
  };

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Key-order-independent JSON, so `{"a":1,"b":2}` and `{"b":2,"a":1}` fingerprint the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.keys(v).sort().map((k) =>
      `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`
    );
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(v);
}

export const fingerprintOf = (cmd: Pick<IdempotentCommand, "operation" | "request">) =>
  sha256(`${cmd.operation}\n${canonical(cmd.request)}`);

export const IDEMPOTENCY_KEY_FIELD = "Idempotency-Key";

// Long by design: a factory closing over its clients; each function inside is short.
export function createIdempotency(doc: Doc, table: string, waitMs = 5000) {
  const read = async (owner: string, key: string) =>
    (await doc.send(
      new GetCommand({ TableName: table, Key: keys.idempotency(owner, key), ConsistentRead: true }),
    ))
      .Item;

  /** One attempt to claim the key: true if claimed, false if someone holds it. */
  async function claim(owner: string, key: string, fingerprint: string): Promise<boolean> {
    const now = Date.now();
    try {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.idempotency(owner, key),
            entity: "idempotency",
            state: "in_flight",
            fingerprint,
            lease_until: now + IN_FLIGHT_LEASE_MS,
            created_at: new Date(now).toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(now / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression:
            "attribute_not_exists(PK) OR #ttl < :nowSec OR (#state = :inFlight AND lease_until < :now)",
          ExpressionAttributeNames: { "#ttl": TTL_ATTRIBUTE, "#state": "state" },
          ExpressionAttributeValues: {
            ":nowSec": Math.floor(now / 1000),
            ":inFlight": "in_flight",
            ":now": now,
          },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
      return false;
    }
  }

  /** Claim the key (→ null) or return the stored outcome to replay; waits while another holds it. */
  async function begin(owner: string, key: string, fingerprint: string): Promise<Stored | null> {
    type Seen = { claimed: true } | { item: Record<string, unknown> | undefined };
    const seen = await pollUntil<Seen>(
      // Done once claimed, or once the holder's record says "another request" or "finished";
      // a record that vanished (released) means: try to claim again.
      (s) =>
        "claimed" in s ||
        (s.item !== undefined && (s.item.fingerprint !== fingerprint || s.item.state === "completed")),
      Date.now() + waitMs,
      { initialDelayMs: 20, maxDelayMs: 50 },
      async () =>
        (await claim(owner, key, fingerprint)) ? { claimed: true } : { item: await read(owner, key) },
    );
    if ("claimed" in seen) return null;
    const existing = seen.item;
    if (existing && existing.fingerprint !== fingerprint) {
      throw rejected(
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was already used with a different request",
      );
    }
    if (existing?.state === "completed") return JSON.parse(String(existing.outcome)) as Stored;
    throw rejected("IDEMPOTENCY_IN_FLIGHT", "A request with this Idempotency-Key is still being processed");
  }

  /** The transaction item that marks the key completed with `stored` (fails if we lost the claim). */
  function completionItem(owner: string, key: string, fingerprint: string, stored: Stored): TransactItem {
    return {
      Update: {
        TableName: table,
        Key: keys.idempotency(owner, key),
        UpdateExpression: "SET #state = :done, outcome = :outcome, completed_at = :at",
        ConditionExpression: "#state = :inFlight AND fingerprint = :fp",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":done": "completed",
          ":inFlight": "in_flight",
          ":fp": fingerprint,
          ":outcome": JSON.stringify(stored),
          ":at": new Date().toISOString(),
        },
      },
    };
  }

  async function complete(owner: string, key: string, fingerprint: string, stored: Stored) {
    await doc.send(new UpdateCommand(completionItem(owner, key, fingerprint, stored).Update as never));
  }

  /** Give the key back after an unexpected failure so the client can retry with it. */
  async function release(owner: string, key: string) {
    await doc.send(
      new DeleteCommand({
        TableName: table,
        Key: keys.idempotency(owner, key),
        ConditionExpression: "#state = :inFlight",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":inFlight": "in_flight" },
      }),
    ).catch(() => {});
  }

  /**
   * Run a use case as an idempotent command. `execute` receives `record(result)`: the items to add to
   * its own transaction (none without a key). Returns the result and whether it was replayed.
   */
  async function run<R>(
    cmd: IdempotentCommand,
    execute: (record: RecordOutcome<R>) => Promise<R>,
  ): Promise<{ result: R; replayed: boolean }> {
    const { owner, key } = cmd;
    if (key === undefined) return { result: await execute(noRecord), replayed: false };
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw rejected(
        "INVALID_IDEMPOTENCY_KEY",
        `${IDEMPOTENCY_KEY_FIELD} must be 1-255 printable ASCII characters`,
        field(IDEMPOTENCY_KEY_FIELD, "must be 1-255 printable ASCII characters"),
      );
    }
    const fingerprint = await fingerprintOf(cmd);
    const stored = await begin(owner, key, fingerprint);
    if (stored) return { result: replay<R>(stored), replayed: true };
    try {
      const result = await execute((r) => ({
        idempotency: completionItem(owner, key, fingerprint, { outcome: "ok", result: JSON.stringify(r) }),
      }));
      return { result, replayed: false };
    } catch (err) {
      // A business rejection is an answer too: store it so a retry gets the same one.
      if (err instanceof DomainError && !TRANSIENT_CODES.has(err.code)) {
        const error = { code: err.code, detail: err.detail, fields: err.fields, request_id: cmd.requestId };
        await complete(owner, key, fingerprint, { outcome: "rejected", error }).catch(() =>
          release(owner, key)
        );
        throw err;
      }
      await release(owner, key);
      throw err;
    }
  }

  return { begin, completionItem, complete, release, run };
}

function replay<R>(stored: Stored): R {
  if (stored.outcome === "ok") return JSON.parse(stored.result) as R;
  const e = stored.error;
  throw new DomainError(e.code, e.detail, e.fields as DomainError["fields"], e.request_id);
}

export type Idempotency = ReturnType<typeof createIdempotency>;
