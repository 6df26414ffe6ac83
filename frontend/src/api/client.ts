// Thin fetch wrapper for the public API (same origin: /api/v1, proxied to the gateway). Adds the
// bearer token, parses JSON, turns failures into ApiProblem, and reports a 401 on an authenticated
// call to the session (which logs out and sends the user to the login page with a message).

import { loadSession } from "../lib/sessionStore";
import { ApiProblem, type ProblemBody } from "./problem";

export const API_BASE = "/api/v1";

type TokenSource = () => string | null;
let tokenSource: TokenSource = () => loadSession()?.token ?? null;
let onUnauthorized: (problem: ApiProblem) => void = () => {};

export function configureClient(opts: { token: TokenSource; onUnauthorized: (p: ApiProblem) => void }) {
  tokenSource = opts.token;
  onUnauthorized = opts.onUnauthorized;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the token (default true when one exists). */
  auth?: boolean;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  const token = opts.auth === false ? null : tokenSource();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, { method: opts.method ?? "GET", headers, body, signal: opts.signal });
  } catch (err) {
    if ((err as Error)?.name === "AbortError") throw err;
    throw new ApiProblem(0, undefined);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const problem = new ApiProblem(res.status, parsed as ProblemBody | undefined);
    if (res.status === 401 && token) onUnauthorized(problem);
    throw problem;
  }
  return parsed as T;
}

/** A fresh Idempotency-Key: a retried click or network retry never places an order twice. */
export function idempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
