// Access tokens: HS256 issued by the user service, verified in-process everywhere with an
// algorithm allow-list, issuer, audience, expiry and token type. Logout puts the jti on a Redis
// denylist until the token would have expired anyway.
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Redis } from "ioredis";
import type { BaseConfig } from "./config.ts";

export type Role = "customer" | "admin";
export const ROLES: readonly Role[] = ["customer", "admin"];

export interface AccessClaims {
  sub: string;
  role: Role;
  jti: string;
  exp: number;
  iat: number;
}

export class InvalidToken extends Error {
  constructor(readonly reason: "expired" | "invalid" | "revoked") {
    super(`token ${reason}`);
    this.name = "InvalidToken";
  }
}

type JwtConfig = Pick<BaseConfig, "JWT_SECRET" | "JWT_ISSUER" | "JWT_AUDIENCE" | "JWT_EXPIRES_SECONDS">;

const revokedKey = (jti: string) => `revoked:${jti}`;

// Long by design: a factory closing over its clients; each function inside is short.
export function createTokens(cfg: JwtConfig, redis?: Redis) {
  const key = new TextEncoder().encode(cfg.JWT_SECRET);

  async function issue(
    username: string,
    role: Role,
  ): Promise<{ token: string; expiresIn: number; jti: string }> {
    const jti = crypto.randomUUID();
    const token = await new SignJWT({ role, type: "access_token" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(username)
      .setIssuer(cfg.JWT_ISSUER)
      .setAudience(cfg.JWT_AUDIENCE)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime(`${cfg.JWT_EXPIRES_SECONDS}s`)
      .sign(key);
    return { token, expiresIn: cfg.JWT_EXPIRES_SECONDS, jti };
  }

  /** Verify signature and claims; with `checkRevoked`, also consult the Redis denylist. */
  async function verify(token: string, checkRevoked = true): Promise<AccessClaims> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ["HS256"],
        issuer: cfg.JWT_ISSUER,
        audience: cfg.JWT_AUDIENCE,
        requiredClaims: ["sub", "exp", "iat", "jti"],
        typ: "JWT",
      }));
    } catch (err) {
      throw new InvalidToken(err instanceof joseErrors.JWTExpired ? "expired" : "invalid");
    }
    if (payload.type !== "access_token") throw new InvalidToken("invalid");
    const role = payload.role as Role;
    if (!ROLES.includes(role) || typeof payload.sub !== "string") throw new InvalidToken("invalid");
    const claims: AccessClaims = {
      sub: payload.sub,
      role,
      jti: payload.jti!,
      exp: payload.exp!,
      iat: payload.iat!,
    };
    if (checkRevoked && redis && (await isRevoked(claims.jti))) throw new InvalidToken("revoked");
    return claims;
  }

  // Fails open when Redis is unreachable: the token is still signed and unexpired (short-lived),
  // and refusing every request during a Redis outage would take trading down with it.
  async function isRevoked(jti: string): Promise<boolean> {
    try {
      return (await redis!.exists(revokedKey(jti))) === 1;
    } catch {
      return false;
    }
  }

  /** Deny this token until its own expiry (at least one second so the key is set). */
  async function revoke(claims: AccessClaims): Promise<void> {
    if (!redis) throw new Error("revocation needs Redis");
    const ttl = Math.max(1, claims.exp - Math.floor(Date.now() / 1000));
    await redis.set(revokedKey(claims.jti), "1", "EX", ttl);
  }

  return { issue, verify, revoke };
}

export type Tokens = ReturnType<typeof createTokens>;
