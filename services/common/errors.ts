// One error shape everywhere: RFC 9457 problem details with a stable `code`, the request id,
// and a string `detail` so clients of the upstream API (which read `detail`) keep working.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError } from "./domain-error.ts";
import { httpAnswer } from "./http-errors.ts";

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id?: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** An HTTP-level failure (auth, validation, limits) with a status, stable code and human detail. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

export const unauthorized = (detail = "Authentication required", code = "AUTH_REQUIRED") =>
  new ApiError(401, code, detail, { headers: { "WWW-Authenticate": 'Bearer realm="order-processor"' } });
export const forbidden = (detail = "Insufficient permissions", code = "FORBIDDEN") =>
  new ApiError(403, code, detail);

export function validationError(errors: FieldError[]): ApiError {
  const detail = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join("; ");
  return new ApiError(422, "VALIDATION_ERROR", detail || "Invalid request", { errors });
}

export function problemBody(
  status: number,
  code: string,
  detail: string,
  requestId?: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    type: `https://order-processor.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
    ...(requestId ? { request_id: requestId } : {}),
    ...extra,
  };
}

/** Header the gateway sets to the path the client called (services see a shorter, internal one). */
export const FORWARDED_PATH_HEADER = "X-Forwarded-Path";

/** Longest `instance` echoed back: a problem names the request, it does not mirror a huge path. */
export const MAX_INSTANCE_LENGTH = 256;

/**
 * `instance` of a problem: the public path the client used, whether a service or the gateway answers,
 * cut to MAX_INSTANCE_LENGTH characters (ending in "…" when cut).
 */
export function publicPath(c: Context): string {
  return clipPath(c.req.header(FORWARDED_PATH_HEADER) ?? c.req.path);
}

const clipPath = (path: string) =>
  path.length <= MAX_INSTANCE_LENGTH ? path : `${path.slice(0, MAX_INSTANCE_LENGTH - 1)}…`;

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const requestId = (extra.request_id as string | undefined) ??
    c.get("requestId" as never) as string | undefined;
  const body = problemBody(status, code, detail, requestId, { instance: publicPath(c), ...extra });
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

const HTTP_CODES: Record<number, string> = {
  400: "MALFORMED_REQUEST",
  401: "AUTH_REQUIRED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
};

/** Hono onError: ApiError → its problem; HTTPException → problem with its status; anything else → 500 without internals. */
export function createErrorHandler(log?: (err: unknown, c: Context) => void): ErrorHandler {
  return function problemErrorHandler(err, c) {
    if (err instanceof DomainError) {
      const { status, headers } = httpAnswer(err);
      const extra: Record<string, unknown> = err.fields ? { errors: err.fields } : {};
      // A replayed idempotent rejection is byte-identical to the first answer, request id included.
      if (err.firstRequestId) extra.request_id = err.firstRequestId;
      return problemResponse(c, status, err.code, err.detail, extra, headers ?? {});
    }
    if (err instanceof ApiError) {
      const { headers, ...extra } = err.extras;
      return problemResponse(c, err.status, err.code, err.detail, extra, headers ?? {});
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = HTTP_CODES[status] ?? `HTTP_${status}`;
      const headers = Object.fromEntries(err.getResponse().headers.entries());
      delete headers["content-type"];
      return problemResponse(c, status, code, err.message || TITLES[status] || "Error", {}, headers);
    }
    log?.(err, c);
    if (isDependencyOutage(err)) {
      return problemResponse(
        c,
        503,
        "DEPENDENCY_UNAVAILABLE",
        "A backing service is unavailable; please retry shortly",
        {},
        {
          "Retry-After": "1",
        },
      );
    }
    return problemResponse(
      c,
      500,
      "INTERNAL_ERROR",
      "An internal server error occurred. Please try again later.",
    );
  };
}

/** DynamoDB throttling/5xx/network failures and Redis connection failures: retryable, so 503 not 500. */
export function isDependencyOutage(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string; $fault?: string; $metadata?: unknown };
  if (!e || typeof e !== "object") return false;
  if (
    e.$metadata !== undefined && (e.$fault === "server" || /Throttl|LimitExceeded|Timeout/.test(e.name ?? ""))
  ) {
    return true;
  }
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(e.code ?? "")) return true;
  return e.name === "MaxRetriesPerRequestError" ||
    /Connection is closed|connect ECONNREFUSED|Command timed out/
      .test(e.message ?? "");
}

export const notFoundHandler: NotFoundHandler = (c) =>
  problemResponse(c, 404, "ROUTE_NOT_FOUND", `Route not found: ${c.req.method} ${clipPath(c.req.path)}`);
