// authorize(): the route table's access level against the role in the verified token. The role is
// put there by the user service from the user record (admins are made by scripts/admin.ts, never by
// a request field), so a customer cannot talk its way onto an admin route.
import type { Context, MiddlewareHandler } from "hono";
import { forbidden, unauthorized } from "../../../services/common/errors.ts";
import type { Role } from "../../../services/common/jwt.ts";
import type { Access } from "../../routes.ts";
import type { GatewayEnv } from "../env.ts";

const ALLOWED: Record<Exclude<Access, "public">, readonly Role[]> = {
  customer: ["customer", "admin"],
  admin: ["admin"],
};

/** The check itself (src/chain.ts runs it inside the route's one middleware); throws the 401/403. */
export function authorizationCheck(c: Context<GatewayEnv>): void {
  const access = c.get("route").access;
  if (access === "public") return;
  const identity = c.get("identity");
  // authenticate() runs first; reaching here without identity is a wiring bug, never a pass.
  if (!identity) throw unauthorized("Authentication required");
  if (!ALLOWED[access].includes(identity.role)) {
    throw forbidden(`This route requires the ${access} role`, "FORBIDDEN");
  }
}

export function authorize(): MiddlewareHandler<GatewayEnv> {
  return async function authorizeRole(c, next) {
    authorizationCheck(c);
    await next();
  };
}
