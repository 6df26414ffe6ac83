// /auth/*: register, login, profile, logout (docs/compatibility.md; unknown user → 401 like a wrong password).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
import { ROLES } from "../../common/jwt.ts";
import { requireJsonBody } from "../../common/body.ts";
import {
  dateOfBirthSchema,
  emailSchema,
  firstNameSchema,
  lastNameSchema,
  passwordSchema,
  phoneSchema,
  usernameSchema,
} from "../../common/validation.ts";
import type { UserDeps } from "../deps.ts";
import type { UserPorts } from "../ports.ts";
import type { UserRecord } from "../store/users.ts";
import { login, logout, profile, register, updateProfile } from "../usecases/accounts.ts";
import { bearerSecurity as security } from "../../common/openapi.ts";
import { AUTH_CODES, problems } from "../../common/openapi-errors.ts";

const json = <T extends z.ZodType>(schema: T, description: string, example?: unknown) => ({
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
  description,
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
const Message = z.object({ message: z.string() });

const RegisterBody = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
  first_name: firstNameSchema,
  last_name: lastNameSchema,
  phone: phoneSchema.nullish(),
  date_of_birth: dateOfBirthSchema.nullish(),
  marketing_emails_consent: z.boolean().default(false),
}).openapi({
  example: {
    username: "john_doe",
    email: "john@example.com",
    password: "SecurePass123!",
    first_name: "John",
    last_name: "Doe",
    phone: "+1 (555) 123-4567",
    date_of_birth: "1990-05-17",
    marketing_emails_consent: false,
  },
});

const LoginBody = z.object({ username: usernameSchema, password: passwordSchema }).openapi({
  example: { username: "john_doe", password: "SecurePass123!" },
});
const PROFILE_EXAMPLE = {
  username: "john_doe",
  email: "john@example.com",
  first_name: "John",
  last_name: "Doe",
  phone: "15551234567",
  date_of_birth: "1990-05-17",
  marketing_emails_consent: false,
  role: "customer",
  created_at: "2026-01-05T10:00:00.000Z",
  updated_at: "2026-01-05T10:00:00.000Z",
};

const Profile = z.object({
  username: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  phone: z.string().nullable(),
  date_of_birth: z.string().nullable(),
  marketing_emails_consent: z.boolean(),
  role: z.enum(ROLES),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Profile");

const ProfileUpdate = z.object({
  first_name: firstNameSchema.optional(),
  last_name: lastNameSchema.optional(),
  email: emailSchema.optional(),
  phone: phoneSchema.nullish(),
  date_of_birth: dateOfBirthSchema.nullish(),
  marketing_emails_consent: z.boolean().optional(),
}).openapi({ example: { first_name: "Johnny", phone: "+1 555 987 6543" } });

export function profileView(u: UserRecord) {
  return {
    username: u.username,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    phone: u.phone || null,
    date_of_birth: u.date_of_birth ?? null,
    marketing_emails_consent: Boolean(u.marketing_emails_consent),
    role: u.role,
    created_at: u.created_at,
    updated_at: u.updated_at,
  };
}

// Long by design: this is the route list of its resource — each entry is a declarative
// createRoute(...) plus a handler of a few lines that calls a use case.
export function authRoutes(deps: UserDeps, ports: UserPorts) {
  const { auth, log } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/register",
      tags: ["auth"],
      operationId: "register",
      summary: "Create an account (username and email claimed atomically)",
      description: "Password: 12-20 characters with an upper-case letter, a lower-case letter, a digit " +
        "and one of !@#$%^&*()-_=+. Username: 6-30 letters, digits or underscores (stored lower-case).",
      request: body(RegisterBody),
      responses: {
        201: json(Message, "Registered", { message: "User registered successfully" }),
        ...problems({ 409: ["USERNAME_TAKEN", "EMAIL_TAKEN"], 422: ["VALIDATION_ERROR"] }),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      await register(ports, b);
      log.info({ event: "registration_success", user: b.username }, "audit");
      return c.json({ message: "User registered successfully" }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags: ["auth"],
      operationId: "login",
      summary: "Exchange username and password for an access token",
      description: "An unknown user and a wrong password get the same 401. Through the gateway, repeated " +
        "failures per client IP or per account answer 429 `LOGIN_BLOCKED` for a while.",
      request: body(LoginBody),
      responses: {
        200: json(
          z.object({ access_token: z.string(), token_type: z.literal("bearer"), expires_in: z.number() }),
          "Logged in",
          {
            access_token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqb2huX2RvZSJ9.c2ln",
            token_type: "bearer",
            expires_in: 3600,
          },
        ),
        ...problems({ 401: ["INVALID_CREDENTIALS"], 422: ["VALIDATION_ERROR"] }),
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid("json");
      let issued;
      try {
        issued = await login(ports, username, password);
      } catch (err) {
        log.info({ event: "login_failure", user: username }, "audit");
        throw err;
      }
      const { token, expiresIn } = issued;
      log.info({ event: "login_success", user: username }, "audit");
      return c.json({ access_token: token, token_type: "bearer" as const, expires_in: expiresIn }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/auth/profile",
      tags: ["auth"],
      operationId: "getProfile",
      summary: "Your profile",
      security,
      middleware: [auth] as const,
      responses: {
        200: json(Profile, "The caller's profile", PROFILE_EXAMPLE),
        ...problems({ 401: AUTH_CODES, 404: ["USER_NOT_FOUND"] }),
      },
    }),
    async (c) => c.json(profileView(await profile(ports, c.get("user").sub)), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/auth/profile",
      tags: ["auth"],
      operationId: "updateProfile",
      summary: "Change your profile (only the fields sent)",
      security,
      middleware: [auth] as const,
      request: body(ProfileUpdate),
      responses: {
        200: json(z.object({ message: z.string(), user: Profile }), "Updated", {
          message: "Profile updated successfully",
          user: { ...PROFILE_EXAMPLE, first_name: "Johnny", phone: "15559876543" },
        }),
        ...problems({
          401: AUTH_CODES,
          404: ["USER_NOT_FOUND"],
          409: ["EMAIL_TAKEN"],
          422: ["VALIDATION_ERROR"],
        }),
      },
    }),
    async (c) => {
      const updated = await updateProfile(ports, c.get("user").sub, c.req.valid("json"));
      return c.json({ message: "Profile updated successfully", user: profileView(updated) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/logout",
      tags: ["auth"],
      operationId: "logout",
      summary: "Revoke the presented access token (a JSON object body is required, as upstream)",
      security,
      middleware: [auth, requireJsonBody()] as const,
      request: body(z.object({}).passthrough().openapi({ example: {} })),
      responses: {
        200: json(Message, "Logged out", { message: "Logged out successfully" }),
        ...problems({ 401: AUTH_CODES, 422: ["VALIDATION_ERROR"], 503: ["REVOCATION_UNAVAILABLE"] }),
      },
    }),
    async (c) => {
      await logout(ports, c.get("user"));
      log.info({ event: "logout", user: c.get("user").sub }, "audit");
      return c.json({ message: "Logged out successfully" }, 200);
    },
  );

  return app;
}
