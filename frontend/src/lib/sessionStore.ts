// Where the session lives in the browser (localStorage, so a reload or a second tab stays logged
// in). Read synchronously by the API client, so even the very first request carries the token.
export const STORAGE_KEY = "op.session";

export interface StoredSession {
  token: string;
  username: string;
  expiresAt: number; // epoch ms
}

export function loadSession(): StoredSession | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredSession;
    if (!s.token || typeof s.expiresAt !== "number" || s.expiresAt <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(s: StoredSession | null) {
  try {
    if (s) localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else localStorage.removeItem(STORAGE_KEY);
  } catch { /* storage disabled: the session lasts this page only */ }
}
