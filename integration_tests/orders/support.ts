// Shared setup for the trading integration tests (inventory, orders, portfolio).
// The base URLs are chosen HERE and only here: through the gateway (`${GATEWAY_URL}/api/v1`)
// whenever one runs, as clients see the API; TRADING_VIA_GATEWAY=0 talks to each service directly.
import assert from "node:assert/strict";
import {
  BLACK_BOX,
  BLACK_BOX_ADMIN,
  call,
  createUser,
  PASSWORD,
  type TestUser,
  USER_URL,
} from "../helpers.ts";

const env = (k: string, d: string) => Deno.env.get(k) ?? d;
const viaGateway = Deno.env.get("TRADING_VIA_GATEWAY") !== "0" && Deno.env.get("GATEWAY_URL");
const gatewayApi = `${Deno.env.get("GATEWAY_URL")}/api/v1`;

export const USER = viaGateway ? gatewayApi : USER_URL;
export const INVENTORY = viaGateway ? gatewayApi : env("INVENTORY_URL", "http://127.0.0.1:8001");
/** Admin inventory routes: the gateway serves them under /admin/inventory (rewritten to /admin). */
export const INVENTORY_ADMIN = viaGateway ? `${gatewayApi}/admin/inventory` : `${INVENTORY}/admin`;
export const ORDER = viaGateway ? gatewayApi : env("ORDER_URL", "http://127.0.0.1:8002");

export { call, type TestUser };
export const newUser = () => createUser(USER);

export async function deposit(u: TestUser, amount: number | string) {
  const r = await call(USER, "POST", "/balance/deposit", { token: u.token, json: { amount } });
  assert.equal(r.status, 201, r.text);
}

export function order(
  u: TestUser,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return call<{ data: Record<string, string> }>(ORDER, "POST", "/orders", {
    token: u.token,
    json: body,
    headers,
  });
}

export async function balance(u: TestUser) {
  const r = await call<{ current_balance: string }>(USER, "GET", "/balance", { token: u.token });
  assert.equal(r.status, 200, r.text);
  return r.body.current_balance;
}

export async function ledger(u: TestUser) {
  const r = await call<{ transactions: Record<string, string>[]; total_count: number; has_more: boolean }>(
    USER,
    "GET",
    "/balance/transactions?limit=100",
    { token: u.token },
  );
  assert.equal(r.status, 200, r.text);
  return r.body;
}

export async function portfolio(u: TestUser) {
  const r = await call<{ assets: Record<string, string>[]; cash_balance: string; total_value: string }>(
    USER,
    "GET",
    "/portfolio",
    { token: u.token },
  );
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** Cents as a bigint, so test arithmetic on money is exact too. */
export const cents = (s: string) => {
  const [i, f = ""] = s.split(".");
  const sign = i.startsWith("-") ? -1n : 1n;
  return sign * (BigInt(i.replace("-", "")) * 100n + BigInt((f + "00").slice(0, 2)));
};

/**
 * An admin: register a customer, promote it with the operator script (roles never come from the
 * API), then log in again so the token carries the admin role.
 */
export async function newAdmin(): Promise<TestUser> {
  if (BLACK_BOX) return deploymentAdmin();
  const u = await newUser();
  const root = new URL("../../", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${root}scripts/admin.ts`, "set-role", u.username, "admin"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const login = await call<{ access_token: string }>(USER, "POST", "/auth/login", {
    json: { username: u.username, password: PASSWORD },
  });
  assert.equal(login.status, 200, login.text);
  return { username: u.username, token: login.body.access_token };
}

/** The operator-provided admin of a deployment (helpers.ts needsAdmin skips tests without one). */
async function deploymentAdmin(): Promise<TestUser> {
  const { token, username = "admin", password } = BLACK_BOX_ADMIN;
  if (token) return { username, token };
  const login = await call<{ access_token: string }>(USER, "POST", "/auth/login", {
    json: { username, password },
  });
  assert.equal(login.status, 200, login.text);
  return { username, token: login.body.access_token };
}
