// OWASP API2:2023 Broken Authentication: forged, `alg: none`, tampered, wrong-audience, revoked and
// expired tokens are refused on protected routes; brute force on login is blocked. Black-box, except
// that an expired token can only be minted with the deployment's JWT_SECRET (skipped without it) and
// brute force runs against a deployment only with SECURITY_BRUTE_FORCE=1 (it blocks the runner's IP
// unless the deployment trusts X-Forwarded-For from it).
import assert from "node:assert/strict";
import { API, assertProblem, BLACK_BOX, call, createUser, GATEWAY_URL, PASSWORD } from "../helpers.ts";
import { forgeToken, noneToken, tamper } from "../../gateway/src/testing.ts";

const SECRET = Deno.env.get("JWT_SECRET");
const SKIP_BRUTE_FORCE = BLACK_BOX && Deno.env.get("SECURITY_BRUTE_FORCE") !== "1";
if (SKIP_BRUTE_FORCE) {
  console.log("brute-force test skipped against a deployment: set SECURITY_BRUTE_FORCE=1");
}

Deno.test({
  name: "broken auth: forged, none-alg, tampered, wrong-audience, revoked and expired tokens → 401",
  ignore: !GATEWAY_URL,
  async fn() {
    const u = await createUser(API);
    const forged = [
      ["wrong secret", await forgeToken({ sub: u.username, secret: "not-the-secret-0123456789-0123456789" })],
      ["alg none", noneToken(u.username, "admin")],
      ["tampered role", tamper(u.token)],
      ["garbage", "a.b.c"],
    ];
    if (SECRET) {
      forged.push(["expired", await forgeToken({ sub: u.username, expired: true, secret: SECRET })]);
      forged.push([
        "wrong audience",
        await forgeToken({ sub: u.username, audience: "other", secret: SECRET }),
      ]);
    } else console.log("expired / wrong-audience tokens skipped: JWT_SECRET of the deployment not given");
    for (const [name, token] of forged) {
      for (const path of ["/balance", "/admin/events/dead-letters"]) {
        const res = await call(API, "GET", path, { token });
        assert.equal(res.status, 401, `${name} on ${path}: ${res.text}`);
        assertProblem(res, 401);
      }
    }
    const out = await call(API, "POST", "/auth/logout", { token: u.token, json: { access_token: u.token } });
    assert.equal(out.status, 200, out.text);
    assertProblem(await call(API, "GET", "/balance", { token: u.token }), 401, "AUTH_INVALID_TOKEN");
  },
});

Deno.test({
  name: "broken auth: 6 wrong passwords, then the right one → 429 LOGIN_BLOCKED",
  ignore: !GATEWAY_URL || SKIP_BRUTE_FORCE,
  async fn() {
    const u = await createUser(API);
    const headers = { "X-Forwarded-For": `203.0.113.${1 + Math.floor(Math.random() * 250)}` };
    const login = (password: string) =>
      call(API, "POST", "/auth/login", { json: { username: u.username, password }, headers });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(`WrongPassword${i}!x`)).status);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assertProblem(await login(PASSWORD), 429, "LOGIN_BLOCKED");
  },
});
