// Shared helpers for integration tests. They talk HTTP to the real processes started by
// scripts/test.sh (DynamoDB Local + Redis + services); URLs come from the environment.
import assert from "node:assert/strict";

export const GATEWAY_URL = Deno.env.get("GATEWAY_URL");
/**
 * Set by integration_tests/run.sh: only the public API of some deployment is reachable — no service
 * ports, no Redis, no pid files. Tests that need those are skipped there (see `needsInternals`).
 */
export const BLACK_BOX = Deno.env.get("BLACK_BOX") === "1";
/** The user service; in black-box mode its public face (the user routes are /api/v1 + the same path). */
export const USER_URL = BLACK_BOX && GATEWAY_URL
  ? `${GATEWAY_URL}/api/v1`
  : Deno.env.get("USER_URL") ?? "http://127.0.0.1:8000";
/** The public API as clients see it: through the gateway when one runs (test.sh starts it). */
export const API = GATEWAY_URL ? `${GATEWAY_URL}/api/v1` : USER_URL;
export const PASSWORD = "TestPassword123!";

/** The repository root (for tests that run the project's own scripts or entrypoints). */
export const ROOT = new URL("../", import.meta.url).pathname;

/**
 * `ignore` value for a test that needs the local stack's internals (its own processes, Redis, service
 * ports): true under integration_tests/run.sh, with the reason printed so the skip is visible.
 */
export function needsInternals(reason: string): boolean {
  if (BLACK_BOX) console.log(`skipped against a deployment (needs internals): ${reason}`);
  return BLACK_BOX || !GATEWAY_URL;
}

/** Like `needsInternals` for tests that need no shared stack (their own processes): skipped only by run.sh. */
export function skipInBlackBox(reason: string): boolean {
  return BLACK_BOX && needsInternals(reason);
}

/**
 * Black-box admin: roles never come from the API, so against a deployment an operator may pass
 * ADMIN_TOKEN, or ADMIN_USERNAME + ADMIN_PASSWORD, to run the admin tests (newAdmin in
 * orders/support.ts); without them those tests are skipped with their reason printed.
 */
export const BLACK_BOX_ADMIN = {
  token: Deno.env.get("ADMIN_TOKEN"),
  username: Deno.env.get("ADMIN_USERNAME"),
  password: Deno.env.get("ADMIN_PASSWORD"),
};

/** `ignore` value for a test that needs an admin: black-box only with ADMIN_TOKEN or admin credentials. */
export function needsAdmin(reason: string): boolean {
  const { token, username, password } = BLACK_BOX_ADMIN;
  if (!BLACK_BOX || token || (username && password)) return !GATEWAY_URL;
  console.log(`skipped against a deployment (set ADMIN_TOKEN or ADMIN_USERNAME/ADMIN_PASSWORD): ${reason}`);
  return true;
}

/** A free loopback port (for tests that start their own processes). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

export function uniqueName(prefix = "it"): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers["Content-Type"] ??= "application/json";
    body = opts.raw;
  }
  const r = await fetch(`${base}${path}`, { method, headers, body });
  const text = await r.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch { /* non-JSON body: keep text */ }
  recordResponse(method, `${base}${path}`, r, parsed);
  return { status: r.status, body: parsed as T, text, headers: r.headers };
}

const RECORD_FILE = Deno.env.get("RECORD_RESPONSES");

/**
 * With RECORD_RESPONSES=<file>, every JSON answer of the public API is appended there (one JSON line)
 * so integration_tests/contract/recorded_responses.ts can check it against the OpenAPI document.
 */
export function recordResponse(method: string, url: string, r: Response, body: unknown) {
  if (!RECORD_FILE || !GATEWAY_URL || !url.startsWith(`${GATEWAY_URL}/api/v1`) || body === undefined) return;
  const line = JSON.stringify({
    method: method.toLowerCase(),
    path: new URL(url).pathname,
    status: r.status,
    contentType: r.headers.get("content-type") ?? "",
    requestId: r.headers.get("x-request-id"),
    body,
  });
  Deno.writeTextFileSync(RECORD_FILE, line + "\n", { append: true });
}

export interface TestUser {
  username: string;
  token: string;
}

/** Register and log in a fresh user (upstream's create_test_user). */
export async function createUser(base = USER_URL, extra: Record<string, unknown> = {}): Promise<TestUser> {
  const username = uniqueName("user");
  const reg = await call(base, "POST", "/auth/register", {
    json: {
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
      first_name: "Integration",
      last_name: "Test",
      ...extra,
    },
  });
  assert.equal(reg.status, 201, reg.text);
  const login = await call<{ access_token: string }>(base, "POST", "/auth/login", {
    json: { username, password: PASSWORD },
  });
  assert.equal(login.status, 200, login.text);
  return { username, token: login.body.access_token };
}

/** Assert a response is our problem JSON with the given status (and optional code). */
export function assertProblem(res: Res, status: number, code?: string) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
  const b = res.body as Record<string, unknown>;
  assert.equal(b.status, status);
  assert.equal(typeof b.detail, "string");
  assert.equal(typeof b.code, "string");
  assert.equal(typeof b.request_id, "string");
  if (code) assert.equal(b.code, code);
}
