// Rate limit (both RATE_LIMIT_MODEs) and login brute-force guard through a gateway started here (tight limits and a 2 s block
// must not leak onto the shared gateway other teams test through), in front of the real user service.
import assert from "node:assert/strict";
import { call, createUser, PASSWORD, skipInBlackBox, USER_URL } from "../helpers.ts";
import { startGateway } from "../../gateway/src/testing.ts";

const randomIp = () => `198.51.100.${1 + Math.floor(Math.random() * 250)}`;

for (const mode of ["local", "redis"]) {
  Deno.test(
    `rate limit (${mode} mode): N per window, 3N concurrent requests → exactly N pass, the rest 429 with headers`,
    { ignore: skipInBlackBox("starts its own gateway") },
    async () => {
      const N = 5;
      const gw = await startGateway({
        USER_URL,
        RATE_LIMIT_MODE: mode,
        RATE_LIMIT_DEFAULT_USER: String(N),
        RATE_LIMIT_WINDOW_SECONDS: "60",
      });
      try {
        const user = await createUser(USER_URL);
        const responses = await Promise.all(
          Array.from(
            { length: 3 * N },
            () => call(`${gw.url}/api/v1`, "GET", "/balance", { token: user.token }),
          ),
        );
        const ok = responses.filter((r) => r.status === 200);
        const limited = responses.filter((r) => r.status === 429);
        assert.equal(ok.length, N, responses.map((r) => r.status).join(","));
        assert.equal(limited.length, 2 * N);
        for (const r of [...ok, ...limited]) {
          assert.equal(r.headers.get("ratelimit-limit"), String(N));
          assert.equal(r.headers.get("x-ratelimit-limit"), String(N));
          assert.ok(r.headers.has("ratelimit-remaining") && r.headers.has("x-ratelimit-reset"));
        }
        for (const r of limited) {
          assert.ok(Number(r.headers.get("retry-after")) >= 1);
          assert.equal((r.body as { code: string }).code, "RATE_LIMITED");
        }
      } finally {
        await gw.close();
      }
    },
  );
}

Deno.test("login guard: 5 wrong passwords then the right one → blocked; after the block expires → 200", {
  ignore: skipInBlackBox("starts its own gateway with a short login block"),
}, async () => {
  const gw = await startGateway({ USER_URL, LOGIN_BLOCK_SECONDS: "2", LOGIN_FAILURE_WINDOW_SECONDS: "300" });
  try {
    const user = await createUser(USER_URL);
    const ip = randomIp();
    const login = (password: string) =>
      call(`${gw.url}/api/v1`, "POST", "/auth/login", {
        json: { username: user.username, password },
        headers: { "X-Forwarded-For": ip },
      });
    for (let i = 0; i < 5; i++) assert.equal((await login("WrongPassword1!")).status, 401);
    const blocked = await login(PASSWORD);
    assert.equal(blocked.status, 429, blocked.text);
    assert.equal((blocked.body as { code: string }).code, "LOGIN_BLOCKED");
    assert.ok(Number(blocked.headers.get("retry-after")) >= 1);
    // Poll (bounded) until the 2 s block lapses instead of sleeping a guessed time.
    let after = blocked;
    for (let i = 0; i < 100 && after.status === 429; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await login(PASSWORD);
    }
    assert.equal(after.status, 200, after.text);
    assert.ok((after.body as { access_token: string }).access_token);
  } finally {
    await gw.close();
  }
});
