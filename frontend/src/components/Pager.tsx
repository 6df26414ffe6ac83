// Cursor pagination (the API's `next_cursor`): a stack of cursors lets the user go back.
import { useState } from "react";

export function useCursorPages() {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const cursor = stack[stack.length - 1];
  return {
    cursor,
    page: stack.length,
    next: (c: string | null) => c && setStack((s) => [...s, c]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

export function Pager(props: {
  page: number;
  hasPrev: boolean;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  label: string;
}) {
  if (!props.hasPrev && !props.hasNext) return null;
  return (
    <nav className="pager" aria-label={`${props.label} pages`}>
      <button type="button" className="btn btn-small" onClick={props.onPrev} disabled={!props.hasPrev}>
        ← Previous
      </button>
      <span aria-live="polite">Page {props.page}</span>
      <button type="button" className="btn btn-small" onClick={props.onNext} disabled={!props.hasNext}>
        Next →
      </button>
    </nav>
  );
}
