// Bearer-token middleware for services: every protected route verifies the JWT itself
// (the gateway also does; a service never trusts forwarded identity headers alone).
import type { MiddlewareHandler } from "hono";
import { unauthorized } from "./errors.ts";
import { type AccessClaims, InvalidToken, type Tokens } from "./jwt.ts";

export type AuthVars = { user: AccessClaims };
/** Env of a protected route: the verified claims plus the request id every app sets. */
export type AuthEnv = { Variables: AuthVars & { requestId: string } };

const MESSAGES = {
  expired: "Token has expired",
  invalid: "Invalid or malformed token",
  revoked: "Token has been revoked",
} as const;

/** Parse `Authorization: Bearer <token>` exactly (one space, case-sensitive scheme), else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const parts = header.split(" ");
  return parts.length === 2 && parts[0] === "Bearer" && parts[1] ? parts[1] : undefined;
}

export function requireAuth(tokens: Tokens, opts: { checkRevoked?: boolean } = {}): MiddlewareHandler<{
  Variables: AuthVars;
}> {
  if (!tokens) throw new Error("requireAuth needs a token verifier");
  return async function authenticate(c, next) {
    const header = c.req.header("Authorization");
    if (!header) throw unauthorized("Authentication required");
    const token = bearerToken(header);
    if (!token) throw unauthorized("Invalid authorization header format", "AUTH_INVALID_HEADER");
    try {
      c.set("user", await tokens.verify(token, opts.checkRevoked ?? true));
    } catch (err) {
      if (err instanceof InvalidToken) throw unauthorized(MESSAGES[err.reason], "AUTH_INVALID_TOKEN");
      throw err;
    }
    await next();
  };
}
