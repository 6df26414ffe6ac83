// The error side of the contract in OpenAPI terms: the Problem schema (components/schemas/Problem),
// one response per status listing its stable codes with an example each, and the header components
// every response carries. Route files declare their errors with `problems({...})`; the services' and
// the gateway's documents add the statuses that middleware produces everywhere.
import { z } from "@hono/zod-openapi";
import { problemBody } from "./errors.ts";

export const PROBLEM_MEDIA_TYPE = "application/problem+json";

const FieldErrorSchema = z.object({
  field: z.string().openapi({ example: "amount" }),
  message: z.string().openapi({ example: "Amount must be greater than 0" }),
}).openapi("FieldError");

export const ProblemSchema = z.object({
  type: z.string().openapi({ example: "https://order-processor.dev/problems/insufficient-funds" }),
  title: z.string().openapi({ example: "Unprocessable Content" }),
  status: z.number().int().openapi({ example: 422 }),
  detail: z.string().openapi({ description: "Human-readable; a string, as upstream clients expect" }),
  code: z.string().openapi({ description: "Stable machine-readable code", example: "INSUFFICIENT_FUNDS" }),
  request_id: z.string().optional().openapi({ description: "Same as the X-Request-ID header" }),
  instance: z.string().optional().openapi({
    description: "The public path of the request",
    example: "/api/v1/balance/withdraw",
  }),
  errors: z.array(FieldErrorSchema).optional().openapi({ description: "Validation errors, one per field" }),
  retry_after: z.number().optional().openapi({ description: "Seconds to wait (429 only)" }),
}).openapi("Problem", { description: "RFC 9457 problem details with a stable `code`" });

export type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 422 | 426 | 429 | 500 | 503 | 504;

/** What each code means, used as the example's detail (one place, so docs and tests agree). */
export const CODE_DETAILS: Record<string, string> = {
  MALFORMED_REQUEST: "Malformed JSON body",
  INVALID_PATH: "Path segments '.' and '..' are not allowed",
  INVALID_CURSOR: "cursor is not valid for this list",
  INVALID_IDEMPOTENCY_KEY: "Idempotency-Key must be 1-255 visible ASCII characters",
  AUTH_REQUIRED: "Authentication required",
  AUTH_INVALID_HEADER: "Invalid authorization header format",
  AUTH_INVALID_TOKEN: "Token has expired",
  INVALID_CREDENTIALS: "Invalid username or password",
  FORBIDDEN: "Insufficient permissions",
  NOT_FOUND: "The requested resource was not found.",
  USER_NOT_FOUND: "User not found",
  ASSET_NOT_FOUND: "Asset 'XYZ' not found",
  ORDER_NOT_FOUND: "Order not found",
  AUTH_INVALID_TICKET: "The ticket is invalid, expired or already used",
  UPGRADE_REQUIRED: "This endpoint speaks WebSocket",
  DEAD_LETTER_NOT_FOUND: "Dead letter '1732800000000-0' not found",
  HOLDING_NOT_FOUND: "You hold no BTC",
  USERNAME_TAKEN: "Username already exists",
  EMAIL_TAKEN: "Email already registered",
  LOCK_CONTENTION: "Another request for this account is in progress; retry shortly",
  IDEMPOTENCY_IN_FLIGHT: "A request with this Idempotency-Key is still in progress",
  PRICE_BUSY: "The price is being changed by another request; retry",
  PAYLOAD_TOO_LARGE: "Request body exceeds 1048576 bytes",
  REQUEST_TIMEOUT: "Request body not received within 10000 ms",
  UNSUPPORTED_MEDIA_TYPE: "Content-Type must be application/json",
  VALIDATION_ERROR: "amount: Amount must have at most 2 decimal places",
  INSUFFICIENT_FUNDS: "Insufficient balance for withdrawal",
  INSUFFICIENT_HOLDINGS: "Insufficient BTC to sell",
  DAILY_LIMIT_EXCEEDED: "Daily deposit limit of 10000 USD would be exceeded",
  IDEMPOTENCY_KEY_REUSED: "Idempotency-Key was used with a different request body",
  ORDER_VALUE_EXCEEDED: "Order value exceeds the maximum of 10000 USD",
  ORDER_VALUE_TOO_SMALL: "Order value is below the minimum",
  LIMIT_PRICE_REQUIRED: "price is required for limit orders",
  ORDER_NOT_CANCELLABLE: "Only pending orders can be cancelled",
  ASSET_NOT_TRADEABLE: "Asset XYZ is not tradeable",
  BALANCE_NOT_FOUND: "Balance not found for this user",
  RATE_LIMITED: "Rate limit exceeded; retry after 12 s",
  LOGIN_BLOCKED: "Too many failed login attempts; try again later",
  INTERNAL_ERROR: "An internal server error occurred. Please try again later.",
  SERVICE_UNAVAILABLE: "The order service is not available",
  CIRCUIT_OPEN: "The order service is failing; retry later",
  AUTH_UNAVAILABLE: "Token revocation cannot be checked now",
  REVOCATION_UNAVAILABLE: "Logout cannot be recorded now; please retry",
  DEPENDENCY_UNAVAILABLE: "A backing service is unavailable; please retry shortly",
  UPSTREAM_TIMEOUT: "The order service did not answer in time",
};

const STATUS_TEXT: Record<ErrorStatus, string> = {
  400: "Bad request",
  401: "Not authenticated",
  403: "Not allowed for this role",
  404: "Not found",
  408: "Request body not received in time",
  409: "Conflict; retrying later may succeed",
  413: "Request body too large",
  415: "Unsupported Content-Type",
  422: "Invalid input or a business rule refused it",
  426: "This endpoint speaks another protocol (WebSocket)",
  429: "Too many requests",
  500: "Internal error",
  503: "Temporarily unavailable; retry after Retry-After",
  504: "Upstream timeout",
};

/** Header components every document registers (createService and the gateway). */
export const HEADER_COMPONENTS = {
  "X-Request-ID": {
    description: "Request id: the client's when well-formed (1-128 of A-Z a-z 0-9 . _ : -), else generated",
    schema: { type: "string", example: "3f1c9a0e-0d1c-4a57-9e41-8f8f3a4b2c10" },
  },
  "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer", example: 12 } },
  "RateLimit-Limit": { description: "Requests allowed per window (gateway)", schema: { type: "integer" } },
  "RateLimit-Remaining": {
    description: "Requests left in the window (gateway)",
    schema: { type: "integer" },
  },
  "RateLimit-Reset": {
    description: "Seconds until the window resets (gateway)",
    schema: { type: "integer" },
  },
  "RateLimit-Policy": {
    description: "Limit and window, e.g. `600;w=60` (gateway)",
    schema: { type: "string" },
  },
} as const;

export type HeaderName = keyof typeof HEADER_COMPONENTS;
export const headerRef = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });

/** One error response: Problem schema, the codes it can carry, one example per code. */
export function problemResponse(
  status: ErrorStatus,
  codes: readonly string[],
  extraHeaders: HeaderName[] = [],
) {
  return problemResponseWith(ProblemSchema, status, codes, extraHeaders);
}

/** The same as plain JSON (schema by reference), for documents post-processed after generation. */
export function problemResponseJson(
  status: ErrorStatus,
  codes: readonly string[],
  extraHeaders: HeaderName[] = [],
) {
  return problemResponseWith({ $ref: "#/components/schemas/Problem" }, status, codes, extraHeaders);
}

function problemResponseWith<S>(
  schema: S,
  status: ErrorStatus,
  codes: readonly string[],
  extraHeaders: HeaderName[],
) {
  const examples = Object.fromEntries(codes.map((code) => [code, {
    summary: code,
    value: problemBody(status, code, CODE_DETAILS[code] ?? code, "3f1c9a0e-0d1c-4a57-9e41-8f8f3a4b2c10"),
  }]));
  return {
    description: `${STATUS_TEXT[status]}. Codes: ${codes.map((c) => `\`${c}\``).join(", ")}`,
    headers: Object.fromEntries(
      (["X-Request-ID", ...extraHeaders] as HeaderName[]).map((h) => [h, headerRef(h)]),
    ),
    content: { [PROBLEM_MEDIA_TYPE]: { schema, examples } },
  };
}

/** `responses` entries for a route: `...problems({ 401: ["AUTH_REQUIRED"], 422: ["VALIDATION_ERROR"] })`. */
export function problems(spec: Partial<Record<ErrorStatus, readonly string[]>>) {
  return Object.fromEntries(
    Object.entries(spec).map(([s, codes]) => [Number(s), problemResponse(Number(s) as ErrorStatus, codes!)]),
  ) as Record<number, ReturnType<typeof problemResponse>>;
}

/** The 401s of every route behind `requireAuth`. */
export const AUTH_CODES = ["AUTH_REQUIRED", "AUTH_INVALID_HEADER", "AUTH_INVALID_TOKEN"] as const;
