import assert from "node:assert/strict";
import { Hono } from "hono";
import { createErrorHandler } from "../../../services/common/errors.ts";
import type { AccessClaims } from "../../../services/common/jwt.ts";
import type { Access, Route } from "../../routes.ts";
import { ROUTES } from "../../routes.ts";
import type { GatewayEnv } from "../env.ts";
import { authorize } from "./rbac.ts";

function appFor(access: Access, role?: "customer" | "admin") {
  const app = new Hono<GatewayEnv>();
  app.onError(createErrorHandler());
  app.use(async (c, next) => {
    c.set("route", { access } as Route);
    if (role) c.set("identity", { sub: "u", role } as AccessClaims);
    await next();
  });
  app.use(authorize());
  app.get("/x", (c) => c.text("ok"));
  return app;
}

Deno.test("rbac: admin routes need the admin role, customer routes any signed-in user", async () => {
  const cases: [Access, "customer" | "admin" | undefined, number][] = [
    ["admin", "customer", 403],
    ["admin", "admin", 200],
    ["admin", undefined, 401],
    ["customer", "customer", 200],
    ["customer", "admin", 200],
    ["customer", undefined, 401],
    ["public", undefined, 200],
  ];
  for (const [access, role, expected] of cases) {
    const res = await appFor(access, role).request("/x");
    assert.equal(res.status, expected, `${access} as ${role}`);
    if (expected === 403) assert.equal((await res.json()).code, "FORBIDDEN");
    else await res.body?.cancel();
  }
});

Deno.test("rbac: the route table marks every /admin route admin-only and login/register public", () => {
  for (const r of ROUTES) if (r.path.startsWith("/admin")) assert.equal(r.access, "admin", r.path);
  const find = (m: string, p: string) => ROUTES.find((r) => r.method === m && r.path === p)!;
  assert.equal(find("POST", "/auth/login").access, "public");
  assert.equal(find("POST", "/auth/register").access, "public");
  assert.equal(find("DELETE", "/orders/:id").access, "customer");
});
