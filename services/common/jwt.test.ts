import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { type AccessClaims, createTokens, InvalidToken, rememberVerified } from "./jwt.ts";
import { createRevocationList } from "./revocation.ts";
import { TEST_JWT, testInfra } from "./testing.ts";

const key = new TextEncoder().encode(TEST_JWT.JWT_SECRET);
const b64 = (o: unknown) =>
  btoa(JSON.stringify(o)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");

async function rejects(p: Promise<unknown>, reason: string) {
  await assert.rejects(p, (e: unknown) => e instanceof InvalidToken && e.reason === reason);
}

Deno.test("jwt: issue → verify round trip carries subject, role and a unique jti", async () => {
  const tokens = createTokens(TEST_JWT);
  const a = await tokens.issue("alice_01", "customer");
  const b = await tokens.issue("alice_01", "customer");
  assert.notEqual(a.jti, b.jti);
  const claims = await tokens.verify(a.token, false);
  assert.equal(claims.sub, "alice_01");
  assert.equal(claims.role, "customer");
  assert.equal(claims.exp - claims.iat, 3600);
});

Deno.test("jwt: tampered, expired, alg none, wrong issuer/audience/type and other secrets are rejected", async () => {
  const tokens = createTokens(TEST_JWT);
  const { token } = await tokens.issue("alice_01", "customer");
  const [h, p, s] = token.split(".");
  const payload = JSON.parse(atob(p.replaceAll("-", "+").replaceAll("_", "/")));
  await rejects(tokens.verify(`${h}.${b64({ ...payload, role: "admin" })}.${s}`, false), "invalid");
  await rejects(tokens.verify(`${b64({ alg: "none", typ: "JWT" })}.${p}.`, false), "invalid");
  const sign = (
    claims: Record<string, unknown>,
    opts: { iss?: string; aud?: string; exp?: number; secret?: Uint8Array } = {},
  ) =>
    new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setSubject("alice_01")
      .setIssuer(opts.iss ?? TEST_JWT.JWT_ISSUER).setAudience(opts.aud ?? TEST_JWT.JWT_AUDIENCE).setJti("j1")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(
        opts.exp ?? Math.floor(Date.now() / 1000) + 600,
      )
      .sign(opts.secret ?? key);
  const good = { role: "customer", type: "access_token" };
  await rejects(
    tokens.verify(await sign(good, { exp: Math.floor(Date.now() / 1000) - 10 }), false),
    "expired",
  );
  await rejects(tokens.verify(await sign(good, { iss: "evil" }), false), "invalid");
  await rejects(tokens.verify(await sign(good, { aud: "other" }), false), "invalid");
  await rejects(tokens.verify(await sign({ role: "customer", type: "refresh_token" }), false), "invalid");
  await rejects(tokens.verify(await sign({ ...good, role: "root" }), false), "invalid");
  await rejects(
    tokens.verify(await sign(good, { secret: new TextEncoder().encode("another-secret-".repeat(3)) }), false),
    "invalid",
  );
  await rejects(tokens.verify("not.a.jwt", false), "invalid");
  await tokens.verify(await sign(good), false); // the same construction with correct values passes
});

Deno.test("jwt: a revoked token is rejected until it would have expired anyway", async () => {
  const infra = testInfra();
  const revocations = createRevocationList(infra.redis);
  try {
    const tokens = createTokens(TEST_JWT, revocations);
    const { token } = await tokens.issue("bob_0001", "customer");
    const claims = await tokens.verify(token);
    await tokens.revoke(claims);
    await rejects(tokens.verify(token), "revoked");
    const ttl = await infra.redis.ttl(`revoked:${claims.jti}`);
    assert.ok(ttl > 3500 && ttl <= 3600, `ttl ${ttl}`);
  } finally {
    revocations.close();
    infra.close();
  }
});

Deno.test("jwt: iat in the future (beyond 30 s of skew) or older than the longest lifetime is refused", async () => {
  const tokens = createTokens(TEST_JWT);
  const now = Math.floor(Date.now() / 1000);
  const sign = (iat: number, exp: number) =>
    new SignJWT({ role: "customer", type: "access_token" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject("alice_01").setIssuer(TEST_JWT.JWT_ISSUER).setAudience(TEST_JWT.JWT_AUDIENCE)
      .setJti(crypto.randomUUID()).setIssuedAt(iat).setExpirationTime(exp).sign(key);
  await rejects(tokens.verify(await sign(now + 365 * 86400, now + 366 * 86400), false), "invalid");
  await rejects(tokens.verify(await sign(now + 120, now + 3600), false), "invalid");
  await rejects(tokens.verify(await sign(now - 8 * 86400, now + 3600), false), "expired");
  // A little skew is tolerated.
  assert.equal((await tokens.verify(await sign(now + 10, now + 3600), false)).sub, "alice_01");
});

Deno.test("jwt: verified claims are remembered per token until the token's expiry, bounded", async () => {
  const now = Math.floor(Date.now() / 1000);
  const checked: string[] = [];
  const expOf: Record<string, number> = { a: now + 600, b: now + 600, c: now + 600, gone: now - 1 };
  const verify = rememberVerified((token) => {
    checked.push(token);
    return Promise.resolve(
      { sub: token, role: "customer", jti: token, iat: now, exp: expOf[token] } as AccessClaims,
    );
  }, 2);
  await verify("a");
  await verify("a");
  assert.deepEqual(checked, ["a"], "the second use of a token is not checked again");
  await verify("gone");
  await verify("gone");
  assert.deepEqual(checked, ["a", "gone", "gone"], "a remembered token past its exp is checked again");
  await verify("b");
  await verify("c"); // over the bound of 2: the oldest ("a") is forgotten
  await verify("a");
  assert.deepEqual(checked.slice(3), ["b", "c", "a"]);
});
