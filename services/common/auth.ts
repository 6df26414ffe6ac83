// Bearer-token middleware for services: every protected route verifies the JWT itself
// (the gateway also does; a service never trusts forwarded identity headers alone).
import type { MiddlewareHandler } from "hono";
import { ApiError, unauthorized } from "./errors.ts";
import { type AccessClaims, InvalidToken, type Tokens } from "./jwt.ts";
import { RevocationUnavailable } from "./revocation.ts";

export type AuthVars = { user: AccessClaims };
/** Env of a protected route: the verified claims plus the request id every app sets. */
export type AuthEnv = { Variables: AuthVars & { requestId: string } };

const MESSAGES = {
  expired: "Token has expired",
  invalid: "Invalid or malformed token",
  revoked: "Token has been revoked",
} as const;

/** The 401 for a token that failed verification, naming why (expired / invalid / revoked). */
export const tokenRefused = (err: InvalidToken) => unauthorized(MESSAGES[err.reason], "AUTH_INVALID_TOKEN");

/** The revocation list was never loaded and Redis is down: refuse rather than guess (revocation.ts). */
export const authUnavailable = () =>
  new ApiError(503, "AUTH_UNAVAILABLE", "Token revocation cannot be checked now", {
    headers: { "Retry-After": "5" },
  });

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
      if (err instanceof InvalidToken) throw tokenRefused(err);
      if (err instanceof RevocationUnavailable) throw authUnavailable();
      throw err;
    }
    await next();
  };
}
