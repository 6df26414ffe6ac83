// Smoke: the deployment behind GATEWAY_URL serves its public API end to end — health, index, sign-up,
// login, profile, a deposit read back exactly, the catalog, logout ending the token. Black-box: runs
// under integration_tests/run.sh against any deployment and in ./scripts/test.sh.
import assert from "node:assert/strict";
import { API, assertProblem, call, createUser, GATEWAY_URL } from "../helpers.ts";

Deno.test({
  name: "smoke: health, index, register/login, profile, deposit → balance, catalog, logout",
  ignore: !GATEWAY_URL,
  async fn() {
    const health = await call(GATEWAY_URL!, "GET", "/health");
    assert.equal(health.status, 200, health.text);
    assert.equal((await call(GATEWAY_URL!, "GET", "/api/v1")).status, 200);

    const u = await createUser(API);
    const profile = await call(API, "GET", "/auth/profile", { token: u.token });
    assert.equal(profile.status, 200, profile.text);
    assert.equal(profile.headers.get("cache-control"), "no-store");

    const dep = await call(API, "POST", "/balance/deposit", { token: u.token, json: { amount: "12.34" } });
    assert.ok(dep.status === 200 || dep.status === 201, dep.text);
    const balance = await call<{ current_balance: string }>(API, "GET", "/balance", { token: u.token });
    assert.equal(balance.status, 200, balance.text);
    assert.equal(Number(balance.body.current_balance), 12.34);

    assert.equal((await call(API, "GET", "/inventory/assets")).status, 200);

    const out = await call(API, "POST", "/auth/logout", { token: u.token, json: { access_token: u.token } });
    assert.equal(out.status, 200, out.text);
    assertProblem(await call(API, "GET", "/balance", { token: u.token }), 401, "AUTH_INVALID_TOKEN");
  },
});
