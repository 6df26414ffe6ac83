// Profile read/update and logout (docs/compatibility.md).
import assert from "node:assert/strict";
import { API, assertProblem, call, createUser, uniqueName } from "../helpers.ts";

Deno.test("profile: GET returns the registered fields", async () => {
  const u = await createUser(API);
  const res = await call(API, "GET", "/auth/profile", { token: u.token });
  assert.equal(res.status, 200);
  assert.equal(res.body.username, u.username);
  assert.equal(res.body.email, `${u.username}@example.com`);
  assert.equal(res.body.first_name, "Integration");
  assert.equal(res.body.last_name, "Test");
  for (const k of ["created_at", "updated_at"]) assert.equal(typeof res.body[k], "string");
  assert.equal(res.body.password_hash, undefined, "never exposes the hash");
});

Deno.test("profile: full and partial updates are persisted; email stays unique", async () => {
  const u = await createUser(API);
  const email = `${uniqueName("upd")}@example.com`;
  const full = await call(API, "PUT", "/auth/profile", {
    token: u.token,
    json: {
      first_name: "Updated",
      last_name: "Profile",
      email,
      phone: "5551234567",
      date_of_birth: "1985-12-31",
    },
  });
  assert.equal(full.status, 200, full.text);
  assert.equal(full.body.message, "Profile updated successfully");
  const again = await call(API, "GET", "/auth/profile", { token: u.token });
  assert.equal(again.body.first_name, "Updated");
  assert.equal(again.body.last_name, "Profile");
  assert.equal(again.body.email, email);
  assert.equal(again.body.date_of_birth, "1985-12-31");

  const partial = await call(API, "PUT", "/auth/profile", {
    token: u.token,
    json: { first_name: "Partial" },
  });
  assert.equal(partial.status, 200);
  const after = await call(API, "GET", "/auth/profile", { token: u.token });
  assert.equal(after.body.first_name, "Partial");
  assert.equal(after.body.last_name, "Profile");

  // The old email is free again; the new one is taken.
  const other = await createUser(API);
  assertProblem(
    await call(API, "PUT", "/auth/profile", { token: other.token, json: { email } }),
    409,
    "EMAIL_TAKEN",
  );
  const freed = await call(API, "PUT", "/auth/profile", {
    token: other.token,
    json: { email: `${u.username}@example.com` },
  });
  assert.equal(freed.status, 200, freed.text);
});

Deno.test("profile: every invalid update from the reference → 422 naming the field", async () => {
  const u = await createUser(API);
  const tomorrowNextYear = new Date(Date.now() + 366 * 86400_000).toISOString().slice(0, 10);
  const cases: [string, Record<string, unknown>][] = [
    ["first_name", { first_name: "" }],
    ["first_name", { first_name: "   " }],
    ["first_name", { first_name: "A".repeat(51) }],
    ["first_name", { first_name: "John@123" }],
    ["last_name", { last_name: "B".repeat(51) }],
    ["email", { email: "invalid-email" }],
    ["phone", { phone: "123456789" }],
    ["phone", { phone: "1234567890123456" }],
    ["date_of_birth", { date_of_birth: tomorrowNextYear }],
    ["date_of_birth", { date_of_birth: "1990/01/01" }],
  ];
  for (const [field, json] of cases) {
    const res = await call(API, "PUT", "/auth/profile", { token: u.token, json });
    assertProblem(res, 422, "VALIDATION_ERROR");
    assert.ok((res.body as { errors: { field: string }[] }).errors.some((e) => e.field === field), res.text);
  }
  const unchanged = await call(API, "GET", "/auth/profile", { token: u.token });
  assert.equal(unchanged.body.first_name, "Integration");
});

Deno.test("logout: needs a JSON body (422 without), then the token is revoked (401)", async () => {
  const u = await createUser(API);
  assertProblem(await call(API, "POST", "/auth/logout", { token: u.token }), 422);
  const out = await call(API, "POST", "/auth/logout", { token: u.token, json: { access_token: u.token } });
  assert.equal(out.status, 200);
  assert.equal(out.body.message, "Logged out successfully");
  assertProblem(await call(API, "GET", "/auth/profile", { token: u.token }), 401, "AUTH_INVALID_TOKEN");
});

Deno.test("auth: protected routes → 401 without a token, with a bad token or a malformed header", async () => {
  const routes: [string, string, unknown?][] = [
    ["GET", "/auth/profile"],
    ["PUT", "/auth/profile", {}],
    ["POST", "/auth/logout", {}],
    ["GET", "/balance"],
    ["POST", "/balance/deposit", {}],
    ["POST", "/balance/withdraw", {}],
    ["GET", "/balance/transactions"],
  ];
  for (const [method, path, json] of routes) {
    assertProblem(await call(API, method, path, { json }), 401);
    assertProblem(await call(API, method, path, { json, token: "invalid_token_12345" }), 401);
  }
  for (const header of ["InvalidScheme token123", "Bearer", "token_without_bearer", "Bearer  two  spaces"]) {
    assertProblem(await call(API, "GET", "/auth/profile", { headers: { Authorization: header } }), 401);
  }
  const res = await call(API, "GET", "/balance");
  assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
});
