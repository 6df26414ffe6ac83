// Idempotency-Key support for POSTs that move money. The first response is stored and replayed
// byte-identically; the same key with a different request → 422; a request that finds the key
// still in flight waits briefly for the first to finish, then gets 409.
// The "completed" write joins the business transaction, so a response is stored iff its effect is.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "hono";
import type { Doc, TransactItem } from "./dynamo.ts";
import { ApiError, conflict, problemBody, publicPath, unprocessable } from "./errors.ts";
import { TTL_ATTRIBUTE } from "./table.ts";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
const RETENTION_SECONDS = 48 * 3600; // kept ≥ 24 h as promised; 48 h covers clock/TTL lag
const IN_FLIGHT_LEASE_MS = 30_000; // a crashed request's claim can be taken over after this

export interface StoredResponse {
  status: number;
  body: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

export function createIdempotency(doc: Doc, table: string, waitMs = 5000) {
  const keyOf = (owner: string, key: string) => ({ PK: `USER#${owner}`, SK: `IDEM#${key}` });

  async function read(owner: string, key: string) {
    const r = await doc.send(
      new GetCommand({ TableName: table, Key: keyOf(owner, key), ConsistentRead: true }),
    );
    return r.Item;
  }

  /** Claim the key, or return the stored response to replay. Throws 422/409 as described above. */
  async function begin(owner: string, key: string, fingerprint: string): Promise<StoredResponse | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = Date.now();
      try {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...keyOf(owner, key),
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
        return null;
      } catch (err) {
        if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
      }
      const existing = await read(owner, key);
      if (!existing) continue; // released between our put and get: try to claim again
      if (existing.fingerprint !== fingerprint) {
        throw unprocessable(
          "IDEMPOTENCY_KEY_REUSED",
          "This Idempotency-Key was already used with a different request",
        );
      }
      if (existing.state === "completed") {
        return { status: Number(existing.response_status), body: String(existing.response_body) };
      }
      if (Date.now() >= deadline) {
        throw conflict(
          "IDEMPOTENCY_IN_FLIGHT",
          "A request with this Idempotency-Key is still being processed",
          {
            "Retry-After": "1",
          },
        );
      }
      await sleep(20 + Math.random() * 30);
    }
  }

  /** The transaction item that marks the key completed with `response` (fails if we lost the claim). */
  function completionItem(
    owner: string,
    key: string,
    fingerprint: string,
    response: StoredResponse,
  ): TransactItem {
    return {
      Update: {
        TableName: table,
        Key: keyOf(owner, key),
        UpdateExpression:
          "SET #state = :done, response_status = :status, response_body = :body, completed_at = :at",
        ConditionExpression: "#state = :inFlight AND fingerprint = :fp",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":done": "completed",
          ":inFlight": "in_flight",
          ":fp": fingerprint,
          ":status": response.status,
          ":body": response.body,
          ":at": new Date().toISOString(),
        },
      },
    };
  }

  async function complete(owner: string, key: string, fingerprint: string, response: StoredResponse) {
    const item = completionItem(owner, key, fingerprint, response).Update!;
    await doc.send(new UpdateCommand(item as never));
  }

  /** Give the key back after an unexpected failure so the client can retry with it. */
  async function release(owner: string, key: string) {
    await doc.send(
      new DeleteCommand({
        TableName: table,
        Key: keyOf(owner, key),
        ConditionExpression: "#state = :inFlight",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":inFlight": "in_flight" },
      }),
    ).catch(() => {});
  }

  /**
   * Run a money-moving operation under the request's Idempotency-Key (if any).
   * `run` receives `storeWith(response)`: a transaction item to add to its own write, or
   * undefined when the request carries no key. Returns the Response to send.
   */
  async function handle(
    c: Context,
    owner: string,
    body: unknown,
    run: (storeWith: (r: StoredResponse) => TransactItem | undefined) => Promise<StoredResponse>,
  ): Promise<Response> {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return toResponse(await run(() => undefined));
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw unprocessable(
        "INVALID_IDEMPOTENCY_KEY",
        "Idempotency-Key must be 1-255 printable ASCII characters",
        [
          { field: IDEMPOTENCY_HEADER, message: "must be 1-255 printable ASCII characters" },
        ],
      );
    }
    const fingerprint = await sha256(`${c.req.method} ${c.req.path}\n${canonical(body)}`);
    const replay = await begin(owner, key, fingerprint);
    if (replay) return toResponse(replay, true);
    try {
      return toResponse(await run((r) => completionItem(owner, key, fingerprint, r)));
    } catch (err) {
      // A business rejection (4xx) is an answer too: store it so a retry gets the same one.
      if (err instanceof ApiError && err.status < 500 && err.status !== 409) {
        const requestId = c.get("requestId" as never) as string | undefined;
        const stored = {
          status: err.status,
          body: JSON.stringify(
            problemBody(err.status, err.code, err.detail, requestId, { instance: publicPath(c) }),
          ),
        };
        await complete(owner, key, fingerprint, stored).catch(() => release(owner, key));
        return toResponse(stored);
      }
      await release(owner, key);
      throw err;
    }
  }

  return { begin, completionItem, complete, release, handle };
}

function toResponse(r: StoredResponse, replayed = false): Response {
  const isProblem = r.status >= 400;
  const headers: Record<string, string> = {
    "content-type": isProblem ? "application/problem+json" : "application/json",
  };
  if (replayed) headers["Idempotent-Replayed"] = "true";
  return new Response(r.body, { status: r.status, headers });
}

export type Idempotency = ReturnType<typeof createIdempotency>;
