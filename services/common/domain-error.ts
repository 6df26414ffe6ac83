// Domain errors: what a use case or store throws when the business says no. They know nothing of
// HTTP; `http-errors.ts` maps each code to its status and headers in one table.
import type { FieldError } from "./errors.ts";

/** Every rejection a use case can produce, by stable code (the API's `code`). */
export const DOMAIN_CODES = [
  // who you are
  "INVALID_CREDENTIALS",
  // not found
  "USER_NOT_FOUND",
  "BALANCE_NOT_FOUND",
  "ORDER_NOT_FOUND",
  "ASSET_NOT_FOUND",
  "HOLDING_NOT_FOUND",
  // rules
  "INSUFFICIENT_FUNDS",
  "INSUFFICIENT_HOLDINGS",
  "DAILY_LIMIT_EXCEEDED",
  "ASSET_NOT_TRADEABLE",
  "LIMIT_PRICE_REQUIRED",
  "ORDER_VALUE_EXCEEDED",
  "ORDER_VALUE_TOO_SMALL",
  "INVALID_CURSOR",
  "INVALID_IDEMPOTENCY_KEY",
  "IDEMPOTENCY_KEY_REUSED",
  // conflicts: someone else got there first, or is still at it
  "USERNAME_TAKEN",
  "EMAIL_TAKEN",
  "ORDER_NOT_CANCELLABLE",
  "IDEMPOTENCY_IN_FLIGHT",
  "LOCK_CONTENTION",
  "BUSY",
  "PRICE_BUSY",
  // a dependency the operation cannot do without is away (revocation.ts: logout needs Redis)
  "REVOCATION_UNAVAILABLE",
] as const;
export type DomainCode = (typeof DOMAIN_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainCode,
    readonly detail: string,
    readonly fields?: FieldError[],
    /** Set when an idempotent request replays a rejection: the request that first got it. */
    readonly firstRequestId?: string,
  ) {
    super(detail);
    this.name = "DomainError";
  }
}

export const rejected = (code: DomainCode, detail: string, fields?: FieldError[]) =>
  new DomainError(code, detail, fields);

/** One field's error as a list, for `rejected(code, detail, field(...))`. */
export const field = (name: string, message: string): FieldError[] => [{ field: name, message }];

/** Rejections worth retrying as they are: not stored as an idempotent answer. */
export const TRANSIENT_CODES: ReadonlySet<DomainCode> = new Set([
  "IDEMPOTENCY_IN_FLIGHT",
  "LOCK_CONTENTION",
  "BUSY",
  "PRICE_BUSY",
  "REVOCATION_UNAVAILABLE",
]);
