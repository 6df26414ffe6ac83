// Field rules shared by every service, matching the upstream API (docs/compatibility.md) exactly.
// Each schema validates and normalises in one step so handlers receive clean values.
import { z } from "@hono/zod-openapi";
import { Big, decimalPlaces } from "./money.ts";
import type { FieldError } from "./errors.ts";

// Case-insensitive markers of HTML/script injection, rejected anywhere in text input.
const SUSPICIOUS = [
  "<script",
  "javascript:",
  "vbscript:",
  "data:",
  "<iframe",
  "<object",
  "<embed",
  "<form",
  "<input",
  "<textarea",
  "<select",
  "<button",
  "<link",
  "<meta",
  "<style",
  "<base",
  "<applet",
  "<frame",
  "<frameset",
  "<img",
  "<svg",
  "<body",
  "<html",
  "<audio",
  "<video",
  "<source",
  "<track",
  "<canvas",
  "<map",
  "<area",
  "<noscript",
  "<wbr",
];

export const isSuspicious = (v: string): boolean => {
  const lower = v.toLowerCase();
  return SUSPICIOUS.some((s) => lower.includes(s));
};

const stripTags = (v: string) => v.replace(/<[^>]*>/g, "").trim();

type Ctx = z.core.$RefinementCtx<string>;
const fail = (ctx: Ctx, message: string) => {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
};

export const usernameSchema = z.string().min(6, "Username must be 6-30 characters").max(
  30,
  "Username must be 6-30 characters",
).transform((v, ctx) => {
  if (isSuspicious(v)) return fail(ctx, "Username contains potentially malicious content");
  const s = stripTags(v);
  if (!/^[a-zA-Z0-9_]{6,30}$/.test(s)) {
    return fail(ctx, "Username must be 6-30 characters and contain only letters, numbers and underscores");
  }
  return s.toLowerCase();
}).openapi({ type: "string", example: "john_doe", minLength: 6, maxLength: 30, pattern: "^[a-zA-Z0-9_]+$" });

export const passwordSchema = z.string().min(12, "Password must be 12-20 characters").max(
  20,
  "Password must be 12-20 characters",
).transform((v, ctx) => {
  if (isSuspicious(v)) return fail(ctx, "Password contains potentially malicious content");
  const s = v.trim();
  if (s.length < 12 || s.length > 20) return fail(ctx, "Password must be 12-20 characters");
  if (!/[A-Z]/.test(s)) return fail(ctx, "Password must contain at least one uppercase letter");
  if (!/[a-z]/.test(s)) return fail(ctx, "Password must contain at least one lowercase letter");
  if (!/[0-9]/.test(s)) return fail(ctx, "Password must contain at least one digit");
  if (!/[!@#$%^&*()\-_=+]/.test(s)) {
    return fail(ctx, "Password must contain at least one special character (!@#$%^&*()-_=+)");
  }
  return s;
}).openapi({
  type: "string",
  format: "password",
  example: "SecurePass123!",
  minLength: 12,
  maxLength: 20,
  // All four classes required, in any order (lookaheads), from the same set the check uses.
  pattern: "^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[!@#$%^&*()\\-_=+]).{12,20}$",
  description: "12-20 characters with at least one upper-case letter, one lower-case letter, one digit " +
    "and one special character of !@#$%^&*()-_=+",
});

export const emailSchema = z.string().max(254, "Email must be at most 254 characters").transform((v, ctx) => {
  if (isSuspicious(v)) return fail(ctx, "Email contains potentially malicious content");
  const s = v.trim();
  if (!/^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/.test(s)) return fail(ctx, "Invalid email format");
  return s.toLowerCase();
}).openapi({ type: "string", format: "email", example: "john@example.com" });

// Python's str.title(): upper-case a letter that follows a non-letter, lower-case the rest.
const titleCase = (v: string) =>
  v.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_, a, b) => a + b.toUpperCase());

const nameSchema = (label: string) =>
  z.string().min(1, `${label} is required`).max(50, `${label} must be at most 50 characters`).transform(
    (v, ctx) => {
      if (isSuspicious(v)) return fail(ctx, `${label} contains potentially malicious content`);
      const s = v.trim();
      if (!s) return fail(ctx, `${label} cannot be empty`);
      if (!/^[a-zA-Z\s'-]+$/.test(s)) {
        return fail(ctx, `${label} can only contain letters, spaces, apostrophes and hyphens`);
      }
      return titleCase(s);
    },
  ).openapi({ type: "string", minLength: 1, maxLength: 50, example: "John" });

export const firstNameSchema = nameSchema("First name");
export const lastNameSchema = nameSchema("Last name");

export const phoneSchema = z.string().max(40, "Phone number is too long").transform((v, ctx) => {
  if (isSuspicious(v)) return fail(ctx, "Phone number contains potentially malicious content");
  const digits = v.replace(/\D/g, "");
  if (digits === "") return "";
  if (digits.length < 10 || digits.length > 15) return fail(ctx, "Phone number must be 10-15 digits");
  return digits;
}).openapi({ type: "string", example: "+1 (555) 123-4567" });

/** Age in whole years on `today` (UTC). */
export function ageOn(dob: Date, today = new Date()): number {
  const age = today.getUTCFullYear() - dob.getUTCFullYear();
  const beforeBirthday = today.getUTCMonth() < dob.getUTCMonth() ||
    (today.getUTCMonth() === dob.getUTCMonth() && today.getUTCDate() < dob.getUTCDate());
  return beforeBirthday ? age - 1 : age;
}

export const dateOfBirthSchema = z.string().transform((v, ctx) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim());
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    return fail(ctx, "Date of birth must be a valid date in YYYY-MM-DD format");
  }
  const age = ageOn(d);
  if (age < 13) return fail(ctx, "You must be at least 13 years old");
  if (age > 120) return fail(ctx, "Date of birth is not plausible (age over 120)");
  return m[0];
}).openapi({ type: "string", format: "date", example: "1990-05-17" });

/** A positive decimal given as a JSON number or numeric string, bounded and with limited decimals. */
export function decimalSchema(opts: { label: string; max: string; maxDp: number; min?: string }) {
  return z.union([z.number(), z.string()], { error: `${opts.label} must be a number` }).transform(
    (v, ctx) => {
      const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v.trim();
      if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) {
        return fail(ctx as Ctx, `${opts.label} must be a number`);
      }
      const n = new Big(text);
      if (n.lte(0)) return fail(ctx as Ctx, `${opts.label} must be greater than 0`);
      if (opts.min && n.lt(opts.min)) return fail(ctx as Ctx, `${opts.label} must be at least ${opts.min}`);
      if (n.gt(opts.max)) return fail(ctx as Ctx, `${opts.label} must not exceed ${opts.max}`);
      if (decimalPlaces(n) > opts.maxDp) {
        return fail(ctx as Ctx, `${opts.label} must have at most ${opts.maxDp} decimal places`);
      }
      return n;
    },
  ).openapi({
    type: "number",
    example: 100,
    exclusiveMinimum: 0,
    ...(opts.min ? { minimum: Number(opts.min) } : {}),
    maximum: Number(opts.max),
    description: `> 0${opts.min ? ` and ≥ ${opts.min}` : ""}, ≤ ${opts.max}, at most ${opts.maxDp} ` +
      "decimal places; a numeric string is accepted too",
    "x-max-decimal-places": opts.maxDp,
  });
}

export const amountSchema = decimalSchema({ label: "Amount", max: "1000000", maxDp: 2 });

/** zod issues → field errors ("Field required" for missing keys, as FastAPI said it). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((i) => {
    const field = i.path.map(String).join(".");
    const missing = i.code === "invalid_type" && /received undefined/.test(i.message);
    return { field, message: missing ? "Field required" : i.message };
  });
}
