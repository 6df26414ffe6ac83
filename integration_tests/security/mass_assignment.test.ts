// OWASP API3:2023 Broken Object Property Level Authorization (mass assignment): a role, a balance or an
// account flag sent on sign-up or a profile update is ignored or refused — never applied. Black-box.
import assert from "node:assert/strict";
import { API, call, createUser, GATEWAY_URL } from "../helpers.ts";

const PRIVILEGED = {
  role: "admin",
  balance: "1000000",
  current_balance: "1000000",
  is_active: true,
  user_id: "x",
};

Deno.test({
  name: "mass assignment: role/balance on register and profile update are never applied",
  ignore: !GATEWAY_URL,
  async fn() {
    let u;
    try {
      u = await createUser(API, PRIVILEGED);
    } catch {
      u = await createUser(API); // refused with extra fields: also fine; check the update path below
    }
    const profile = await call<Record<string, unknown>>(API, "GET", "/auth/profile", { token: u.token });
    assert.equal(profile.status, 200, profile.text);
    assert.ok(!/"role"\s*:\s*"admin"/.test(profile.text), profile.text);
    const balance = await call<{ current_balance: string }>(API, "GET", "/balance", { token: u.token });
    assert.equal(Number(balance.body.current_balance), 0);

    const update = await call(API, "PUT", "/auth/profile", {
      token: u.token,
      json: { first_name: "Mallory", ...PRIVILEGED, username: "someone_else" },
    });
    assert.ok(update.status === 200 || update.status === 422, update.text);
    const after = await call(API, "GET", "/auth/profile", { token: u.token });
    assert.ok(!/"role"\s*:\s*"admin"/.test(after.text), after.text);
    assert.ok(after.text.includes(u.username), "username unchanged");
    assert.equal(
      Number(
        (await call<{ current_balance: string }>(API, "GET", "/balance", { token: u.token }))
          .body.current_balance,
      ),
      0,
    );
    // An admin route still refuses this user.
    assert.equal((await call(API, "GET", "/admin/events/dead-letters", { token: u.token })).status, 403);
  },
});
