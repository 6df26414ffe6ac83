// The trader's journey through the real stack, in the browser, as a person would do it:
// register → login → deposit → market buy → portfolio shows the holding → two limit buys → an admin
// moves the price through the API → a toast says the first filled and it shows filled without a
// reload → cancel the other → withdraw → profile → logout, then a revoked token sends the user back
// to login with a message. Separate tests: market browsing, admin pages, access control.
import { expect, test } from "@playwright/test";
import { apiCall, loginToken, makeAdmin, PASSWORD, registerUser, settled, uniqueName } from "./support";


test("register → login → deposit → buy → portfolio → limit orders fill and cancel → withdraw → logout", async ({ page }) => {
  const username = uniqueName("flow");

  // Register, first with a weak password: the API's message appears under the password field.
  await page.goto("/register");
  await settled(page);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email", { exact: true }).fill(`${username}@example.com`);
  await page.getByLabel("First name").fill("Flow");
  await page.getByLabel("Last name").fill("Tester");
  await page.getByLabel("Password", { exact: true }).fill("weakpassword");
  await page.getByLabel("Confirm password").fill("weakpassword");
  await page.getByLabel("Phone").fill("+1 555 010 2030");
  await page.getByLabel("Date of birth").fill("1990-05-17");
  await page.getByRole("button", { name: "Create account" }).click();
  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/Password must/);
  await password.fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  // Login (the username is carried over from registration).
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("status").filter({ hasText: "Account created" })).toBeVisible();
  await expect(page.getByLabel("Username")).toHaveValue(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/portfolio$/);
  await expect(page.getByRole("heading", { level: 1, name: "Portfolio" })).toBeFocused();

  // Deposit $6,000.00 on the account page; the daily limit is shown beside the field.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
  await settled(page);
  await expect(page.getByLabel(/Amount to deposit/)).toHaveAccessibleDescription(/Daily deposit limit \$10,000\.00/);
  await page.getByLabel(/Amount to deposit/).fill("6000");
  await page.getByRole("button", { name: "Deposit", exact: true }).click();
  await expect(page.getByTestId("balance-available")).toHaveText("$6,000.00");
  await expect(page.getByRole("region", { name: "Balance history table" })).toContainText("Deposit");
  // Over the daily limit: the API's sentence is shown.
  await page.getByLabel(/Amount to deposit/).fill("5000");
  await page.getByRole("button", { name: "Deposit", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText(/Daily deposit limit exceeded/);

  // Market buy 0.1 BTC ($50,000 seed price) with preview and confirmation.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trade" }).click();
  await settled(page);
  await page.getByLabel("Asset").selectOption("BTC");
  await page.getByLabel("Quantity").fill("0.3");
  await expect(page.getByTestId("cap-warning")).toContainText("exceeds the maximum of $10,000.00");
  await expect(page.getByRole("button", { name: "Review buy order" })).toBeDisabled();
  await page.getByLabel("Quantity").fill("0.1");
  await expect(page.getByTestId("preview-total")).toHaveText("$5,000.00");
  await expect(page.getByTestId("preview-cash-after")).toHaveText("$1,000.00");
  await expect(page.getByTestId("preview-quantity-after")).toHaveText("0.1");
  await page.getByRole("button", { name: "Review buy order" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm market buy" });
  await expect(dialog.getByTestId("confirm-total")).toHaveText("$5,000.00");
  await dialog.getByRole("button", { name: "Place buy order" }).click();
  await expect(page.getByTestId("order-outcome")).toContainText("Order completed");
  await expect(page.getByTestId("trade-balances")).toContainText("$1,000.00");

  // Portfolio shows the holding and the total value (cash + BTC at the current price).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" }).click();
  await settled(page);
  await expect(page.getByTestId("holding-BTC")).toContainText("0.1");
  await expect(page.getByTestId("holding-BTC")).toContainText("$5,000.00");
  await expect(page.getByTestId("portfolio-total")).toHaveText("$6,000.00");
  await page.getByTestId("holding-BTC").getByRole("button", { name: "History" }).click();
  await expect(page.getByRole("region", { name: "BTC transactions table" })).toContainText("BUY");

  // Two limit buys of ETH (market $3,000): each holds quantity × limit until it fills or is cancelled.
  const orderIds: string[] = [];
  for (const limit of ["2900", "2000"]) {
    await page.goto("/trade?asset=ETH&side=buy");
    await settled(page);
    await page.getByText("Limit", { exact: true }).click();
    await page.getByLabel("Quantity").fill("0.1");
    await page.getByLabel(/Limit price/).fill(limit);
    await expect(page.getByTestId("preview-total")).toHaveText(limit === "2900" ? "$290.00" : "$200.00");
    await page.getByRole("button", { name: "Review buy order" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Place buy order" }).click();
    await expect(page.getByTestId("order-outcome")).toContainText("Order pending");
    orderIds.push((await page.getByTestId("order-outcome").locator("code").textContent())!);
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
  await settled(page);
  await expect(page.getByTestId("balance-held")).toHaveText("$490.00");
  await expect(page.getByTestId("balance-available")).toHaveText("$510.00");

  // Open orders lists both. An admin moves the ETH price through the API to $2,850: the $2,900
  // limit fills (at the market price), a toast says so and the row changes — without a reload.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
  await settled(page);
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeFocused();
  for (const id of orderIds) await expect(page.getByTestId(`order-${id}`)).toContainText("pending");
  const admin = await registerUser(page.request, "mover");
  makeAdmin(admin);
  const adminToken = (await loginToken(page.request, admin)).token;
  const moved = await apiCall(page.request, "PUT", "/admin/inventory/assets/ETH/price", { token: adminToken, body: { price_usd: 2850 } });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  try {
    // Upper bound for a loaded machine; the worker fills within its sweep period.
    await expect(page.getByTestId("toast").filter({ hasText: "Buy 0.1 ETH filled at $2,850.00" })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId(`order-${orderIds[0]}`)).toHaveCount(0); // left the open list
    await page.getByRole("button", { name: "All orders" }).click();
    await expect(page.getByTestId(`order-${orderIds[0]}`)).toContainText("filled");
    await expect(page.getByTestId(`order-${orderIds[0]}`)).toContainText("$2,850.00");
    await expect(page.getByRole("region", { name: "Orders table" })).toContainText("Market buy");

    // Cancel the other one: it is released and leaves the open list.
    await page.getByRole("button", { name: "Open orders" }).click();
    await page.getByTestId(`order-${orderIds[1]}`).getByRole("button", { name: /Cancel order/ }).click();
    await page.getByRole("dialog", { name: "Cancel this order?" }).getByRole("button", { name: "Cancel order" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Order for 0.1 ETH cancelled" })).toBeVisible();
    await expect(page.getByText("You have no open orders")).toBeVisible();
  } finally {
    await apiCall(page.request, "PUT", "/admin/inventory/assets/ETH/price", { token: adminToken, body: { price_usd: 3000 } });
  }

  // Withdraw $400.00: $1,000.00 − $285.00 (the fill) − $400.00 = $315.00 available, nothing held.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
  await settled(page);
  await expect(page.getByTestId("balance-held")).toHaveText("$0.00");
  await expect(page.getByTestId("balance-available")).toHaveText("$715.00");
  await page.getByLabel(/Amount to withdraw/).fill("400");
  await page.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(page.getByTestId("balance-available")).toHaveText("$315.00");
  await expect(page.getByRole("region", { name: "Balance history table" })).toContainText("Withdrawal");
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("op.session")!).token as string);

  // Profile edit: a bad phone is reported next to the phone field, a good change is saved.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profile" }).click();
  await settled(page);
  await page.getByLabel("Phone").fill("123");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Phone")).toHaveAccessibleDescription(/10-15 digits/);
  await page.getByLabel("Phone").fill("+44 20 7946 0958");
  await page.getByLabel("First name").fill("Florence");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Profile updated successfully" })).toBeVisible();
  await expect(page.getByLabel("Phone")).toHaveValue("442079460958");

  // Logout revokes the token at the API.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("You have been logged out.")).toBeVisible();
  const after = await apiCall(page.request, "GET", "/balance", { token });
  expect(after.status).toBe(401);

  // A stale (revoked) token in storage: the first API call answers 401 → login with a message.
  await page.evaluate((t) => {
    localStorage.setItem("op.session", JSON.stringify({ token: t, username: "x", expiresAt: Date.now() + 3_600_000 }));
  }, token);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("status").filter({ hasText: /session (was ended|has expired)/ })).toBeVisible();
});

test("protected pages send a visitor to login, then back", async ({ page, request }) => {
  const username = await registerUser(request, "back");
  await page.goto("/portfolio");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("Please log in to see that page.")).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/portfolio$/);
  await expect(page.getByText("Deposit funds to get started.")).toBeVisible();
});

test("market: search, sort, paging and the asset page with its price chart", async ({ page }) => {
  await page.goto("/market");
  await settled(page);
  const table = page.getByRole("region", { name: "Assets table" });
  await expect(table.getByRole("row")).toHaveCount(11); // header + 10 per page
  await expect(page.getByText(/Page 1 of \d+/)).toBeVisible();
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
  await page.getByLabel("Search assets").fill("bitcoin");
  await expect(table.getByRole("row")).toHaveCount(3); // Bitcoin, Bitcoin Cash
  await page.getByLabel("Search assets").fill("ada");
  await expect(table.getByRole("row")).toHaveCount(2); // Cardano (ADA)
  await page.getByLabel("Search assets").fill("");
  await table.getByRole("button", { name: /^Price/ }).click();
  await expect(table.getByRole("columnheader", { name: /^Price/ })).toHaveAttribute("aria-sort", "ascending");
  await table.getByRole("button", { name: /^Price/ }).click();
  await expect(table.getByRole("columnheader", { name: /^Price/ })).toHaveAttribute("aria-sort", "descending");
  await expect(table.getByRole("row").nth(1)).toContainText("Bitcoin");
  await table.getByRole("link", { name: "Bitcoin", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bitcoin (BTC)" })).toBeVisible();
  await expect(page.getByTestId("price-chart").locator("canvas").first()).toBeVisible();
});

test("admin: set an asset's price and pause trading; dead letters page degrades gracefully", async ({ page, request }) => {
  const username = await registerUser(request, "admin");
  makeAdmin(username);
  const { token, expiresIn } = await loginToken(request, username); // the role is in the new token
  await page.addInitScript(([u, t, e]) => {
    localStorage.setItem("op.session", JSON.stringify({ token: t, username: u, expiresAt: Date.now() + Number(e) * 1000 }));
  }, [username, token, String(expiresIn)]);
  await page.goto("/admin/assets");
  await settled(page);
  const row = page.getByTestId("admin-asset-DOGE");
  const price = `0.1${Date.now() % 100000}`.replace(/0+$/, ""); // a new price every run
  await row.getByLabel("New price for DOGE in USD").fill(price);
  await row.getByRole("button", { name: "Set price" }).click();
  await expect(row.getByRole("cell").nth(0)).toHaveText(`$${price}`);
  await expect(row.getByLabel("New price for DOGE in USD")).toHaveValue("");
  await row.getByLabel("New price for DOGE in USD").fill("-1");
  await row.getByRole("button", { name: "Set price" }).click();
  await expect(row.getByText(/Price must be greater than 0/)).toBeVisible();
  // The public asset page shows the new price and its history point.
  const detail = await apiCall<{ data: { price_usd: number } }>(request, "GET", "/inventory/assets/DOGE");
  expect(detail.body.data.price_usd).toBe(Number(price));
  // Pause, then resume trading (the checkbox is controlled: it changes when the API answered).
  const toggle = row.getByRole("checkbox");
  if (!(await toggle.isChecked())) {
    await toggle.click();
    await expect(toggle).toBeChecked();
  }
  await toggle.click();
  await expect(row.getByText("Paused")).toBeVisible();
  expect((await apiCall<{ data: { is_active: boolean } }>(request, "GET", "/inventory/assets/DOGE")).body.data.is_active).toBe(false);
  await toggle.click();
  await expect(row.getByText("Active")).toBeVisible();

  await page.getByRole("link", { name: "Dead letters →" }).click();
  await settled(page);
  // Either the list (issue 10 landed) or the API's problem detail — never a blank page.
  await expect(page.getByRole("alert").or(page.getByText("No dead letters")).or(page.getByRole("region", { name: "Dead letters table" }))).toBeVisible();
});

test("a customer cannot open the admin pages", async ({ page, request }) => {
  const username = await registerUser(request, "cust");
  const { token } = await loginToken(request, username);
  await page.addInitScript(([u, t]) => {
    localStorage.setItem("op.session", JSON.stringify({ token: t, username: u, expiresAt: Date.now() + 3_600_000 }));
  }, [username, token]);
  await page.goto("/admin/assets");
  await expect(page.getByRole("heading", { level: 1, name: "Admins only" })).toBeVisible();
  const r = await apiCall(request, "PUT", "/admin/inventory/assets/BTC/price", { token, body: { price_usd: 1 } });
  expect(r.status).toBe(403);
});
