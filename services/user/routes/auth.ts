// /auth/*: register, login, profile, logout (docs/compatibility.md; unknown user → 401 like a wrong password).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../../common/auth.ts";
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
import { bearerSecurity as security, ProblemRef } from "../../common/openapi.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
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
});

const LoginBody = z.object({ username: usernameSchema, password: passwordSchema });

const Profile = z.object({
  username: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  phone: z.string().nullable(),
  date_of_birth: z.string().nullable(),
  marketing_emails_consent: z.boolean(),
  role: z.string(),
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
});

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
      summary: "Create an account (username and email claimed atomically)",
      request: body(RegisterBody),
      responses: {
        201: json(Message, "Registered"),
        409: ProblemRef,
        422: ProblemRef,
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
      summary: "Exchange username and password for an access token",
      request: body(LoginBody),
      responses: {
        200: json(
          z.object({ access_token: z.string(), token_type: z.literal("bearer"), expires_in: z.number() }),
          "Logged in",
        ),
        401: ProblemRef,
        422: ProblemRef,
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
      security,
      middleware: [auth] as const,
      responses: { 200: json(Profile, "The caller's profile"), 401: ProblemRef },
    }),
    async (c) => c.json(profileView(await profile(ports, c.get("user").sub)), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/auth/profile",
      tags: ["auth"],
      security,
      middleware: [auth] as const,
      request: body(ProfileUpdate),
      responses: {
        200: json(z.object({ message: z.string(), user: Profile }), "Updated"),
        401: ProblemRef,
        409: ProblemRef,
        422: ProblemRef,
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
      summary: "Revoke the presented access token (a JSON object body is required, as upstream)",
      security,
      middleware: [auth, requireJsonBody()] as const,
      request: body(z.object({}).passthrough()),
      responses: { 200: json(Message, "Logged out"), 401: ProblemRef, 422: ProblemRef, 503: ProblemRef },
    }),
    async (c) => {
      await logout(ports, c.get("user"));
      log.info({ event: "logout", user: c.get("user").sub }, "audit");
      return c.json({ message: "Logged out successfully" }, 200);
    },
  );

  return app;
}
