// Access tokens: HS256 issued by the user service, verified in-process everywhere with an
// algorithm allow-list, issuer, audience, expiry and token type. Logout puts the jti on the revocation
// list (revocation.ts: Redis + a memory copy in every process) until the token would have expired anyway.
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { BaseConfig } from "./config.ts";
import type { RevocationList } from "./revocation.ts";

const CLOCK_SKEW_SECONDS = 30;
const MAX_TOKEN_AGE_SECONDS = 7 * 24 * 3600; // the longest lifetime JWT_EXPIRES_SECONDS allows

/**
 * `iat` must be in the past (up to a small clock skew between hosts) and not older than the longest
 * lifetime we issue: a token "issued" a year from now is a forgery or a broken clock, never valid.
 * (Checked here rather than with jose's clockTolerance, which would also stretch `exp`.)
 */
export function checkIssuedAt(iat: unknown, now = Math.floor(Date.now() / 1000)): void {
  if (typeof iat !== "number") throw new InvalidToken("invalid");
  if (iat > now + CLOCK_SKEW_SECONDS) throw new InvalidToken("invalid");
  if (iat < now - MAX_TOKEN_AGE_SECONDS) throw new InvalidToken("expired");
}

export const ROLES = ["customer", "admin"] as const;
export type Role = (typeof ROLES)[number];

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

/**
 * Verified claims remembered per exact token string until that token's own expiry (bounded, oldest
 * evicted; `maxCached` 0 disables). A client sends the same token many times and a signature check
 * costs ~40 µs of CPU: it was 8 % of the user service's CPU under the mixed load profile. Callers still
 * check revocation on every request; `iat` cannot become invalid later (clocks move forward).
 */
export function rememberVerified(
  verify: (token: string) => Promise<AccessClaims>,
  maxCached = 10_000,
): (token: string) => Promise<AccessClaims> {
  const cache = new Map<string, AccessClaims>();
  return async (token) => {
    const hit = cache.get(token);
    if (hit && hit.exp > Date.now() / 1000) return hit;
    if (hit) cache.delete(token);
    const claims = await verify(token);
    if (maxCached > 0) {
      if (cache.size >= maxCached) cache.delete(cache.keys().next().value!);
      cache.set(token, claims);
    }
    return claims;
  };
}

type JwtConfig = Pick<BaseConfig, "JWT_SECRET" | "JWT_ISSUER" | "JWT_AUDIENCE" | "JWT_EXPIRES_SECONDS">;

/** `revocations` is required to check (verify) or record (revoke) logouts; without it neither happens. */
// Long by design: a factory closing over its clients; each function inside is short.
export function createTokens(cfg: JwtConfig, revocations?: RevocationList) {
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

  const verifySigned = rememberVerified(verifySignatureAndClaims);

  /** Verify signature and claims (remembered per token); with `checkRevoked`, also the revocation list. */
  async function verify(token: string, checkRevoked = true): Promise<AccessClaims> {
    const claims = await verifySigned(token);
    if (checkRevoked && (await revocations?.isRevoked(claims.jti))) throw new InvalidToken("revoked");
    return claims;
  }

  async function verifySignatureAndClaims(token: string): Promise<AccessClaims> {
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
    checkIssuedAt(payload.iat);
    const role = payload.role as Role;
    if (!ROLES.includes(role) || typeof payload.sub !== "string") throw new InvalidToken("invalid");
    return { sub: payload.sub, role, jti: payload.jti!, exp: payload.exp!, iat: payload.iat! };
  }

  /** Deny this token until its own expiry; throws RevocationUnavailable when it cannot be recorded. */
  async function revoke(claims: AccessClaims): Promise<void> {
    if (!revocations) throw new Error("revocation needs a revocation list");
    await revocations.revoke(claims.jti, claims.exp);
  }

  return { issue, verify, revoke };
}

export type Tokens = ReturnType<typeof createTokens>;
