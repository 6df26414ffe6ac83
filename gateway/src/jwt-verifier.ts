// In-process JWT verification (no network hop per request). Two modes, never mixed, so an RS/EdDSA
// public key can never be used as an HMAC secret (HS/RS confusion) and `alg: none` is never allowed:
//  - HS256 with JWT_SECRET: the tokens the user service issues (services/common/jwt.ts verify rules);
//  - JWKS (RS256/EdDSA/ES256) from JWT_JWKS_URL for production identity providers.
// Revocation (logout) is checked here against the in-process replica of the revocation list the user
// service writes (services/common/revocation.ts: loaded by SCAN, kept current by pub/sub).
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import {
  type AccessClaims,
  checkIssuedAt,
  createTokens,
  InvalidToken,
  rememberVerified,
  type Role,
  ROLES,
} from "../../services/common/jwt.ts";
import type { RevocationList } from "../../services/common/revocation.ts";

export interface VerifierOptions {
  issuer: string;
  audience: string;
  secret?: string;
  jwksUrl?: string;
  algorithms?: readonly string[];
  /** The revocation list; without it revocation is not checked. */
  revocations?: RevocationList;
}

export interface TokenVerifier {
  verify(token: string): Promise<AccessClaims>;
}

const ASYMMETRIC = ["RS256", "EdDSA", "ES256"];

// Long by design: the two verification modes (JWKS or shared secret) are set up side by side so
// that they visibly never mix; each inner function is short.
export function createVerifier(opts: VerifierOptions): TokenVerifier {
  if (!opts.secret && !opts.jwksUrl) throw new Error("createVerifier: a secret or a JWKS URL is required");
  const revocations = opts.revocations;
  let verifySignature: (token: string) => Promise<AccessClaims>;

  if (opts.jwksUrl) {
    const algorithms = [...(opts.algorithms ?? ["RS256", "EdDSA"])];
    const bad = algorithms.filter((a) => !ASYMMETRIC.includes(a));
    if (bad.length) throw new Error(`createVerifier: ${bad.join(",")} not allowed with a JWKS`);
    const jwks = createRemoteJWKSet(new URL(opts.jwksUrl));
    verifySignature = async (token) => {
      let payload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms,
          issuer: opts.issuer,
          audience: opts.audience,
          requiredClaims: ["sub", "exp", "iat", "jti"],
        }));
      } catch (err) {
        throw new InvalidToken(err instanceof joseErrors.JWTExpired ? "expired" : "invalid");
      }
      const role = payload.role as Role;
      checkIssuedAt(payload.iat);
      if (payload.type !== "access_token" || !ROLES.includes(role) || typeof payload.sub !== "string") {
        throw new InvalidToken("invalid");
      }
      return { sub: payload.sub, role, jti: payload.jti!, exp: payload.exp!, iat: payload.iat! };
    };
  } else {
    if (opts.algorithms && opts.algorithms.some((a) => a !== "HS256")) {
      throw new Error("createVerifier: only HS256 is allowed with a shared secret");
    }
    // Same rules as every service (HS256 only, iss, aud, exp, typ, token type, role): reuse them.
    const tokens = createTokens({
      JWT_SECRET: opts.secret!,
      JWT_ISSUER: opts.issuer,
      JWT_AUDIENCE: opts.audience,
      JWT_EXPIRES_SECONDS: 3600,
    });
    verifySignature = (token) => tokens.verify(token, false);
  }

  // Verified claims are remembered per token (rememberVerified): the HS256 path through createTokens,
  // the JWKS path here.
  const verifyCached = opts.jwksUrl ? rememberVerified(verifySignature) : verifySignature;

  // Revocation from the in-process replica only (no Redis round trip); Redis is asked only until the
  // replica's first load. The services behind still check Redis exactly (defence in depth).
  const revoked = async (jti: string) =>
    revocations ? revocations.replicaAnswer(jti) ?? await revocations.isRevoked(jti) : false;
  return {
    async verify(token) {
      const claims = await verifyCached(token);
      if (await revoked(claims.jti)) throw new InvalidToken("revoked");
      return claims;
    },
  };
}
