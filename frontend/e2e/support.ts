// Shared helpers for the browser tests: API calls through the dashboard's own /api proxy, users,
// the admin role (the operator script, as a person would), screenshots and the axe check.
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, type TestInfo } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const PASSWORD = "TestPassword123!";
export const SCREENSHOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../test-results/screenshots");

export const uniqueName = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36).slice(-4)}`;

export async function apiCall<T = Record<string, unknown>>(
  request: APIRequestContext,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await request.fetch(`/api/v1${path}`, {
    method,
    headers: { ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}), "Content-Type": "application/json" },
    data: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status(), body: (text ? JSON.parse(text) : undefined) as T };
}

export async function registerUser(request: APIRequestContext, prefix = "e2e"): Promise<string> {
  const username = uniqueName(prefix);
  const r = await apiCall(request, "POST", "/auth/register", {
    body: { username, email: `${username}@example.com`, password: PASSWORD, first_name: "Eve", last_name: "Tester" },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return username;
}

export async function loginToken(request: APIRequestContext, username: string): Promise<{ token: string; expiresIn: number }> {
  const r = await apiCall<{ access_token: string; expires_in: number }>(request, "POST", "/auth/login", {
    body: { username, password: PASSWORD },
  });
  expect(r.status).toBe(200);
  return { token: r.body.access_token, expiresIn: r.body.expires_in };
}

/** Make a user an admin with the operator script (roles never come from the API). */
export function makeAdmin(username: string) {
  execFileSync("bash", [`${ROOT}/scripts/admin.sh`, "set-role", username, "admin"], { cwd: ROOT, stdio: "pipe", env: process.env });
}

/** Start the page logged in, as the login form would leave it. */
export async function useSession(page: Page, username: string, token: string, expiresIn = 3600) {
  await page.addInitScript(([u, t, e]) => {
    if (!localStorage.getItem("op.session")) {
      localStorage.setItem("op.session", JSON.stringify({ token: t, username: u, expiresAt: Date.now() + Number(e) * 1000 }));
    }
  }, [username, token, String(expiresIn)]);
}

/** The page has its heading and nothing is still loading. */
export async function settled(page: Page) {
  await expect(page.locator("main h1")).toBeVisible();
  await expect(page.locator("main .loading")).toHaveCount(0);
}

export async function screenshot(page: Page, info: TestInfo, name: string) {
  const path = `${SCREENSHOT_DIR}/${info.project.name}/${name}.png`;
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  await info.attach(`${info.project.name}-${name}`, { path, contentType: "image/png" });
}

/** axe-core on the whole page: no serious or critical violation of WCAG 2.1 A/AA rules. */
export async function expectAccessible(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`),
    `accessibility violations on ${name}`,
  ).toEqual([]);
}
