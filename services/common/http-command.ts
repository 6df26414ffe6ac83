// The HTTP side of idempotent commands: read the client's Idempotency-Key into a command, and mark a
// replayed answer. Routes use these; use cases and the idempotency store never see a request.
import type { Context } from "hono";
import { DomainError } from "./domain-error.ts";
import { ApiError } from "./errors.ts";
import { httpAnswer } from "./http-errors.ts";
import type { IdempotentCommand } from "./idempotency.ts";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** The command for `request` by `owner`, keyed by the request's Idempotency-Key header, if any. */
export function commandFrom(c: Context, owner: string, request: unknown): IdempotentCommand {
  return {
    owner,
    key: c.req.header(IDEMPOTENCY_HEADER),
    operation: `${c.req.method} ${c.req.path}`,
    request,
    requestId: c.get("requestId" as never) as string | undefined,
  };
}

/** Headers of an answer: a replayed one says so. */
export const replayHeaders = (replayed: boolean): Record<string, string> =>
  replayed ? { "Idempotent-Replayed": "true" } : {};

/** The HTTP status an error will be answered with ("error" for an unexpected one), for metrics. */
export function statusOf(err: unknown): string {
  if (err instanceof DomainError) return String(httpAnswer(err).status);
  if (err instanceof ApiError) return String(err.status);
  return "error";
}
