// Every main page at desktop and phone width (two Playwright projects): it renders without
// error, is screenshotted as a test artifact (test-results/screenshots/<project>/), and axe-core
// finds no serious or critical accessibility violation on it.
import { expect, test } from "@playwright/test";
import { apiCall, expectAccessible, loginToken, makeAdmin, registerUser, screenshot, settled, useSession } from "./support";

interface Account {
  username: string;
  token: string;
}
let trader: Account;
let admin: Account;


test.beforeAll(async ({ request }) => {
  // A trader with cash, two holdings and a few ledger entries, so the pages have data to show.
  const username = await registerUser(request, "pages");
  const { token } = await loginToken(request, username);
  expect((await apiCall(request, "POST", "/balance/deposit", { token, body: { amount: 9000 } })).status).toBe(201);
  for (const [asset_id, quantity] of [["BTC", 0.1], ["ETH", 1], ["SOL", 5]] as const) {
    const r = await apiCall(request, "POST", "/orders", { token, body: { order_type: "market_buy", asset_id, quantity } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  expect((await apiCall(request, "POST", "/balance/withdraw", { token, body: { amount: 50.25 } })).status).toBe(201);
  trader = { username, token };

  const adminName = await registerUser(request, "padmin");
  makeAdmin(adminName);
  admin = { username: adminName, token: (await loginToken(request, adminName)).token };
});

const PUBLIC_PAGES: [name: string, path: string, heading: RegExp][] = [
  ["landing", "/", /Trade digital assets/],
  ["market", "/market", /^Market$/],
  ["asset-btc", "/market/BTC", /Bitcoin \(BTC\)/],
  ["login", "/login", /Log in/],
  ["register", "/register", /Create an account/],
  ["not-found", "/no-such-page", /Page not found/],
];

const TRADER_PAGES: [name: string, path: string, heading: RegExp][] = [
  ["trade", "/trade?asset=BTC", /Trade/],
  ["orders", "/orders?view=all", /Orders/],
  ["orders-open", "/orders", /Orders/],
  ["portfolio", "/portfolio?asset=BTC", /Portfolio/],
  ["account", "/account", /Account/],
  ["profile", "/profile", /Profile/],
];

const ADMIN_PAGES: [name: string, path: string, heading: RegExp][] = [
  ["admin-assets", "/admin/assets", /Admin: assets/],
  ["admin-dead-letters", "/admin/dead-letters", /Admin: dead letters/],
];

for (const [name, path, heading] of PUBLIC_PAGES) {
  test(`public page ${name}`, async ({ page }, info) => {
    await page.goto(path);
    await settled(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    if (name === "asset-btc") await expect(page.getByTestId("price-chart").locator("canvas").first()).toBeVisible();
    if (name === "landing") await expect(page.getByRole("list", { name: "Top assets by market cap" }).getByRole("listitem")).toHaveCount(6);
    await screenshot(page, info, name);
    await expectAccessible(page, name);
  });
}

for (const [name, path, heading] of TRADER_PAGES) {
  test(`trader page ${name}`, async ({ page }, info) => {
    await useSession(page, trader.username, trader.token);
    await page.goto(path);
    await settled(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    if (name === "trade") {
      await page.getByLabel("Quantity").fill("0.003");
      await expect(page.getByTestId("preview-total")).toHaveText("$150.00");
      await expect(page.getByRole("button", { name: "Review buy order" })).toBeEnabled();
    }
    if (name === "portfolio") {
      await expect(page.getByTestId("holding-BTC")).toBeVisible();
      await expect(page.getByRole("region", { name: "BTC transactions table" })).toContainText("BUY");
    }
    if (name === "orders") await expect(page.getByRole("region", { name: "Orders table" })).toContainText("Market buy");
    if (name === "account") await expect(page.getByRole("region", { name: "Balance history table" })).toContainText("Withdrawal");
    if (name === "profile") await expect(page.getByLabel("Email", { exact: true })).toHaveValue(`${trader.username}@example.com`);
    await screenshot(page, info, name);
    await expectAccessible(page, name);
  });
}

for (const [name, path, heading] of ADMIN_PAGES) {
  test(`admin page ${name}`, async ({ page }, info) => {
    await useSession(page, admin.username, admin.token);
    await page.goto(path);
    await settled(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    if (name === "admin-assets") await expect(page.getByTestId("admin-asset-BTC")).toBeVisible();
    await screenshot(page, info, name);
    await expectAccessible(page, name);
  });
}

test("phone-width navigation menu and the trade confirmation dialog", async ({ page }, info) => {
  await useSession(page, trader.username, trader.token);
  await page.goto("/trade?asset=ETH");
  await settled(page);
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) {
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await menu.click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await screenshot(page, info, "menu-open");
    await menu.click();
  }
  await page.getByLabel("Quantity").fill("0.05");
  await page.getByRole("button", { name: "Review buy order" }).click();
  await expect(page.getByRole("dialog", { name: "Confirm market buy" })).toBeVisible();
  await screenshot(page, info, "trade-confirm");
  await expectAccessible(page, "trade confirmation dialog");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
});
