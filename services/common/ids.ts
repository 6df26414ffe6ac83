// Time-sortable identifiers: a fixed-width base36 millisecond timestamp then random hex.
// Sorting the strings sorts by creation time, which gives newest-first lists from one Query.

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export function sortableId(prefix: string, now = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(9, "0")}${randomHex(5)}`;
}

export const nowIso = (): string => new Date().toISOString();
