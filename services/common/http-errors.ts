// THE table from domain error codes to HTTP answers. Adding a code to DOMAIN_CODES without a row
// here fails type-checking, so no rejection can fall through to a 500.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DomainCode, DomainError } from "./domain-error.ts";

export interface HttpAnswer {
  status: ContentfulStatusCode;
  headers?: Record<string, string>;
}

const retryable: HttpAnswer = { status: 409, headers: { "Retry-After": "1" } };

type Rule = HttpAnswer | ((e: DomainError) => HttpAnswer);

export const HTTP_BY_CODE: Record<DomainCode, Rule> = {
  INVALID_CREDENTIALS: { status: 401 },
  USER_NOT_FOUND: { status: 404 },
  BALANCE_NOT_FOUND: { status: 404 },
  ORDER_NOT_FOUND: { status: 404 },
  // An asset named in a request body (an order) is an unprocessable field, as upstream answered;
  // one named in the path is simply not found.
  ASSET_NOT_FOUND: (e) => ({ status: e.fields?.length ? 422 : 404 }),
  HOLDING_NOT_FOUND: { status: 404 },
  INSUFFICIENT_FUNDS: { status: 422 },
  INSUFFICIENT_HOLDINGS: { status: 422 },
  DAILY_LIMIT_EXCEEDED: { status: 422 },
  ASSET_NOT_TRADEABLE: { status: 422 },
  LIMIT_PRICE_REQUIRED: { status: 422 },
  ORDER_VALUE_EXCEEDED: { status: 422 },
  ORDER_VALUE_TOO_SMALL: { status: 422 },
  INVALID_CURSOR: { status: 422 },
  INVALID_IDEMPOTENCY_KEY: { status: 422 },
  IDEMPOTENCY_KEY_REUSED: { status: 422 },
  USERNAME_TAKEN: { status: 409 },
  EMAIL_TAKEN: { status: 409 },
  ORDER_NOT_CANCELLABLE: { status: 409 },
  IDEMPOTENCY_IN_FLIGHT: retryable,
  LOCK_CONTENTION: retryable,
  BUSY: retryable,
  PRICE_BUSY: retryable,
  REVOCATION_UNAVAILABLE: { status: 503, headers: { "Retry-After": "5" } },
};

export function httpAnswer(e: DomainError): HttpAnswer {
  const rule = HTTP_BY_CODE[e.code];
  return typeof rule === "function" ? rule(e) : rule;
}
