// Opaque cursors: base64url of the last returned sort key. Only cursors under the expected
// prefix are accepted, so a cursor cannot be used to read another key range.
import { unprocessable } from "./errors.ts";

export function encodeCursor(sortKey: string): string {
  return btoa(sortKey).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string, expectedPrefix: string): string {
  try {
    const padded = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const key = atob(padded + "=".repeat((4 - (padded.length % 4)) % 4));
    if (key.startsWith(expectedPrefix)) return key;
  } catch { /* fall through to the 422 below */ }
  throw unprocessable("INVALID_CURSOR", "cursor: is not a valid pagination cursor", [
    { field: "cursor", message: "is not a valid pagination cursor" },
  ]);
}
