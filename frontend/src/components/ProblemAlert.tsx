// Shows what went wrong as a sentence (the problem's `detail`), with the request id for support.
import { ApiProblem, errorMessage } from "../api/problem";

export function ProblemAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (!error) return null;
  const requestId = error instanceof ApiProblem ? error.requestId : undefined;
  return (
    <div className="alert alert-error" role="alert">
      {title && <strong className="alert-title">{title}</strong>}
      <p className="alert-detail">{errorMessage(error)}</p>
      {requestId && <p className="alert-meta">Request id: <code>{requestId}</code></p>}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Field-level errors are shown beside their inputs; this lists only what no field on the form claims. */
export function formLevelError(error: unknown, fields: readonly string[]): unknown {
  if (!(error instanceof ApiProblem)) return error;
  if (error.fieldErrors.length && error.fieldErrors.every((e) => fields.some((f) => e.field === f || e.field.endsWith(`.${f}`)))) {
    return null;
  }
  return error;
}

export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiProblem ? error.forField(field) : undefined;
}
