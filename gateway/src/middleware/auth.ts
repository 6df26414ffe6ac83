// authenticate(): verifies the bearer token in-process and stores the identity for RBAC, per-user
// rate limits and the X-User-* headers. Protected routes need a valid token (401 otherwise); on public
// routes a valid token only adds identity and a bad one is ignored (login with a stale token must work).
import type { Context, MiddlewareHandler } from "hono";
import { authUnavailable, bearerToken, tokenRefused } from "../../../services/common/auth.ts";
import { unauthorized } from "../../../services/common/errors.ts";
import { InvalidToken } from "../../../services/common/jwt.ts";
import { RevocationUnavailable } from "../../../services/common/revocation.ts";
import type { GatewayEnv } from "../env.ts";
import type { TokenVerifier } from "../jwt-verifier.ts";

export interface AuthOptions {
  verifier: TokenVerifier;
}

/** The check itself (src/chain.ts runs it inside the route's one middleware); throws the 401/503. */
export function authenticationCheck(opts: AuthOptions): (c: Context<GatewayEnv>) => Promise<void> {
  if (!opts?.verifier) throw new Error("authenticate: a token verifier is required");
  const { verifier } = opts;
  return async function authenticateRequest(c) {
    const isPublic = c.get("route").access === "public";
    const header = c.req.raw.headers.get("authorization") ?? undefined;
    const token = bearerToken(header);
    if (!isPublic) {
      if (!header) throw unauthorized("Authentication required");
      if (!token) throw unauthorized("Invalid authorization header format", "AUTH_INVALID_HEADER");
    }
    if (!token) return;
    try {
      c.set("identity", await verifier.verify(token));
    } catch (err) {
      // Only when the revocation list was never loaded and Redis is down (revocation.ts).
      if (err instanceof RevocationUnavailable) {
        if (!isPublic) throw authUnavailable();
      } else if (!(err instanceof InvalidToken)) {
        throw err;
      } else if (!isPublic) {
        throw tokenRefused(err);
      }
    }
  };
}

export function authenticate(opts: AuthOptions): MiddlewareHandler<GatewayEnv> {
  const check = authenticationCheck(opts);
  return async function authenticateMiddleware(c, next) {
    await check(c);
    await next();
  };
}
