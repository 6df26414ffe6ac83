// Loading / empty / error states shared by every page.
import type { ReactNode } from "react";
import { ProblemAlert } from "./ProblemAlert";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** Renders loading or the error for a query; children only once data is there. */
export function QueryState({ query, label, children }: { query: QueryLike; label?: string; children: () => ReactNode }) {
  if (query.isPending) return <Loading label={label ? `Loading ${label}…` : undefined} />;
  if (query.isError) {
    return <ProblemAlert error={query.error} title={label ? `Could not load ${label}` : undefined} onRetry={() => query.refetch()} />;
  }
  return <>{children()}</>;
}
