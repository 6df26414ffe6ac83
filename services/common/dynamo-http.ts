// A lean DynamoDB document client for the hot path: the DynamoDB JSON 1.0 protocol straight over
// Deno's fetch, SigV4-signed, with lib-dynamodb's marshalling and the SDK's retry strategy.
//
// Why not the SDK client: profiling the user service under load put about half its CPU inside the
// SDK v3 pipeline (schema serde, middleware stack, endpoint resolution, user agent, node:http); a
// GetItem cost ~600-700 µs of client CPU. Swapping only the SDK's HTTP handler saved nothing — the
// cost is the pipeline. Measured with scripts/bench-dynamo.sh (docs/benchmarks.md § DynamoDB client).
//
// Drop-in for DynamoDBDocumentClient as the code uses it: `send(new GetCommand(...))` returns the same
// output shape; failures are errors with the same `name` (the `__type` after '#'), `message`, `$fault`,
// `$metadata.httpStatusCode` and modelled members (`CancellationReasons`, `Item`) as the SDK's, and a
// network failure carries a Node-style `code` (ECONNREFUSED, ...) like the SDK's node:http errors.
// Binary (B/BS) attributes are not supported: the table has none.
import type { Command, MetadataBearer } from "@smithy/types";
import {
  isServerError,
  isThrottlingError,
  isTransientError,
  StandardRetryStrategy,
} from "@smithy/core/retry";
import client from "prom-client";
import { registry } from "./metrics.ts";
import { marshalInput, operationOf, unmarshalOutput } from "./dynamo-marshal.ts";
import { createSigner, type Credentials, type Signer } from "./dynamo-signer.ts";

// Every store call by operation: which requests cost the table what (a DynamoDB bill is per call, and
// DynamoDB Local's CPU is most of a local stack's). Shared with the SDK client (createDynamoClient).
export const storeCalls = new client.Histogram({
  name: "dynamodb_request_duration_seconds",
  help: "DynamoDB calls by operation (count and latency, retries included)",
  labelNames: ["operation"],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export interface DynamoHttpOptions {
  region: string;
  /** DynamoDB Local or another endpoint; default https://dynamodb.<region>.amazonaws.com. */
  endpoint?: string;
  /** Static keys or a provider (refreshing ones are called per request: they cache themselves). */
  credentials: Credentials | (() => Promise<Credentials>);
  /** Attempts per call, as the SDK's maxAttempts (standard retry mode). */
  maxAttempts?: number;
}

interface ErrorMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
  totalRetryDelay?: number;
}

/** A DynamoDB error answer, shaped like the SDK's ServiceException. */
export class DynamoServiceError extends Error {
  readonly $fault: "client" | "server";
  $metadata: ErrorMetadata;
  [member: string]: unknown;

  constructor(name: string, message: string, status: number, requestId: string | undefined, body: object) {
    super(message);
    // Modelled members (CancellationReasons, Item, ...) as the SDK exposes them: raw attribute values.
    for (const [k, v] of Object.entries(body)) {
      if (k !== "__type" && k !== "message" && k !== "Message") this[k] = v;
    }
    this.name = name;
    this.$fault = status >= 500 ? "server" : "client";
    this.$metadata = { httpStatusCode: status, requestId };
  }
}

/** A transport failure (nothing answered), with the Node error code the SDK's node:http client gives. */
export class DynamoNetworkError extends Error {
  $metadata: ErrorMetadata = {};
  constructor(readonly code: string, message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = "Error";
  }
}

export class DynamoHttpClient {
  readonly #url: URL;
  readonly #signer: Signer;
  readonly #retry: StandardRetryStrategy;
  readonly #maxAttempts: number;

  constructor(opts: DynamoHttpOptions) {
    this.#url = new URL(opts.endpoint ?? `https://dynamodb.${opts.region}.amazonaws.com`);
    this.#signer = createSigner(opts.region, opts.credentials);
    this.#maxAttempts = opts.maxAttempts ?? 3;
    // The SDK's own standard retry strategy (one per client, like the SDK's): the same backoff,
    // classification of throttling/transient/server errors and retry quota.
    this.#retry = new StandardRetryStrategy(this.#maxAttempts);
  }

  /** Send a lib-dynamodb command (or DescribeTable) and answer what DynamoDBDocumentClient would. */
  async send<I extends object, O extends MetadataBearer>(
    // deno-lint-ignore no-explicit-any
    command: Command<any, I, any, O, any>,
  ): Promise<O> {
    const op = operationOf(command);
    const end = storeCalls.startTimer({ operation: op });
    try {
      const body = JSON.stringify(marshalInput(command));
      const { output, metadata } = await this.#withRetries(op, body);
      const result = unmarshalOutput(command, output);
      result.$metadata = metadata;
      return result as unknown as O;
    } finally {
      end();
    }
  }

  /** Nothing to release (fetch pools connections per process); kept for the SDK client's shape. */
  destroy(): void {}

  // The SDK's retry middleware loop (@smithy/core/retry retryMiddleware), over one attempt.
  async #withRetries(op: string, body: string) {
    let token = await this.#retry.acquireInitialRetryToken("");
    let attempts = 0;
    let totalRetryDelay = 0;
    for (;;) {
      try {
        const r = await this.#attempt(op, body);
        this.#retry.recordSuccess(token);
        return { output: r.output, metadata: { ...r.metadata, attempts: attempts + 1, totalRetryDelay } };
      } catch (err) {
        const e = err as DynamoServiceError | DynamoNetworkError;
        if (!(e instanceof DynamoServiceError || e instanceof DynamoNetworkError)) throw err;
        try {
          token = await this.#retry.refreshRetryTokenForRetry(token, { errorType: errorTypeOf(e) });
        } catch {
          e.$metadata = { ...e.$metadata, attempts: attempts + 1, totalRetryDelay };
          throw e;
        }
        attempts = token.getRetryCount();
        const delay = token.getRetryDelay();
        totalRetryDelay +=
          ((token as { $retryLog?: { acquisitionDelay?: number } }).$retryLog?.acquisitionDelay ??
            0) + delay;
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async #attempt(op: string, body: string) {
    const headers = await this.#signer.sign(this.#url, op, body);
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.#url, { method: "POST", headers, body });
      text = await res.text();
    } catch (err) {
      throw networkError(err, this.#url);
    }
    const requestId = res.headers.get("x-amzn-requestid") ?? undefined;
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch { /* not JSON: an error page from something in between */ }
    if (res.ok && parsed) {
      return { output: parsed, metadata: { httpStatusCode: res.status, requestId } };
    }
    const data = parsed ?? {};
    const type = String(data.__type ?? res.headers.get("x-amzn-errortype") ?? "UnknownError");
    const name = type.slice(type.lastIndexOf("#") + 1).split(":")[0];
    const message = String(data.message ?? data.Message ?? ((parsed ? "" : text.slice(0, 200)) || name));
    throw new DynamoServiceError(name, message, res.status, requestId, data);
  }
}

/** The SDK's classification (retryMiddleware getRetryErrorType). */
function errorTypeOf(e: object): "THROTTLING" | "TRANSIENT" | "SERVER_ERROR" | "CLIENT_ERROR" {
  const err = e as never;
  if (isThrottlingError(err)) return "THROTTLING";
  if (isTransientError(err)) return "TRANSIENT";
  if (isServerError(err)) return "SERVER_ERROR";
  return "CLIENT_ERROR";
}

// Deno's fetch fails with a TypeError whose message names the cause; map it to the Node code the
// SDK's node:http handler gave, which retry classification and isDependencyOutage (→ 503) know.
const NETWORK_CODES: [RegExp, string][] = [
  [/connection refused/i, "ECONNREFUSED"],
  [/timed? ?out/i, "ETIMEDOUT"],
  [/dns error|failed to lookup|name or service not known/i, "ENOTFOUND"],
  [/unreachable/i, "EHOSTUNREACH"],
  [/broken pipe/i, "EPIPE"],
];

function networkError(err: unknown, url: URL): DynamoNetworkError {
  const text = `${(err as Error)?.message ?? err} ${(err as Error)?.cause ?? ""}`;
  // Anything else (reset, closed mid-answer, ...) is a dropped connection: retryable, like ECONNRESET.
  const code = NETWORK_CODES.find(([re]) => re.test(text))?.[1] ?? "ECONNRESET";
  const target = `${url.hostname}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;
  // The refused case reads like Node's ("connect ECONNREFUSED host:port"); others keep Deno's reason.
  const message = code === "ECONNREFUSED"
    ? `connect ${code} ${target}`
    : `${code} ${target}: ${(err as Error)?.message ?? err}`;
  return new DynamoNetworkError(code, message, { cause: err });
}
