// Every API failure becomes an ApiProblem carrying the RFC 9457 problem the services send
// (`detail`, stable `code`, `errors: [{field, message}]`, `request_id`). Whatever the body was —
// problem JSON, an old-style {"detail": ...}, HTML from a proxy or nothing — the message shown to
// people is a sentence, never "[object Object]".

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: unknown;
  code?: string;
  request_id?: string;
  errors?: FieldError[];
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly requestId?: string;

  constructor(status: number, body: ProblemBody | undefined, fallback?: string) {
    const detail = problemDetail(status, body, fallback);
    super(detail);
    this.name = "ApiProblem";
    this.status = status;
    this.code = body?.code ?? (status === 0 ? "NETWORK_ERROR" : `HTTP_${status}`);
    this.detail = detail;
    this.fieldErrors = Array.isArray(body?.errors)
      ? body.errors.filter((e) => e && typeof e.field === "string").map((e) => ({
        field: e.field,
        message: typeof e.message === "string" ? e.message : String(e.message),
      }))
      : [];
    this.requestId = body?.request_id;
  }

  /** The message for one field (first match, also for nested names like "body.amount"). */
  forField(name: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === name || e.field.endsWith(`.${name}`))?.message;
  }
}

function detailText(detail: unknown): string | undefined {
  if (typeof detail === "string") return detail.trim() || undefined;
  // FastAPI-style validation lists: [{loc: [...], msg: "..."}]
  if (Array.isArray(detail)) {
    const parts = detail.map((d) => (typeof d === "string" ? d : (d as { msg?: string; message?: string })?.msg ??
      (d as { message?: string })?.message)).filter(Boolean);
    return parts.length ? parts.join("; ") : undefined;
  }
  if (detail && typeof detail === "object") {
    const o = detail as { message?: unknown; detail?: unknown };
    if (typeof o.message === "string") return o.message;
    if (typeof o.detail === "string") return o.detail;
  }
  return undefined;
}

const STATUS_TEXT: Record<number, string> = {
  0: "Cannot reach the server. Check your connection and try again.",
  401: "Please log in to continue.",
  403: "You don't have permission to do that.",
  404: "Not found.",
  429: "Too many requests; please wait a moment and try again.",
  502: "The service is unavailable right now; please retry shortly.",
  503: "The service is unavailable right now; please retry shortly.",
  504: "The service took too long to answer; please retry.",
};

export function problemDetail(status: number, body: ProblemBody | undefined, fallback?: string): string {
  return detailText(body?.detail) ?? (typeof body?.title === "string" ? body.title : undefined) ?? fallback ??
    STATUS_TEXT[status] ?? `Request failed (HTTP ${status}).`;
}

/** A human sentence for anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiProblem) return err.detail;
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === "string" && err) return err;
  return "Something went wrong.";
}
