// Kill a real service process behind a gateway started here: 503 problem JSON within the breaker
// threshold, then fast 503s with no upstream attempt while open; restart it → traffic recovers by itself.
import assert from "node:assert/strict";
import { assertProblem, call, createUser, freePort, skipInBlackBox, USER_URL } from "../helpers.ts";
import { startGateway } from "../../gateway/src/testing.ts";
import { startEntrypoint } from "../processes.ts";

const startUserService = (port: number) => startEntrypoint("services/user/main.ts", port);

Deno.test("breaker: kill the user service → 503 problem JSON, breaker opens; restart → recovers by itself", {
  ignore: skipInBlackBox("starts and kills its own user service and gateway"),
}, async () => {
  const port = freePort();
  let service = await startUserService(port);
  const threshold = 3;
  const gw = await startGateway({
    USER_URL: `http://127.0.0.1:${port}`,
    BREAKER_FAILURES: String(threshold),
    BREAKER_HALF_OPEN_AFTER_MS: "500",
  });
  const api = `${gw.url}/api/v1`;
  try {
    const user = await createUser(USER_URL);
    assert.equal((await call(api, "GET", "/balance", { token: user.token })).status, 200);

    await service.kill();

    const codes: string[] = [];
    for (let i = 0; i < threshold; i++) {
      const res = await call(api, "GET", "/balance", { token: user.token });
      assertProblem(res, 503);
      codes.push((res.body as { code: string }).code);
    }
    assert.ok(codes.every((c) => c === "SERVICE_UNAVAILABLE"), codes.join());

    // Open: answered by the gateway itself. Timing is printed for the record, not asserted.
    const timings: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const res = await call(api, "GET", "/balance", { token: user.token });
      timings.push(performance.now() - t0);
      assertProblem(res, 503, "CIRCUIT_OPEN");
    }
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    assert.match(metrics, /gateway_circuit_breaker_state\{target_service="user"\} 1/);
    console.log(`open-circuit 503 latency: max ${Math.max(...timings).toFixed(1)} ms`);

    service = await startUserService(port);
    let res = await call(api, "GET", "/balance", { token: user.token });
    for (let i = 0; i < 100 && res.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await call(api, "GET", "/balance", { token: user.token });
    }
    assert.equal(res.status, 200, res.text);
    const ready = await call(gw.url, "GET", "/health/ready");
    assert.equal((ready.body as { breakers: Record<string, string> }).breakers.user, "closed");
  } finally {
    await gw.close();
    await service.kill();
  }
});
