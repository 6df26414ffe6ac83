import assert from "node:assert/strict";
import fc from "fast-check";
import {
  amountSchema,
  dateOfBirthSchema,
  emailSchema,
  firstNameSchema,
  passwordSchema,
  phoneSchema,
  usernameSchema,
} from "./validation.ts";

const ok = (s: { safeParse: (v: unknown) => { success: boolean } }, v: unknown) =>
  assert.ok(s.safeParse(v).success, `expected ok: ${JSON.stringify(v)}`);
const bad = (s: { safeParse: (v: unknown) => { success: boolean } }, v: unknown) =>
  assert.ok(!s.safeParse(v).success, `expected reject: ${JSON.stringify(v)}`);

Deno.test("username: 6-30 of [A-Za-z0-9_], lower-cased, scripts rejected", () => {
  assert.equal(usernameSchema.parse("John_Doe1"), "john_doe1");
  for (const v of ["abc", "a".repeat(31), "test-user@123", "<script>alert(1)</script>", "", 12345678]) {
    bad(usernameSchema, v);
  }
});

Deno.test("password: reference rules (length, classes, special set)", () => {
  ok(passwordSchema, "TestPassword123!");
  for (
    const v of [
      "Short1!",
      "VeryLongPassword123!Extra",
      "lowercase123!",
      "UPPERCASE123!",
      "PasswordOnly!",
      "Password123",
    ]
  ) {
    bad(passwordSchema, v);
  }
});

Deno.test("email, names, phone, date of birth", () => {
  assert.equal(emailSchema.parse("John@Example.COM"), "john@example.com");
  bad(emailSchema, "invalid-email");
  bad(emailSchema, "<script>alert(1)</script>@example.com");
  assert.equal(firstNameSchema.parse("  mary-jane o'neil "), "Mary-Jane O'Neil");
  for (const v of ["", "   ", "A".repeat(51), "John@123", "Test123", "<script>x</script>"]) {
    bad(firstNameSchema, v);
  }
  assert.equal(phoneSchema.parse("+1 (555) 123-4567"), "15551234567");
  assert.equal(phoneSchema.parse(""), "");
  for (const v of ["123", "123456789", "1234567890123456", "1".repeat(20)]) bad(phoneSchema, v);
  ok(dateOfBirthSchema, "1990-01-01");
  const nextYear = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
  for (const v of ["2020-01-01", "2030-01-01", nextYear, "1990/01/01", "1990-02-30", "1890-01-01"]) {
    bad(dateOfBirthSchema, v);
  }
});

Deno.test("amount: > 0, <= 1,000,000, at most 2 decimals, numbers or numeric strings", () => {
  assert.equal(amountSchema.parse(100.1).toFixed(2), "100.10");
  assert.equal(amountSchema.parse("1000000").toFixed(0), "1000000");
  for (const v of [-50, 0, 999999999.99, 1000000.01, 1.005, "abc", null, true, Number.NaN, "1e400"]) {
    bad(amountSchema, v);
  }
});

Deno.test("amount (property): every whole-cent value in range is accepted exactly", () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 100_000_000 }), (cents) => {
    const text = (cents / 100).toFixed(2);
    assert.equal(amountSchema.parse(Number(text)).toFixed(2), text);
  }));
});

Deno.test("username (property): valid names always normalise to lower case, never throw", () => {
  fc.assert(fc.property(fc.stringMatching(/^[a-zA-Z0-9_]{6,30}$/), (name) => {
    assert.equal(usernameSchema.parse(name), name.toLowerCase());
  }));
  fc.assert(fc.property(fc.string({ maxLength: 40 }), (anything) => {
    usernameSchema.safeParse(anything); // must not throw for any input
  }));
});
