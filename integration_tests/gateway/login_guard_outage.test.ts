// Brute force while Redis is down (issue 13, defect 3): the login guard keeps counting in memory, so
// 6 wrong passwords and then the right one answer 429 LOGIN_BLOCKED, not 200. The gateway started here
// has its own redis-server, which the test kills; the user service is the suite's.
// Needs internals (own gateway and Redis): skipped by integration_tests/run.sh.
import assert from "node:assert/strict";
import { assertProblem, call, createUser, freePort, needsInternals, USER_URL } from "../helpers.ts";
import { poll, startRedisServer } from "../processes.ts";
import { startGateway } from "../../gateway/src/testing.ts";

Deno.test({
  name: "login guard during a Redis outage: 6 wrong passwords, then the right one → still 429",
  ignore: needsInternals("starts its own gateway (and Redis)"),
  async fn() {
    const redis = await startRedisServer(freePort());
    const gw = await startGateway({ USER_URL, REDIS_URL: redis.url }); // default guard: 5 failures
    const api = `${gw.url}/api/v1`;
    try {
      const victim = await createUser(USER_URL);
      await redis.kill();
      assert.ok(
        await poll(async () => (await (await fetch(`${gw.url}/health`)).json()).redis === false),
        "gateway noticed Redis is down",
      );
      // A fresh client address, so no other test's failures count here.
      const headers = { "X-Forwarded-For": `198.51.100.${1 + Math.floor(Math.random() * 250)}` };
      const login = (password: string) =>
        call(api, "POST", "/auth/login", { json: { username: victim.username, password }, headers });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await login(`WrongPassword${i}!x`)).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      const right = await login("TestPassword123!");
      assertProblem(right, 429, "LOGIN_BLOCKED");
      assert.ok(Number(right.headers.get("retry-after")) > 0);
    } finally {
      await gw.close();
      await redis.kill();
    }
  },
});
