// Registration and login (docs/compatibility.md), with our fixes:
// every field persisted, atomic username/email claims, unknown user → 401 like a wrong password.
import assert from "node:assert/strict";
import { API, assertProblem, call, createUser, PASSWORD, uniqueName } from "../helpers.ts";

const valid = () => {
  const username = uniqueName("reg");
  return {
    username,
    email: `${username}@example.com`,
    password: PASSWORD,
    first_name: "Integration",
    last_name: "Test",
  };
};

Deno.test("register: full and minimal registrations → 201 and every field is persisted", async () => {
  const minimal = valid();
  const r1 = await call(API, "POST", "/auth/register", { json: minimal });
  assert.equal(r1.status, 201, r1.text);
  assert.deepEqual(r1.body, { message: "User registered successfully" });

  const full = {
    ...valid(),
    phone: "+1 (555) 123-4567",
    date_of_birth: "1990-05-17",
    marketing_emails_consent: true,
    first_name: "mary-jane",
  };
  full.username = full.username.toUpperCase().replace("REG_", "Reg_");
  assert.equal((await call(API, "POST", "/auth/register", { json: full })).status, 201);
  const login = await call<{ access_token: string }>(API, "POST", "/auth/login", {
    json: { username: full.username, password: PASSWORD },
  });
  const profile = await call(API, "GET", "/auth/profile", { token: login.body.access_token });
  assert.equal(profile.status, 200);
  assert.equal(profile.body.username, full.username.toLowerCase());
  assert.equal(profile.body.phone, "15551234567");
  assert.equal(profile.body.date_of_birth, "1990-05-17");
  assert.equal(profile.body.marketing_emails_consent, true);
  assert.equal(profile.body.first_name, "Mary-Jane");
  assert.equal(profile.body.role, "customer");
});

Deno.test("register: duplicate username or email → 409 problem naming which", async () => {
  const u = valid();
  assert.equal((await call(API, "POST", "/auth/register", { json: u })).status, 201);
  const sameName = await call(API, "POST", "/auth/register", {
    json: { ...valid(), username: u.username.toUpperCase() },
  });
  assertProblem(sameName, 409, "USERNAME_TAKEN");
  const sameEmail = await call(API, "POST", "/auth/register", {
    json: { ...valid(), email: u.email.toUpperCase() },
  });
  assertProblem(sameEmail, 409, "EMAIL_TAKEN");
});

Deno.test("register: concurrent registrations of one name → exactly one 201, the rest 409", async () => {
  const base = valid();
  const results = await Promise.all(
    Array.from(
      { length: 10 },
      (_, i) => call(API, "POST", "/auth/register", { json: { ...base, email: `c${i}_${base.email}` } }),
    ),
  );
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(
    statuses,
    [201, 409, 409, 409, 409, 409, 409, 409, 409, 409],
    results.map((r) => r.text).join("\n"),
  );
  // ...and concurrent claims of one email under different names behave the same way.
  const email = `${uniqueName("mail")}@example.com`;
  const byEmail = await Promise.all(
    Array.from({ length: 5 }, () => call(API, "POST", "/auth/register", { json: { ...valid(), email } })),
  );
  assert.deepEqual(byEmail.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
});

Deno.test("register: every invalid input from the reference → 422 problem naming the field", async () => {
  const cases: [string, Record<string, unknown>][] = [
    ["username", { username: "abc" }],
    ["username", { username: "a".repeat(31) }],
    ["username", { username: "test-user@123" }],
    ["username", { username: "<script>alert('x')</script>" }],
    ["email", { email: "invalid-email" }],
    ["email", { email: "<script>alert('x')</script>@example.com" }],
    ["password", { password: "Short1!" }],
    ["password", { password: "VeryLongPassword123!Extra" }],
    ["password", { password: "lowercase123!" }],
    ["password", { password: "UPPERCASE123!" }],
    ["password", { password: "PasswordOnly!" }],
    ["password", { password: "Password123" }],
    ["first_name", { first_name: "Test123" }],
    ["first_name", { first_name: "<script>alert('x')</script>" }],
    ["last_name", { last_name: "" }],
    ["phone", { phone: "123" }],
    ["phone", { phone: "1".repeat(20) }],
    ["date_of_birth", { date_of_birth: "2020-01-01" }],
    ["date_of_birth", { date_of_birth: "2030-01-01" }],
    ["date_of_birth", { date_of_birth: "1990/01/01" }],
    ["marketing_emails_consent", { marketing_emails_consent: "yes" }],
    ...(["username", "email", "password", "first_name", "last_name"] as const).map((f) =>
      [f, { [f]: undefined }] as [string, Record<string, unknown>]
    ),
  ];
  for (const [field, change] of cases) {
    const body = { ...valid(), ...change };
    const res = await call(API, "POST", "/auth/register", { json: body });
    assertProblem(res, 422, "VALIDATION_ERROR");
    const errors = (res.body as { errors: { field: string }[] }).errors;
    assert.ok(errors.some((e) => e.field === field), `${JSON.stringify(change)} → ${res.text}`);
  }
  for (const raw of ["{not json", "[]", "null", '"text"']) {
    const res = await call(API, "POST", "/auth/register", { raw });
    assert.ok(res.status === 400 || res.status === 422, `${raw} → ${res.status}`);
  }
});

Deno.test("login: token shape; case-insensitive username; unknown user and wrong password answer alike", async () => {
  const { username } = await createUser(API);
  const ok = await call(API, "POST", "/auth/login", {
    json: { username: username.toUpperCase(), password: PASSWORD },
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.token_type, "bearer");
  assert.equal(ok.body.expires_in, 3600);
  assert.equal(typeof ok.body.access_token, "string");

  const wrong = await call(API, "POST", "/auth/login", { json: { username, password: "WrongPassword1!" } });
  const unknown = await call(API, "POST", "/auth/login", {
    json: { username: uniqueName("nobody"), password: "WrongPassword1!" },
  });
  assertProblem(wrong, 401, "INVALID_CREDENTIALS");
  assertProblem(unknown, 401, "INVALID_CREDENTIALS");
  const strip = (b: unknown) => ({ ...(b as object), request_id: undefined });
  assert.deepEqual(strip(wrong.body), strip(unknown.body));

  assertProblem(
    await call(API, "POST", "/auth/login", { json: { username: "abc", password: PASSWORD } }),
    422,
  );
  assertProblem(await call(API, "POST", "/auth/login", { json: { username, password: "Short1!" } }), 422);
  assertProblem(await call(API, "POST", "/auth/login", { json: {} }), 422);
});
