// Seed a demo customer (funded, with some trading history) and a demo admin into the LOCAL stack,
// then print their credentials. Run by `./scripts/deploy.sh --demo`. The passwords are fixed and
// public, so this refuses anything but a local/test environment reached on loopback.
// Re-running is safe: existing demo users are kept as they are (credentials printed again).
import { z } from "zod";
import { createApiClient } from "../client/mod.ts";
import { baseConfigShape, loadConfig, loadConfigOrExit } from "../services/common/config.ts";
import { createDocClient } from "../services/common/dynamo.ts";
import { setRole } from "../services/user/store/users.ts";

export const DEMO_CUSTOMER = { username: "demo_customer", password: "DemoCustomer123!" };
export const DEMO_ADMIN = { username: "demo_admin", password: "DemoAdmin123!!" };

const gateway = Deno.env.get("GATEWAY_URL") ?? "http://127.0.0.1:8080";
const environment = Deno.env.get("ENVIRONMENT") ?? "local";
if (!["local", "test"].includes(environment) || !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(gateway)) {
  console.error(
    `demo: refusing to seed demo users into ENVIRONMENT=${environment} at ${gateway} (local only)`,
  );
  Deno.exit(2);
}
const api = createApiClient({ baseUrl: gateway });

function fail(step: string, error: unknown): never {
  console.error(`demo: ${step} failed: ${JSON.stringify(error)}`);
  Deno.exit(1);
}

/** Register (or find) a user; true when it was created now. */
async function ensureUser(u: { username: string; password: string }, first: string): Promise<boolean> {
  const r = await api.POST("/api/v1/auth/register", {
    body: { ...u, email: `${u.username}@example.com`, first_name: first, last_name: "Demo" },
  });
  if (r.response.status === 201) return true;
  if (r.error?.code === "USERNAME_TAKEN") return false;
  fail(`register ${u.username}`, r.error);
}

async function tokenFor(u: { username: string; password: string }): Promise<string> {
  const r = await api.POST("/api/v1/auth/login", { body: u });
  return r.data?.access_token ?? fail(`login ${u.username}`, r.error);
}

async function seedHistory(token: string) {
  const as = createApiClient({ baseUrl: gateway, token });
  const steps = [
    () => as.POST("/api/v1/balance/deposit", { body: { amount: 10000 } }),
    () => as.POST("/api/v1/orders", { body: { order_type: "market_buy", asset_id: "BTC", quantity: 0.05 } }),
    () => as.POST("/api/v1/orders", { body: { order_type: "market_buy", asset_id: "ETH", quantity: 0.5 } }),
    () => as.POST("/api/v1/orders", { body: { order_type: "market_sell", asset_id: "BTC", quantity: 0.01 } }),
    () => as.POST("/api/v1/balance/withdraw", { body: { amount: 250 } }),
  ];
  for (const [i, step] of steps.entries()) {
    const r = await step();
    if (r.error) fail(`history step ${i + 1}`, r.error);
  }
}

const customerIsNew = await ensureUser(DEMO_CUSTOMER, "Dana");
if (customerIsNew) await seedHistory(await tokenFor(DEMO_CUSTOMER));
await ensureUser(DEMO_ADMIN, "Adam");
// The role lives in the user record and is never accepted from a request: set it in the table.
const { JWT_SECRET: _unused, ...shape } = baseConfigShape;
const cfg = loadConfigOrExit("demo", () => loadConfig({ ...shape, JWT_SECRET: z.string().optional() }));
await setRole(createDocClient(cfg), cfg.TABLE_NAME, DEMO_ADMIN.username, "admin");
await tokenFor(DEMO_ADMIN); // proves the credentials work before printing them

console.log(`
Demo users (LOCAL USE ONLY — fixed public passwords; never seed them anywhere else)
  customer  ${DEMO_CUSTOMER.username} / ${DEMO_CUSTOMER.password}   ${
  customerIsNew ? "funded 10,000 USD, 3 orders, 1 withdrawal" : "already seeded earlier (kept as is)"
}
  admin     ${DEMO_ADMIN.username} / ${DEMO_ADMIN.password}   role admin (asset prices, activation)
  Log in:   curl -s -X POST ${gateway}/api/v1/auth/login -H 'Content-Type: application/json' \\
              -d '{"username":"${DEMO_CUSTOMER.username}","password":"${DEMO_CUSTOMER.password}"}'
`);
