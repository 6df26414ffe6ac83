import assert from "node:assert/strict";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from "jose";
import { Hono } from "hono";
import { createErrorHandler } from "../../../services/common/errors.ts";
import { createRedis } from "../../../services/common/redis.ts";
import { createRevocationList, type RevocationList } from "../../../services/common/revocation.ts";
import type { Access, Route } from "../../routes.ts";
import type { GatewayEnv } from "../env.ts";
import { createVerifier, type TokenVerifier } from "../jwt-verifier.ts";
import { AUDIENCE, forgeToken, ISSUER, noneToken, redisUrl, tamper, TEST_SECRET } from "../testing.ts";
import { authenticate } from "./auth.ts";
import { authorize } from "./rbac.ts";

function appFor(verifier: TokenVerifier, access: Access) {
  const app = new Hono<GatewayEnv>();
  app.onError(createErrorHandler());
  app.use(async (c, next) => {
    c.set("route", { access } as Route);
    await next();
  });
  app.use(authenticate({ verifier }), authorize());
  app.get("/x", (c) => c.json({ user: c.get("identity")?.sub ?? null }));
  return app;
}

const hs = (revocations?: RevocationList) =>
  createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret: TEST_SECRET, revocations });

async function status(app: Hono<GatewayEnv>, authorization?: string) {
  const res = await app.request("/x", {
    headers: authorization === undefined ? {} : { Authorization: authorization },
  });
  const body = await res.json();
  return { status: res.status, body, www: res.headers.get("www-authenticate") };
}

Deno.test("auth: protected route → 401 without, with malformed and with every kind of bad token", async () => {
  const app = appFor(hs(), "customer");
  const good = await forgeToken({ sub: "bob" });
  const bad = {
    missing: undefined,
    empty: "",
    scheme: "InvalidScheme token123",
    bare: "Bearer",
    noBearer: "token_without_bearer",
    garbage: "Bearer invalid_token_12345",
    tampered: `Bearer ${tamper(good)}`,
    expired: `Bearer ${await forgeToken({ expired: true })}`,
    algNone: `Bearer ${noneToken()}`,
    wrongIssuer: `Bearer ${await forgeToken({ issuer: "someone-else" })}`,
    wrongAudience: `Bearer ${await forgeToken({ audience: "other-api" })}`,
    wrongSecret: `Bearer ${await forgeToken({ secret: "another-secret-of-at-least-32-characters!!" })}`,
    refreshType: `Bearer ${await forgeToken({ type: "refresh_token" })}`,
    unknownRole: `Bearer ${await forgeToken({ role: "superuser" })}`,
  };
  for (const [name, header] of Object.entries(bad)) {
    const r = await status(app, header);
    assert.equal(r.status, 401, name);
    assert.match(r.body.code, /^AUTH_/, name);
    assert.ok(r.www?.startsWith("Bearer"), name);
  }
  assert.deepEqual((await status(app, `Bearer ${good}`)).body, { user: "bob" });
});

Deno.test("auth: public route stays public; a valid token still adds identity", async () => {
  const app = appFor(hs(), "public");
  assert.equal((await status(app)).status, 200);
  assert.equal((await status(app, "Bearer invalid_token_12345")).status, 200);
  assert.deepEqual((await status(app, `Bearer ${await forgeToken({ sub: "carol" })}`)).body, {
    user: "carol",
  });
});

Deno.test("auth: a jti revoked by another process (logout) → 401, answered by the in-process replica", async () => {
  const redis = createRedis(redisUrl());
  const revocations = createRevocationList(redis);
  const other = redis.duplicate();
  const userService = createRevocationList(other);
  try {
    await redis.ping();
    await other.ping();
    const app = appFor(hs(revocations), "customer");
    const token = await forgeToken();
    assert.equal((await status(app, `Bearer ${token}`)).status, 200);
    const { jti, exp } = decodeJwt(token);
    await userService.revoke(jti!, exp!);
    // Order on the signal (the pub/sub message reached this replica), not on a sleep.
    for (let i = 0; i < 600 && !revocations.remembers(jti!); i++) await new Promise((r) => setTimeout(r, 10));
    const r = await status(app, `Bearer ${token}`);
    assert.equal(r.status, 401);
    assert.equal(r.body.detail, "Token has been revoked");
  } finally {
    userService.close();
    other.disconnect();
    revocations.close();
    redis.disconnect();
  }
});

Deno.test("auth: JWKS mode accepts RS256 and rejects HS256 signed with the public key (no alg confusion)", async () => {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => Response.json({ keys: [jwk] }),
  );
  try {
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: `http://127.0.0.1:${server.addr.port}/jwks.json`,
    });
    const app = appFor(verifier, "customer");
    const claims = { role: "customer", type: "access_token" };
    const sign = (alg: string, key: CryptoKey | Uint8Array) =>
      new SignJWT(claims).setProtectedHeader({ alg, kid: "k1" }).setSubject("dave").setIssuer(ISSUER)
        .setAudience(AUDIENCE).setJti(crypto.randomUUID()).setIssuedAt().setExpirationTime("5m").sign(key);
    assert.deepEqual((await status(app, `Bearer ${await sign("RS256", privateKey)}`)).body, { user: "dave" });
    const pem = new TextEncoder().encode(JSON.stringify(jwk));
    assert.equal((await status(app, `Bearer ${await sign("HS256", pem)}`)).status, 401);
    assert.equal((await status(app, `Bearer ${noneToken()}`)).status, 401);
    assert.throws(() =>
      createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: "http://x", algorithms: ["HS256"] })
    );
    assert.throws(() => createVerifier({ issuer: ISSUER, audience: AUDIENCE }));
  } finally {
    await server.shutdown();
  }
});
