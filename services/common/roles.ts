// Role check for service routes, used after requireAuth. The role comes from the verified JWT,
// which the user service mints from the stored user record — never from a request body.
import type { MiddlewareHandler } from "hono";
import type { AuthVars } from "./auth.ts";
import { forbidden } from "./errors.ts";
import type { Role } from "./jwt.ts";

export function requireRole(...roles: Role[]): MiddlewareHandler<{ Variables: AuthVars }> {
  if (roles.length === 0) throw new Error("requireRole needs at least one role");
  return async function checkRole(c, next) {
    const user = c.get("user");
    if (!user || !roles.includes(user.role)) {
      throw forbidden(`This action requires the ${roles.join(" or ")} role`, "FORBIDDEN");
    }
    await next();
  };
}
